package org.theano4j.tensor;

import static org.theano4j.tensor.GradCase.s;
import static org.theano4j.tensor.In.x;
import static org.theano4j.tensor.Row.FIXED;
import static org.theano4j.tensor.Row.FLOATS;
import static org.theano4j.tensor.Row.NUMERIC;
import static org.theano4j.tensor.Row.row;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/**
 * Op-table rows for the elementwise ops: every {@link Scalar}, and {@link Cast}. The row of
 * each function also says where its gradient is checked ({@link Grad}): a new differentiable
 * function needs no other test row.
 */
final class ElemwiseRows implements RowFamily {
  /**
   * Where a function's gradient is checked by autodiff's {@code GradCheckTableTest}: at random
   * points of magnitude in [lo, hi) at the standard shapes of its arity ({@link #UNARY_GRAD},
   * {@link #BINARY_GRAD}) or at given ones ({@link #grad}), by a case with an expression of its
   * own ({@link #gradBy}), or nowhere ({@link #NOT_DIFFERENTIABLE}, {@link #REFUSED}).
   */
  @FunctionalInterface
  private interface Grad {
    Row.Builder declare(Row.Builder row, int[][][] standardShapes);
  }

  /** One input: a vector, a matrix, a broadcastable rank-3 tensor and a scalar. */
  private static final int[][][] UNARY_GRAD = {{s(5)}, {s(2, 3)}, {s(2, 1, 3)}, {s()}};
  /** Two inputs: same shapes, broadcast row, outer broadcast, scalar with vector. */
  private static final int[][][] BINARY_GRAD = {{s(2, 3), s(2, 3)}, {s(2, 3), s(1, 3)},
      {s(4), s(3, 1)}, {s(), s(3)}};

  /** The gradient (a zero one: comparisons, rounding, bitwise) is not checked. */
  private static final Grad NOT_DIFFERENTIABLE = (row, shapes) -> row.notDifferentiable();
  /**
   * The gradient rule refuses by name (trigamma: no tetragamma), tested by autodiff's
   * {@code GradRulesCompletenessTest}.
   */
  private static final Grad REFUSED = (row, shapes) -> row;

  /** Checked at the arity's standard shapes with magnitudes in [lo, hi). */
  private static Grad grad(double lo, double hi, boolean signed) {
    return (row, shapes) -> row.gradAt(lo, hi, signed, shapes);
  }

  /** Checked at the given shape sets with magnitudes in [lo, hi). */
  private static Grad grad(double lo, double hi, boolean signed, int[][]... shapeSets) {
    return (row, shapes) -> row.gradAt(lo, hi, signed, shapeSets);
  }

  /** Checked by {@code c}, an expression of its own (e.g. keeping inside the domain). */
  private static Grad gradBy(GradCase c) {
    return (row, shapes) -> row.gradCheck(c);
  }

  /** The output-dtype rule of a row, restated from NumPy/Theano in {@link Reference}. */
  private interface Rule extends Function<List<DType>, DType> {}

  private static final Rule ARITH = Reference::arith;
  private static final Rule FLOAT = Reference::floatOut;
  private static final Rule BOOL = Reference::boolOut;
  private static final Rule SAME = Reference::promote;

  private static final List<DType> FLOATS_AND_INTS = List.of(DType.FLOAT32, DType.FLOAT64,
      DType.INT32, DType.INT8);
  private static final List<DType> LOGICAL = List.of(DType.INT32, DType.INT64, DType.INT8,
      DType.BOOL);

  private static final In.Values AWAY = r -> (0.5 + 2 * r.nextDouble()) * (r.nextBoolean() ? 1
      : -1);
  private static final In.Values DIVISOR = In.dual(AWAY, In.NONZERO_INT);
  private static final In.Values NUMERATOR = In.dual(r -> 4 * r.nextGaussian(),
      In.range(-9, 10));
  private static final In.Values ABOVE_MINUS_ONE = In.dual(r -> -0.9 + 3 * r.nextDouble(),
      In.range(0, 5));
  private static final In.Values POSITIVE = In.dual(In.POSITIVE, In.range(1, 6));
  /** Inside (-0.9, 0.9): away from the ends of arcsin, arccos and arctanh's domain. */
  private static final In.Values UNIT_OPEN = r -> 1.8 * r.nextDouble() - 0.9;
  private static final In.Values TIES = In.dual(In.HALVES, In.SMALL_INT);

  @Override
  public List<Row> rows() {
    List<Row> t = new ArrayList<>();
    // Arithmetic.
    t.add(binary("add", Scalar.ADD, T::add, (a, b) -> a + b, ARITH, NUMERIC, In.NORMAL,
        In.NORMAL, grad(0.2, 1, true)));
    t.add(binary("sub", Scalar.SUB, T::sub, (a, b) -> a - b, ARITH, NUMERIC, In.NORMAL,
        In.NORMAL, grad(0.2, 1, true)));
    t.add(binary("mul", Scalar.MUL, T::mul, (a, b) -> a * b, ARITH, NUMERIC, In.NORMAL,
        In.NORMAL, grad(0.2, 1, true)));
    t.add(binary("true_div", Scalar.TRUE_DIV, T::trueDiv, (a, b) -> a / b, FLOAT,
        FLOATS_AND_INTS, NUMERATOR, DIVISOR, grad(0.2, 1, true)));
    t.add(binary("int_div", Scalar.INT_DIV, T::intDiv, (a, b) -> Math.floor(a / b), ARITH,
        NUMERIC, NUMERATOR, DIVISOR, NOT_DIFFERENTIABLE));
    // The gradient check's divisor |y| + 1.5 keeps its points away from 0 and from the jumps of
    // x mod y.
    t.add(binary("mod", Scalar.MOD, T::mod, ElemwiseRows::pythonMod, ARITH, NUMERIC,
        NUMERATOR, DIVISOR,
        gradBy(GradCase.of("mod", v -> T.mod(v.get(0), T.add(T.abs(v.get(1)), 1.5)))
            .range(0.2, 1.3, true).shapes(s(2, 3), s(2, 3)).shapes(s(3), s(1)))));
    t.add(binary("pow", Scalar.POW, T::pow, Math::pow, ARITH, NUMERIC,
        In.dual(In.POSITIVE, In.SMALL_INT), In.dual(In.NORMAL, In.range(0, 4)),
        grad(0.5, 1.5, false, new int[][] {s(2, 3), s(2, 3)}, new int[][] {s(2, 3), s(1, 1)},
            new int[][] {s(3), s()})));
    t.add(binary("maximum", Scalar.MAXIMUM, T::maximum, Math::max, ARITH, NUMERIC, In.NORMAL,
        In.NORMAL, grad(0.2, 1, true)));
    t.add(binary("minimum", Scalar.MINIMUM, T::minimum, Math::min, ARITH, NUMERIC, In.NORMAL,
        In.NORMAL, grad(0.2, 1, true)));
    t.add(unary("neg", Scalar.NEG, T::neg, a -> -a, ARITH, NUMERIC, In.NORMAL, grad(0.2, 1, true)));
    t.add(unary("abs", Scalar.ABS, T::abs, Math::abs, ARITH, NUMERIC, In.NORMAL,
        grad(0.2, 1, true)));
    t.add(unary("sign", Scalar.SIGN, T::sign, ElemwiseRows::sign, ARITH, NUMERIC, TIES,
        NOT_DIFFERENTIABLE));
    t.add(unary("sqr", Scalar.SQR, T::sqr, a -> a * a, ARITH, NUMERIC, In.NORMAL,
        grad(0.2, 1, true)));
    t.add(unary("relu", Scalar.RELU, T::relu, a -> a > 0 ? a : 0, ARITH, NUMERIC, TIES,
        grad(0.2, 1, true)));
    t.add(unary("round", Scalar.ROUND, T::round, ElemwiseRows::roundHalfEven, ARITH,
        FLOATS_AND_INTS, TIES, NOT_DIFFERENTIABLE));
    t.add(unary("floor", Scalar.FLOOR, T::floor, Math::floor, ARITH, FLOATS_AND_INTS,
        NUMERATOR, NOT_DIFFERENTIABLE));
    t.add(unary("ceil", Scalar.CEIL, T::ceil, Math::ceil, ARITH, FLOATS_AND_INTS, NUMERATOR,
        NOT_DIFFERENTIABLE));
    // Transcendental: integers upgrade to float (int8 -> float32, int32 -> float64).
    t.add(unary("exp", Scalar.EXP, T::exp, Math::exp, FLOAT, FLOATS_AND_INTS, In.NORMAL,
        grad(0.2, 1, true)));
    t.add(unary("log", Scalar.LOG, T::log, Math::log, FLOAT, FLOATS_AND_INTS, POSITIVE,
        grad(0.3, 2, false)));
    t.add(unary("log1p", Scalar.LOG1P, T::log1p, a -> Math.log(1 + a), FLOAT,
        FLOATS_AND_INTS, ABOVE_MINUS_ONE, grad(0.1, 2, false)));
    t.add(unary("expm1", Scalar.EXPM1, T::expm1, a -> Math.exp(a) - 1, FLOAT,
        FLOATS_AND_INTS, In.dual(r -> 2 + r.nextGaussian(), In.SMALL_INT), grad(0.2, 1, true)));
    t.add(unary("sqrt", Scalar.SQRT, T::sqrt, Math::sqrt, FLOAT, FLOATS_AND_INTS, POSITIVE,
        grad(0.3, 2, false)));
    t.add(unary("tanh", Scalar.TANH, T::tanh, ElemwiseRows::tanh, FLOAT, FLOATS_AND_INTS,
        In.NORMAL, grad(0.1, 1.5, true)));
    t.add(unary("sigmoid", Scalar.SIGMOID, T::sigmoid, a -> 1 / (1 + Math.exp(-a)), FLOAT,
        FLOATS_AND_INTS, In.WIDE, grad(0.1, 3, true)));
    t.add(unary("softplus", Scalar.SOFTPLUS, T::softplus, a -> Math.log(1 + Math.exp(a)),
        FLOAT, FLOATS_AND_INTS, In.WIDE, grad(0.1, 3, true)));
    // Theano's NN activations, against their definitions written out
    t.add(binary("elu", Scalar.ELU, T::elu, (a, alpha) -> a > 0 ? a : alpha * (Math.exp(a) - 1),
        FLOAT, FLOATS_AND_INTS, In.NORMAL, POSITIVE, grad(0.1, 2, true,
            new int[][] {s(2, 3), s(2, 3)}, new int[][] {s(2, 3), s()})));
    t.add(unary("hard_sigmoid", Scalar.HARD_SIGMOID, T::hardSigmoid,
        a -> a < -2.5 ? 0 : a > 2.5 ? 1 : a / 5 + 0.5, FLOAT, FLOATS_AND_INTS, In.WIDE,
        grad(0.1, 2, true)));
    t.add(unary("softsign", Scalar.SOFTSIGN, T::softsign, a -> a / (1 + Math.abs(a)), FLOAT,
        FLOATS_AND_INTS, In.WIDE, grad(0.1, 3, true)));
    t.add(unary("sin", Scalar.SIN, T::sin, Math::sin, FLOAT, FLOATS_AND_INTS, In.WIDE,
        grad(0.1, 3, true)));
    t.add(unary("cos", Scalar.COS, T::cos, Math::cos, FLOAT, FLOATS_AND_INTS, In.WIDE,
        grad(0.1, 3, true)));
    t.add(unary("tan", Scalar.TAN, T::tan, a -> Math.sin(a) / Math.cos(a), FLOAT,
        FLOATS_AND_INTS, In.dual(r -> 2.8 * r.nextDouble() - 1.4, In.range(-1, 2)),
        grad(0.1, 1.2, true)));
    t.add(unary("log2", Scalar.LOG2, T::log2, a -> Math.log(a) / Math.log(2), FLOAT,
        FLOATS_AND_INTS, POSITIVE, grad(0.3, 2, false)));
    // Special functions against independent references: erf by Simpson's rule on its
    // integral, erfinv by bisection on that, gammaln and psi by the recurrence to x + 30 and Stirling's series there.
    t.add(unary("erf", Scalar.ERF, T::erf, ElemwiseRows::erfBySimpson, FLOAT, FLOATS_AND_INTS,
        In.dual(r -> 6 * r.nextDouble() - 3, In.range(-3, 4)), grad(0.1, 2, true)));
    t.add(unary("erfc", Scalar.ERFC, T::erfc, a -> 1 - erfBySimpson(a), FLOAT, FLOATS_AND_INTS,
        In.dual(r -> 4 * r.nextDouble() - 2, In.range(-2, 3)), grad(0.1, 2, true)));
    t.add(unary("erfinv", Scalar.ERFINV, T::erfinv, ElemwiseRows::erfinvByBisection, FLOAT,
        FLOATS_AND_INTS, In.dual(r -> 1.8 * r.nextDouble() - 0.9, In.range(-1, 2)),
        grad(0.05, 0.8, true)));
    t.add(unary("gammaln", Scalar.GAMMALN, T::gammaln, ElemwiseRows::lgammaByStirling, FLOAT,
        FLOATS_AND_INTS, POSITIVE, grad(0.2, 4, false)));
    t.add(unary("psi", Scalar.PSI, T::psi, ElemwiseRows::psiByStirling, FLOAT,
        FLOATS_AND_INTS, POSITIVE, grad(0.3, 4, false)));
    t.add(unary("trigamma", Scalar.TRIGAMMA, T::trigamma, ElemwiseRows::trigammaBySum, FLOAT,
        FLOATS_AND_INTS, POSITIVE, REFUSED));
    // Independent references: other identities than the lanes' library calls.
    t.add(unary("cbrt", Scalar.CBRT, T::cbrt, ElemwiseRows::cubeRootByNewton, FLOAT,
        FLOATS_AND_INTS, In.dual(In.WIDE, In.range(-9, 10)), grad(0.2, 3, true)));
    t.add(unary("log10", Scalar.LOG10, T::log10, a -> Math.log(a) / Math.log(10), FLOAT,
        FLOATS_AND_INTS, POSITIVE, grad(0.3, 2, false)));
    t.add(unary("exp2", Scalar.EXP2, T::exp2, a -> Math.exp(a * Math.log(2)), FLOAT,
        FLOATS_AND_INTS, In.dual(In.WIDE, In.range(-5, 10)), grad(0.2, 2, true)));
    t.add(unary("arcsin", Scalar.ARCSIN, T::arcsin, a -> Math.atan(a / Math.sqrt(1 - a * a)),
        FLOAT, FLOATS_AND_INTS, In.dual(UNIT_OPEN, In.range(0, 1)), grad(0.1, 0.8, true)));
    t.add(unary("arccos", Scalar.ARCCOS, T::arccos,
        a -> 2 * Math.atan(Math.sqrt((1 - a) / (1 + a))), FLOAT, FLOATS_AND_INTS,
        In.dual(UNIT_OPEN, In.range(0, 2)), grad(0.1, 0.8, true)));
    t.add(unary("arctan", Scalar.ARCTAN, T::arctan, a -> Math.asin(a / Math.sqrt(1 + a * a)),
        FLOAT, FLOATS_AND_INTS, In.WIDE, grad(0.1, 3, true)));
    t.add(binary("arctan2", Scalar.ARCTAN2, T::arctan2, ElemwiseRows::angle, FLOAT,
        FLOATS_AND_INTS, In.NORMAL, In.NORMAL, grad(0.3, 2, true, new int[][] {s(2, 3), s(2, 3)},
            new int[][] {s(2, 3), s(1, 3)}, new int[][] {s(3), s()})));
    t.add(unary("sinh", Scalar.SINH, T::sinh, a -> (Math.exp(a) - Math.exp(-a)) / 2, FLOAT,
        FLOATS_AND_INTS, In.dual(AWAY, In.SMALL_INT), grad(0.1, 2, true)));
    t.add(unary("cosh", Scalar.COSH, T::cosh, a -> (Math.exp(a) + Math.exp(-a)) / 2, FLOAT,
        FLOATS_AND_INTS, In.NORMAL, grad(0.1, 2, true)));
    t.add(unary("arcsinh", Scalar.ARCSINH, T::arcsinh,
        a -> Math.copySign(Math.log(Math.abs(a) + Math.sqrt(a * a + 1)), a), FLOAT,
        FLOATS_AND_INTS, In.dual(AWAY, In.SMALL_INT), grad(0.1, 3, true)));
    t.add(unary("arccosh", Scalar.ARCCOSH, T::arccosh,
        a -> Math.log(a + Math.sqrt(a * a - 1)), FLOAT, FLOATS_AND_INTS,
        In.dual(r -> 1.1 + 3 * r.nextDouble(), In.range(1, 6)), grad(1.2, 3, false)));
    t.add(unary("arctanh", Scalar.ARCTANH, T::arctanh,
        a -> 0.5 * Math.log((1 + a) / (1 - a)), FLOAT, FLOATS_AND_INTS,
        In.dual(UNIT_OPEN, In.range(0, 1)), grad(0.1, 0.8, true)));
    // Comparisons give bool; small integer values make ties.
    t.add(binary("eq", Scalar.EQ, T::eq, (a, b) -> a == b ? 1 : 0, BOOL, NUMERIC,
        In.SMALL_INT, In.SMALL_INT, NOT_DIFFERENTIABLE));
    t.add(binary("neq", Scalar.NEQ, T::neq, (a, b) -> a != b ? 1 : 0, BOOL, NUMERIC,
        In.SMALL_INT, In.SMALL_INT, NOT_DIFFERENTIABLE));
    t.add(binary("lt", Scalar.LT, T::lt, (a, b) -> a < b ? 1 : 0, BOOL, NUMERIC,
        In.SMALL_INT, In.SMALL_INT, NOT_DIFFERENTIABLE));
    t.add(binary("le", Scalar.LE, T::le, (a, b) -> a <= b ? 1 : 0, BOOL, NUMERIC,
        In.SMALL_INT, In.SMALL_INT, NOT_DIFFERENTIABLE));
    t.add(binary("gt", Scalar.GT, T::gt, (a, b) -> a > b ? 1 : 0, BOOL, NUMERIC,
        In.SMALL_INT, In.SMALL_INT, NOT_DIFFERENTIABLE));
    t.add(binary("ge", Scalar.GE, T::ge, (a, b) -> a >= b ? 1 : 0, BOOL, NUMERIC,
        In.SMALL_INT, In.SMALL_INT, NOT_DIFFERENTIABLE));
    t.add(unary("isnan", Scalar.ISNAN, T::isnan, a -> Double.isNaN(a) ? 1 : 0, BOOL, NUMERIC,
        In.dual(r -> r.nextInt(3) == 0 ? Double.NaN : r.nextGaussian(), In.SMALL_INT),
        NOT_DIFFERENTIABLE));
    t.add(unary("isinf", Scalar.ISINF, T::isinf, a -> Double.isInfinite(a) ? 1 : 0, BOOL,
        NUMERIC, In.dual(ElemwiseRows::nonFinite, In.SMALL_INT), NOT_DIFFERENTIABLE));
    // Logical (bool) / bitwise (integers).
    t.add(binary("and", Scalar.AND, T::and, (a, b) -> (long) a & (long) b, SAME, LOGICAL,
        In.NORMAL, In.NORMAL, NOT_DIFFERENTIABLE));
    t.add(binary("or", Scalar.OR, T::or, (a, b) -> (long) a | (long) b, SAME, LOGICAL,
        In.NORMAL, In.NORMAL, NOT_DIFFERENTIABLE));
    t.add(binary("xor", Scalar.XOR, T::xor, (a, b) -> (long) a ^ (long) b, SAME, LOGICAL,
        In.NORMAL, In.NORMAL, NOT_DIFFERENTIABLE));
    t.add(row("not", Scalar.NOT).dtypes(LOGICAL).build1(T::not)
        .ref1(a -> Reference.map(a.dtype(), a.dtype() == DType.BOOL ? v -> v[0] == 0 ? 1 : 0
            : v -> ~(long) v[0], List.of(a)))
        .withEach(unaryShapes(In.NORMAL)).notDifferentiable().done());
    t.addAll(ternaryRows());
    t.addAll(mixedDTypeRows());
    t.addAll(castRows());
    return t;
  }

  private static List<Row> ternaryRows() {
    List<Row> t = new ArrayList<>();
    Reference.Fn clip = v -> Math.min(Math.max(v[0], v[1]), v[2]);
    t.add(row("clip", Scalar.CLIP).dtypes(NUMERIC)
        .build(in -> T.clip(in.get(0), in.get(1), in.get(2)))
        .ref(in -> Reference.map(Reference.arith(dtypes(in)), clip, in))
        .with(x(3, 4), x().values(In.fixed(-0.5)), x().values(In.fixed(1)))
        .with(x(4, 3).transposed(), x(1, 3).bcast().values(r -> -r.nextDouble()),
            x(3).values(r -> r.nextDouble()))
        .with(x(2, 3, 4).reversed(), x(4).values(In.fixed(-1)), x(3, 1).bcast()
            .values(In.fixed(2)))
        // The upper bound z + 0.3 keeps the points away from lo == hi.
        .gradCheck(GradCase.of("clip", v -> T.clip(v.get(0), v.get(1), T.add(v.get(2), 0.3)))
            .range(0.05, 1, true).shapes(s(3, 4), s(3, 4), s(3, 4)).shapes(s(6), s(), s(1)))
        .done());
    // Java numbers adopt the tensor's dtype (Theano's autocast).
    t.add(row("clip with literals", Scalar.CLIP).dtypes(NUMERIC)
        .build1(a -> T.clip(a, -1, 2))
        .ref1(a -> Reference.map(a.dtype(), v -> Math.min(Math.max(v[0], -1), 2), List.of(a)))
        .withEach(unaryShapes(In.dual(In.WIDE, In.SMALL_INT))).done());
    Reference.Fn choose = v -> v[0] != 0 ? v[1] : v[2];
    t.add(row("switch", Scalar.SWITCH).dtypes(NUMERIC)
        .build(in -> T.where(in.get(0), in.get(1), in.get(2)))
        .ref(in -> Reference.map(Reference.promote(in.get(1).dtype(), in.get(2).dtype()),
            choose, in))
        .with(In.of(DType.BOOL, 3, 4), x(3, 4), x(3, 4))
        .with(In.of(DType.BOOL, 1, 4).bcast(), x(3, 4).transposed(), x())
        .with(In.of(DType.BOOL, 2, 3, 4).strided(), x(3, 1).bcast(), x(4))
        .with(In.of(DType.INT32, 3, 4), x(3, 4).reversed(), In.of(DType.FLOAT64, 3, 4))
        .with(In.of(DType.FLOAT32, 3, 4).values(In.SMALL_INT), In.of(DType.INT8, 3, 4), x(3, 4))
        // A float condition of the inputs, so both branches and the condition get gradients.
        .gradCheck(GradCase.of("switch", v -> T.where(T.gt(v.get(0), 0),
            T.mul(v.get(0), v.get(1)), T.exp(v.get(1))))
            .shapes(s(2, 3), s(2, 3)).shapes(s(2, 3), s(1, 3)))
        .done());
    t.add(row("where(x > 0, x, y)", Scalar.SWITCH, Scalar.GT).dtypes(FLOATS)
        .build2((a, b) -> T.where(a.gt(0), a, b))
        .ref2((a, b) -> Reference.map(a.dtype(), v -> v[0] > 0 ? v[0] : v[1], List.of(a, b)))
        .withEach(binaryShapes(In.NORMAL, In.NORMAL)).done());
    return t;
  }

  private static List<Row> mixedDTypeRows() {
    List<Row> t = new ArrayList<>();
    DType[][] pairs = {
      {DType.INT32, DType.FLOAT32}, {DType.INT8, DType.FLOAT32}, {DType.UINT8, DType.INT8},
      {DType.BOOL, DType.BOOL}, {DType.INT64, DType.FLOAT64}, {DType.INT16, DType.INT32},
      {DType.BOOL, DType.FLOAT32}, {DType.UINT8, DType.FLOAT32}, {DType.FLOAT32, DType.FLOAT64},
      {DType.INT8, DType.INT64},
    };
    for (DType[] p : pairs) {
      In a = In.of(p[0], 3, 4).values(p[0] == DType.UINT8 ? In.range(0, 9) : In.NORMAL);
      In b = In.of(p[1], 1, 4).bcast().values(p[1] == DType.UINT8 ? In.range(0, 9) : In.NORMAL);
      t.add(row("add " + p[0] + "+" + p[1], Scalar.ADD).dtypes(FIXED).build2(T::add)
          .ref(in -> Reference.map(Reference.arith(dtypes(in)), v -> v[0] + v[1], in))
          .with(a, b).with(b, a.transposed()).done());
      t.add(row("gt " + p[0] + ">" + p[1], Scalar.GT).dtypes(FIXED).build2(T::gt)
          .ref(in -> Reference.map(DType.BOOL, v -> v[0] > v[1] ? 1 : 0, in))
          .with(a, b).done());
    }
    t.addAll(boolRows());
    t.add(row("true_div int32/int32", Scalar.TRUE_DIV).dtypes(FIXED).build2(T::trueDiv)
        .ref(in -> Reference.map(DType.FLOAT64, v -> v[0] / v[1], in))
        .with(In.of(DType.INT32, 3, 4), In.of(DType.INT32, 3, 4).values(In.NONZERO_INT)).done());
    // Java literals adopt the tensor's dtype where exact (Theano's autocast).
    t.add(row("mul by 0.13 literal", Scalar.MUL).dtypes(FLOATS).build1(a -> a.mul(0.13))
        .ref1(a -> Reference.map(a.dtype(), v -> v[0] * Reference.convert(0.13, a.dtype()),
            List.of(a)))
        .withEach(unaryShapes(In.NORMAL)).done());
    t.add(row("add 2 literal", Scalar.ADD).dtypes(NUMERIC).build1(a -> a.add(2))
        .ref1(a -> Reference.map(a.dtype(), v -> v[0] + 2, List.of(a)))
        .withEach(unaryShapes(In.NORMAL)).done());
    return t;
  }

  /**
   * Arithmetic of bools, with NumPy's dtypes: add is or, mul is and, maximum/minimum/abs/
   * floor/ceil stay bool; int_div, mod and sqr give int8 (np.square(True) is int8 1); round
   * gives float32 (NumPy's float16, which we lack, and Theano's float32).
   */
  private static List<Row> boolRows() {
    List<Row> t = new ArrayList<>();
    In a = In.of(DType.BOOL, 3, 4);
    In b = In.of(DType.BOOL, 1, 4).bcast();
    Object[][] binary = {
      {Scalar.ADD, (BiFunction<Variable, Variable, Variable>) T::add, DType.BOOL,
          (DoubleBinaryOperator) (x, y) -> x + y},
      {Scalar.MUL, (BiFunction<Variable, Variable, Variable>) T::mul, DType.BOOL,
          (DoubleBinaryOperator) (x, y) -> x * y},
      {Scalar.MAXIMUM, (BiFunction<Variable, Variable, Variable>) T::maximum, DType.BOOL,
          (DoubleBinaryOperator) Math::max},
      {Scalar.MINIMUM, (BiFunction<Variable, Variable, Variable>) T::minimum, DType.BOOL,
          (DoubleBinaryOperator) Math::min},
      {Scalar.POW, (BiFunction<Variable, Variable, Variable>) T::pow, DType.INT8,
          (DoubleBinaryOperator) Math::pow},
    };
    for (Object[] r : binary) {
      @SuppressWarnings("unchecked")
      BiFunction<Variable, Variable, Variable> f = (BiFunction<Variable, Variable, Variable>) r[1];
      DType out = (DType) r[2];
      DoubleBinaryOperator g = (DoubleBinaryOperator) r[3];
      t.add(row(((Scalar) r[0]).opName() + " bool,bool", (Scalar) r[0]).dtypes(FIXED).build2(f)
          .ref(in -> Reference.map(out, v -> g.applyAsDouble(v[0], v[1]), in))
          .with(a, b).with(b, a.transposed()).done());
    }
    Object[][] unary = {
      {Scalar.ABS, (Function<Variable, Variable>) T::abs, DType.BOOL,
          (DoubleUnaryOperator) Math::abs},
      {Scalar.FLOOR, (Function<Variable, Variable>) T::floor, DType.BOOL,
          (DoubleUnaryOperator) Math::floor},
      {Scalar.CEIL, (Function<Variable, Variable>) T::ceil, DType.BOOL,
          (DoubleUnaryOperator) Math::ceil},
      {Scalar.SQR, (Function<Variable, Variable>) T::sqr, DType.INT8,
          (DoubleUnaryOperator) x -> x * x},
      {Scalar.ROUND, (Function<Variable, Variable>) T::round, DType.FLOAT32,
          (DoubleUnaryOperator) Math::rint},
    };
    for (Object[] r : unary) {
      @SuppressWarnings("unchecked")
      Function<Variable, Variable> f = (Function<Variable, Variable>) r[1];
      DType out = (DType) r[2];
      DoubleUnaryOperator g = (DoubleUnaryOperator) r[3];
      t.add(row(((Scalar) r[0]).opName() + " bool", (Scalar) r[0]).dtypes(FIXED).build1(f)
          .ref1(x -> Reference.map(out, v -> g.applyAsDouble(v[0]), List.of(x)))
          .with(a).with(In.of(DType.BOOL)).done());
    }
    return t;
  }

  /** The gradient of a cast: back through float32 and multiplied by the float64 input. */
  @Override
  public List<GradCase> gradChecks() {
    GradCase cast = GradCase.of("cast", v -> T.cast(v.get(0), DType.FLOAT32).mul(v.get(0)))
        .range(0.2, 1, true);
    for (int[][] shapes : UNARY_GRAD) {
      cast.shapes(shapes);
    }
    return List.of(cast);
  }

  private static List<Row> castRows() {
    List<Row> t = new ArrayList<>();
    DType[][] pairs = {
      {DType.FLOAT64, DType.INT32}, {DType.FLOAT32, DType.INT64}, {DType.FLOAT64, DType.INT8},
      {DType.FLOAT32, DType.BOOL}, {DType.FLOAT32, DType.FLOAT64}, {DType.FLOAT64, DType.FLOAT32},
      {DType.INT64, DType.INT8}, {DType.INT32, DType.UINT8}, {DType.INT32, DType.FLOAT32},
      {DType.INT64, DType.FLOAT64}, {DType.BOOL, DType.FLOAT32}, {DType.INT8, DType.BOOL},
      {DType.UINT8, DType.INT32}, {DType.INT16, DType.FLOAT64},
    };
    for (DType[] p : pairs) {
      DType to = p[1];
      In.Values vals = p[0] == DType.UINT8 ? In.range(0, 256)
          : p[0].isFloat() ? In.WIDE : p[0] == DType.INT64 || p[0] == DType.INT32
          ? In.range(-300, 300) : In.NORMAL;
      In a = In.of(p[0], 3, 4).values(vals);
      t.add(row("cast " + p[0] + "->" + to, Elemwise.class, Cast.class).dtypes(FIXED)
          .build1(v -> v.astype(to))
          .ref1(v -> Reference.cast(v, to))
          .with(a).with(In.of(p[0], 2, 3, 4).values(vals).transposed())
          .with(In.of(p[0]).values(vals)).done());
    }
    return t;
  }

  /** erf(x) = 2/sqrt(pi) * integral_0^x exp(-t^2) dt by composite Simpson, 2000 panels. */
  static double erfBySimpson(double x) {
    int n = 2000;
    double h = x / n;
    double sum = 1 + Math.exp(-x * x);
    for (int i = 1; i < n; i++) {
      double t = i * h;
      sum += (i % 2 == 1 ? 4 : 2) * Math.exp(-t * t);
    }
    return 2 / Math.sqrt(Math.PI) * sum * h / 3;
  }

  /** erfinv by bisection on {@link #erfBySimpson} over [-6, 6]; ±inf at ±1. */
  static double erfinvByBisection(double x) {
    if (Math.abs(x) == 1) {
      return Math.copySign(Double.POSITIVE_INFINITY, x);
    }
    double lo = -6;
    double hi = 6;
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      if (erfBySimpson(mid) < x) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  /** lgamma(x) = lgamma(x + 30) - sum log(x + k), Stirling's series with four terms at x + 30. */
  static double lgammaByStirling(double x) {
    double y = x + 30;
    double s = 0;
    for (int k = 0; k < 30; k++) {
      s += Math.log(x + k);
    }
    return (y - 0.5) * Math.log(y) - y + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * y)
        - 1 / (360 * y * y * y) + 1 / (1260 * Math.pow(y, 5)) - s;
  }

  /** psi(x) = psi(x + 30) - sum 1/(x + k), the asymptotic series with four terms at x + 30. */
  static double psiByStirling(double x) {
    double y = x + 30;
    double s = 0;
    for (int k = 0; k < 30; k++) {
      s += 1 / (x + k);
    }
    return Math.log(y) - 1 / (2 * y) - 1 / (12 * y * y) + 1 / (120 * Math.pow(y, 4))
        - 1 / (252 * Math.pow(y, 6)) - s;
  }

  /** trigamma(x) = sum_{k >= 0} 1/(x + k)^2: 10^5 terms and the integral of the tail. */
  static double trigammaBySum(double x) {
    int n = 100_000;
    double s = 0;
    for (int k = n - 1; k >= 0; k--) {
      s += 1 / ((x + k) * (x + k));
    }
    double y = x + n;
    return s + 1 / y + 1 / (2 * y * y);
  }

  /** The real cube root: {@code |a|^(1/3)} by {@code pow}, then one Newton step on r³ = a. */
  private static double cubeRootByNewton(double a) {
    if (a == 0 || !Double.isFinite(a)) {
      return a;
    }
    double r = Math.copySign(Math.pow(Math.abs(a), 1.0 / 3), a);
    return r - (r * r * r - a) / (3 * r * r);
  }

  private static Row unary(String name, Scalar s, Function<Variable, Variable> build,
      DoubleUnaryOperator f, Rule rule, List<DType> dts, In.Values vals, Grad grad) {
    return grad.declare(row(name, s).dtypes(dts).build1(build)
        .ref(in -> Reference.map(rule.apply(dtypes(in)), v -> f.applyAsDouble(v[0]), in))
        .withEach(unaryShapes(vals)), UNARY_GRAD).done();
  }

  private static Row binary(String name, Scalar s, BiFunction<Object, Object, Variable> build,
      DoubleBinaryOperator f, Rule rule, List<DType> dts, In.Values va, In.Values vb,
      Grad grad) {
    return grad.declare(row(name, s).dtypes(dts).build2(build::apply)
        .ref(in -> Reference.map(rule.apply(dtypes(in)), v -> f.applyAsDouble(v[0], v[1]), in))
        .withEach(binaryShapes(va, vb)), BINARY_GRAD).done();
  }

  static List<List<In>> unaryShapes(In.Values v) {
    return List.of(List.of(x(3, 4).values(v)), List.of(x(2, 3, 4).values(v).transposed()),
        List.of(x(7).values(v).strided()), List.of(x().values(v)),
        List.of(x(4, 3).values(v).reversed()), List.of(x(1, 5).values(v).bcast()));
  }

  static List<List<In>> binaryShapes(In.Values va, In.Values vb) {
    return List.of(
        List.of(x(3, 4).values(va), x(3, 4).values(vb)),
        List.of(x(3, 4).values(va), x(1, 4).values(vb).bcast()),
        List.of(x(2, 3, 4).values(va), x(4).values(vb).reversed()),
        List.of(x(3, 1).values(va).bcast(), x(1, 4).values(vb).bcast()),
        List.of(x(4, 3).values(va).transposed(), x(4, 3).values(vb).strided()),
        List.of(x().values(va), x(3, 4).values(vb)),
        List.of(x(2, 1, 3).values(va).bcast().transposed(), x(2, 5, 3).values(vb).strided()));
  }

  static List<DType> dtypes(List<RefArray> in) {
    List<DType> d = new ArrayList<>();
    for (RefArray a : in) {
      d.add(a.dtype());
    }
    return d;
  }

  /** Python's {@code a % b}: the remainder takes the sign of the divisor. */
  static double pythonMod(double a, double b) {
    double r = a % b;
    return r != 0 && (r < 0) != (b < 0) ? r + b : r;
  }

  static double sign(double a) {
    return a > 0 ? 1 : a < 0 ? -1 : 0;
  }

  /** Round half to even (NumPy's {@code round}). */
  static double roundHalfEven(double a) {
    double f = Math.floor(a);
    double d = a - f;
    if (d != 0.5) {
      return d < 0.5 ? f : f + 1;
    }
    return f % 2 == 0 ? f : f + 1;
  }

  /** {@code (e^2a - 1) / (e^2a + 1)}, written in a form that does not overflow. */
  static double tanh(double a) {
    double e = Math.exp(-2 * Math.abs(a));
    return Math.signum(a) * (1 - e) / (1 + e);
  }

  /**
   * The angle of the point (x, y) by quadrant from {@code atan(y / x)} (the definition, not
   * {@code Math.atan2}): y's sign picks +pi or -pi left of the y axis.
   */
  private static double angle(double y, double x) {
    if (x > 0) {
      return Math.atan(y / x);
    }
    if (x < 0) {
      return Math.atan(y / x) + (y >= 0 ? Math.PI : -Math.PI);
    }
    return y > 0 ? Math.PI / 2 : y < 0 ? -Math.PI / 2 : 0;
  }

  /** +inf, -inf, NaN or a normal value, each about a quarter of the time. */
  private static double nonFinite(java.util.Random r) {
    switch (r.nextInt(4)) {
      case 0: return Double.POSITIVE_INFINITY;
      case 1: return Double.NEGATIVE_INFINITY;
      case 2: return Double.NaN;
      default: return r.nextGaussian();
    }
  }
}
