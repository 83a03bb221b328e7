package org.theano4j.tensor;

import java.util.List;
import java.util.Locale;
import org.theano4j.apigen.Api;
import org.theano4j.ndarray.DType;

/**
 * The primitive scalar functions of elementwise ops: the one table that says, for each
 * function, everything a backend needs to know.
 *
 * <ul>
 *   <li>its arity and <b>dtype rule</b> ({@link #outputDType}, {@link #computeDType});
 *   <li>its <b>reference evaluation</b> in the two lanes every backend computes in: a
 *       {@link DoubleLane} for float computations and a {@link LongLane} for exact integer/bool
 *       ones (results are wrapped to the output dtype when stored). The JVM chunk loops
 *       ({@code jvm.ScalarLoops}), the CUDA kernel interpreter ({@code cuda.interp}) and constant
 *       folding (which runs the JVM kernels) all evaluate through these; a lane a function does
 *       not have (bitwise functions on floats, transcendental functions on integers, whose
 *       dtype rules never ask for it) is absent, and asking for it is an
 *       {@link UnsupportedOperationException};
 *   <li>its <b>C expression</b> for the CUDA renderer ({@code cuda.render.ScalarCalls}), a
 *       template per lane in which {@code $a}, {@code $b}, {@code $c} stand for the rendered
 *       arguments and {@code $t} for the lane's C type; the helper functions it calls
 *       ({@code t4j_*}) are defined once in {@code cuda.render.Prelude}.
 * </ul>
 *
 * <p>Every constant is also public API: the build generates {@code T.<name>(Object x...)} from
 * it ({@code @Api} on this enum; the name is the constant's in lower camel case, the number of
 * parameters its arity, the first constructor argument, and the javadoc its doc comment; an
 * {@code @Api} on a constant renames it or its parameters). Adding an elementwise function is
 * a constant here, its gradient (or its listing as zero-gradient) in
 * {@code autodiff.ElemwiseGrads}, and its test rows (see docs/architecture.md, "How to add an
 * op").
 *
 * <p>The dtype rules are Theano's:
 *
 * <ul>
 *   <li>{@link Rule#ARITH}: the promoted input dtype; what all-bool inputs give is the op's
 *       {@link Bools} rule (NumPy's: {@code add} of bools is bool, {@code int_div} int8,
 *       {@code sub} refused);
 *   <li>{@link Rule#FLOAT}: the promoted dtype upgraded to a float (int32 to float64);
 *   <li>{@link Rule#COMPARE}: bool, computed in the promoted input dtype;
 *   <li>{@link Rule#LOGIC}: integers or bool only, bitwise for integers;
 *   <li>{@link Rule#SELECT}: {@code switch(cond, a, b)} gives the promotion of a and b.
 * </ul>
 */
@Api
public enum Scalar implements ScalarOp {
  // Arithmetic.
  ADD(2, Bools.KEEP, (a, b, c) -> a + b, (a, b, c) -> a + b, "($a + $b)"),
  SUB(2, Bools.REFUSE, (a, b, c) -> a - b, (a, b, c) -> a - b, "($a - $b)"),
  MUL(2, Bools.KEEP, (a, b, c) -> a * b, (a, b, c) -> a * b, "($a * $b)"),
  /** {@code a / b}; integer inputs give a float result. */
  TRUE_DIV(2, Rule.FLOAT, (a, b, c) -> a / b, null, "($a / $b)"),
  /** {@code a // b}: floor division, as Python's. */
  INT_DIV(2, Bools.INT8, (a, b, c) -> ScalarMath.floorDiv(a, b),
      (a, b, c) -> ScalarMath.floorDiv(a, b), "t4j_floor_divide($a, $b)", "t4j_floordiv($a, $b)"),
  /** {@code a % b} with the sign of {@code b}, as Python's. */
  MOD(2, Bools.INT8, (a, b, c) -> ScalarMath.pyMod(a, b), (a, b, c) -> ScalarMath.floorMod(a, b),
      "t4j_mod($a, $b)", "t4j_floormod($a, $b)"),
  POW(2, Bools.INT8, (a, b, c) -> ScalarMath.pow(a, b), (a, b, c) -> ScalarMath.ipow(a, b),
      "pow($a, $b)", "t4j_ipow($a, $b)"),
  MAXIMUM(2, Bools.KEEP, (a, b, c) -> Math.max(a, b), (a, b, c) -> Math.max(a, b),
      "t4j_maximum($a, $b)"),
  MINIMUM(2, Bools.KEEP, (a, b, c) -> Math.min(a, b), (a, b, c) -> Math.min(a, b),
      "t4j_minimum($a, $b)"),
  NEG(1, Bools.REFUSE, (a, b, c) -> -a, (a, b, c) -> -a, "(-$a)"),
  ABS(1, Bools.KEEP, (a, b, c) -> Math.abs(a), (a, b, c) -> Math.abs(a), "fabs($a)", "llabs($a)"),
  SIGN(1, Bools.REFUSE, (a, b, c) -> ScalarMath.sign(a), (a, b, c) -> Long.signum(a),
      "t4j_sign($a)"),
  SQR(1, Bools.INT8, (a, b, c) -> a * a, (a, b, c) -> a * a, "($a * $a)"),
  RELU(1, Bools.KEEP, (a, b, c) -> Math.max(a, 0.0), (a, b, c) -> Math.max(a, 0),
      "t4j_maximum($a, ($t) 0)"),
  // Integers are already whole: rounding them is the identity.
  /** Rounds half to even, as NumPy's {@code round}. */
  ROUND(1, Bools.FLOAT32, (a, b, c) -> Math.rint(a), (a, b, c) -> a, "rint($a)", "$a"),
  FLOOR(1, Bools.KEEP, (a, b, c) -> Math.floor(a), (a, b, c) -> a, "floor($a)", "$a"),
  CEIL(1, Bools.KEEP, (a, b, c) -> Math.ceil(a), (a, b, c) -> a, "ceil($a)", "$a"),
  // Transcendental: float results only (integers upgrade to a float first).
  EXP(1, Rule.FLOAT, (a, b, c) -> DoubleMath.exp(a), null, "exp($a)"),
  LOG(1, Rule.FLOAT, (a, b, c) -> DoubleMath.log(a), null, "log($a)"),
  LOG1P(1, Rule.FLOAT, (a, b, c) -> DoubleMath.log1p(a), null, "log1p($a)"),
  EXPM1(1, Rule.FLOAT, (a, b, c) -> DoubleMath.expm1(a), null, "expm1($a)"),
  SQRT(1, Rule.FLOAT, (a, b, c) -> Math.sqrt(a), null, "sqrt($a)"),
  TANH(1, Rule.FLOAT, (a, b, c) -> DoubleMath.tanh(a), null, "tanh($a)"),
  SIGMOID(1, Rule.FLOAT, (a, b, c) -> DoubleMath.sigmoid(a), null, "t4j_sigmoid($a)"),
  /** {@code log(1 + exp(x))}, computed without overflow. */
  SOFTPLUS(1, Rule.FLOAT, (a, b, c) -> DoubleMath.softplus(a), null, "t4j_softplus($a)"),
  /**
   * Theano's {@code elu(x, alpha)} (Clevert et al.'s exponential linear unit): {@code x} where
   * {@code x > 0}, else {@code alpha * (exp(x) - 1)}.
   */
  @Api(params = {"x", "alpha"})
  ELU(2, Rule.FLOAT, (a, b, c) -> a > 0 ? a : b * DoubleMath.expm1(a), null,
      "($a > ($t) 0 ? $a : $b * expm1($a))"),
  /** Theano's {@code hard_sigmoid}: {@code clip(0.2 x + 0.5, 0, 1)}. */
  HARD_SIGMOID(1, Rule.FLOAT, (a, b, c) -> ScalarMath.clip(0.2 * a + 0.5, 0, 1), null,
      "t4j_minimum(t4j_maximum(($t) 0.2 * $a + ($t) 0.5, ($t) 0), ($t) 1)"),
  /** Theano's {@code softsign}: {@code x / (1 + |x|)}. */
  SOFTSIGN(1, Rule.FLOAT, (a, b, c) -> a / (1 + Math.abs(a)), null, "$a / (($t) 1 + fabs($a))"),
  SIN(1, Rule.FLOAT, (a, b, c) -> Math.sin(a), null, "sin($a)"),
  COS(1, Rule.FLOAT, (a, b, c) -> Math.cos(a), null, "cos($a)"),
  TAN(1, Rule.FLOAT, (a, b, c) -> Math.tan(a), null, "tan($a)"),
  /** The base-2 logarithm (exact for powers of two). */
  LOG2(1, Rule.FLOAT, (a, b, c) -> ScalarMath.log2(a), null, "log2($a)"),
  // Special functions (SciPy's erf, erfc, erfinv, gammaln, psi, polygamma(1, x)); CUDA's math library has the first
  // first four, digamma and trigamma are prelude functions.
  /** The error function (SciPy's {@code erf}). */
  ERF(1, Rule.FLOAT, (a, b, c) -> ScalarMath.erf(a), null, "erf($a)"),
  /** The complementary error function {@code 1 - erf(x)}, accurate where it is tiny. */
  ERFC(1, Rule.FLOAT, (a, b, c) -> ScalarMath.erfc(a), null, "erfc($a)"),
  /** The inverse error function: {@code erf(erfinv(x)) = x} on [-1, 1], ±inf at ±1. */
  ERFINV(1, Rule.FLOAT, (a, b, c) -> ScalarMath.erfinv(a), null, "erfinv($a)"),
  /** {@code log|Gamma(x)|} (SciPy's {@code gammaln}); +inf at 0 and the negative integers. */
  GAMMALN(1, Rule.FLOAT, (a, b, c) -> ScalarMath.lgamma(a), null, "lgamma($a)"),
  /** The digamma function {@code d/dx log Gamma(x)} (SciPy's {@code psi}). */
  PSI(1, Rule.FLOAT, (a, b, c) -> ScalarMath.psi(a), null, "t4j_psi($a)"),
  /** The trigamma function {@code psi'(x)} (SciPy's {@code polygamma(1, x)}). */
  TRIGAMMA(1, Rule.FLOAT, (a, b, c) -> ScalarMath.trigamma(a), null, "t4j_trigamma($a)"),
  /** The real cube root, negative for negative {@code x} (NumPy's {@code cbrt}). */
  CBRT(1, Rule.FLOAT, (a, b, c) -> Math.cbrt(a), null, "cbrt($a)"),
  /** The base-10 logarithm. */
  LOG10(1, Rule.FLOAT, (a, b, c) -> Math.log10(a), null, "log10($a)"),
  /** {@code 2 ** x} (exact for integer {@code x} in range). */
  EXP2(1, Rule.FLOAT, (a, b, c) -> ScalarMath.exp2(a), null, "exp2($a)"),
  /** The inverse sine, in [-pi/2, pi/2]; NaN outside [-1, 1]. */
  ARCSIN(1, Rule.FLOAT, (a, b, c) -> Math.asin(a), null, "asin($a)"),
  /** The inverse cosine, in [0, pi]; NaN outside [-1, 1]. */
  ARCCOS(1, Rule.FLOAT, (a, b, c) -> Math.acos(a), null, "acos($a)"),
  /** The inverse tangent, in [-pi/2, pi/2]. */
  ARCTAN(1, Rule.FLOAT, (a, b, c) -> Math.atan(a), null, "atan($a)"),
  /** NumPy's {@code arctan2(y, x)}: the angle of the point (x, y), in [-pi, pi]. */
  @Api(params = {"y", "x"})
  ARCTAN2(2, Rule.FLOAT, (a, b, c) -> Math.atan2(a, b), null, "atan2($a, $b)"),
  SINH(1, Rule.FLOAT, (a, b, c) -> Math.sinh(a), null, "sinh($a)"),
  COSH(1, Rule.FLOAT, (a, b, c) -> Math.cosh(a), null, "cosh($a)"),
  /** The inverse hyperbolic sine. */
  ARCSINH(1, Rule.FLOAT, (a, b, c) -> ScalarMath.asinh(a), null, "asinh($a)"),
  /** The inverse hyperbolic cosine; NaN below 1. */
  ARCCOSH(1, Rule.FLOAT, (a, b, c) -> ScalarMath.acosh(a), null, "acosh($a)"),
  /** The inverse hyperbolic tangent; ±inf at ±1, NaN outside [-1, 1]. */
  ARCTANH(1, Rule.FLOAT, (a, b, c) -> ScalarMath.atanh(a), null, "atanh($a)"),
  // Comparisons: 0 or 1, computed in the promoted input dtype.
  EQ(2, Rule.COMPARE, (a, b, c) -> a == b ? 1 : 0, (a, b, c) -> a == b ? 1 : 0, "($a == $b)"),
  NEQ(2, Rule.COMPARE, (a, b, c) -> a != b ? 1 : 0, (a, b, c) -> a != b ? 1 : 0, "($a != $b)"),
  LT(2, Rule.COMPARE, (a, b, c) -> a < b ? 1 : 0, (a, b, c) -> a < b ? 1 : 0, "($a < $b)"),
  LE(2, Rule.COMPARE, (a, b, c) -> a <= b ? 1 : 0, (a, b, c) -> a <= b ? 1 : 0, "($a <= $b)"),
  GT(2, Rule.COMPARE, (a, b, c) -> a > b ? 1 : 0, (a, b, c) -> a > b ? 1 : 0, "($a > $b)"),
  GE(2, Rule.COMPARE, (a, b, c) -> a >= b ? 1 : 0, (a, b, c) -> a >= b ? 1 : 0, "($a >= $b)"),
  /** True where {@code x} is NaN; bool, and all false for integer and bool inputs (NumPy). */
  ISNAN(1, Rule.COMPARE, (a, b, c) -> Double.isNaN(a) ? 1 : 0, (a, b, c) -> 0, "isnan($a)",
      "0"),
  /** True where {@code x} is +inf or -inf; bool, and all false for integer and bool inputs. */
  ISINF(1, Rule.COMPARE, (a, b, c) -> Double.isInfinite(a) ? 1 : 0, (a, b, c) -> 0,
      "isinf($a)", "0"),
  // Bitwise on integers, logical on bool; discrete inputs only (no float lane).
  /** Logical and for bool, bitwise and for integers. */
  AND(2, Rule.LOGIC, null, (a, b, c) -> a & b, "($a & $b)"),
  OR(2, Rule.LOGIC, null, (a, b, c) -> a | b, "($a | $b)"),
  XOR(2, Rule.LOGIC, null, (a, b, c) -> a ^ b, "($a ^ $b)"),
  /** Logical not for bool, bitwise complement for integers. */
  @Api(params = {"a"})
  NOT(1, Rule.LOGIC, null, (a, b, c) -> ~a, "(~$a)") {
    @Override
    public LongLane longLane(boolean boolResult) {
      return boolResult ? (a, b, c) -> a == 0 ? 1 : 0 : super.longLane(false);
    }

    @Override
    public String cTemplate(boolean floatLane, boolean boolResult) {
      return boolResult ? "((long long) ($a == 0))" : super.cTemplate(floatLane, false);
    }
  },
  @Api(params = {"x", "lo", "hi"})
  CLIP(3, Bools.KEEP, (a, b, c) -> ScalarMath.clip(a, b, c), (a, b, c) -> ScalarMath.clip(a, b, c),
      "t4j_minimum(t4j_maximum($a, $b), $c)"),
  /** Theano's {@code switch}: elementwise {@code cond ? a : b} (cond non-zero is true). */
  @Api(name = "where", params = {"cond", "a", "b"})
  SWITCH(3, Rule.SELECT, (a, b, c) -> a != 0 ? b : c, (a, b, c) -> a != 0 ? b : c,
      "($a ? $b : $c)");

  /** A scalar function evaluated in the {@code double} lane; unused arguments are 0. */
  @FunctionalInterface
  public interface DoubleLane {
    double apply(double a, double b, double c);
  }

  /** A scalar function evaluated in the exact {@code long} lane; unused arguments are 0. */
  @FunctionalInterface
  public interface LongLane {
    long apply(long a, long b, long c);
  }

  /** Families of dtype rules. */
  public enum Rule { ARITH, FLOAT, COMPARE, LOGIC, SELECT }

  /**
   * What an {@link Rule#ARITH} op gives when every input is bool, as in NumPy (see
   * docs/semantics.md): {@code KEEP} bool (add is or, mul is and, max/min, abs, clip,
   * floor/ceil, relu as maximum(x, False)), {@code INT8} (int_div, mod, pow, sqr),
   * {@code FLOAT32} (round: NumPy's float16, which we do not have, and Theano's float32),
   * {@code REFUSE} (sub, neg, sign: NumPy and Theano raise too).
   */
  public enum Bools { KEEP, INT8, FLOAT32, REFUSE }

  private final int arity;
  private final Rule rule;
  private final Bools bools;
  private final DoubleLane doubleLane;
  private final LongLane longLane;
  private final String cFloat;
  private final String cInt;

  Scalar(int arity, Rule rule, DoubleLane d, LongLane l, String c) {
    this(arity, rule, null, d, l, c, c);
  }

  Scalar(int arity, Rule rule, DoubleLane d, LongLane l, String cFloat, String cInt) {
    this(arity, rule, null, d, l, cFloat, cInt);
  }

  Scalar(int arity, Bools bools, DoubleLane d, LongLane l, String c) {
    this(arity, Rule.ARITH, bools, d, l, c, c);
  }

  Scalar(int arity, Bools bools, DoubleLane d, LongLane l, String cFloat, String cInt) {
    this(arity, Rule.ARITH, bools, d, l, cFloat, cInt);
  }

  Scalar(int arity, Rule rule, Bools bools, DoubleLane d, LongLane l, String cFloat,
      String cInt) {
    this.arity = arity;
    this.rule = rule;
    this.bools = bools;
    this.doubleLane = d;
    this.longLane = l;
    this.cFloat = cFloat;
    this.cInt = cInt;
  }

  /**
   * The function in the {@code double} lane.
   *
   * @throws UnsupportedOperationException for a function on discrete inputs only
   */
  public DoubleLane doubleLane() {
    if (doubleLane == null) {
      throw new UnsupportedOperationException(opName() + " has no float lane: it takes "
          + "integer or bool inputs only");
    }
    return doubleLane;
  }

  /**
   * The function in the exact {@code long} lane; {@code boolResult} says the output dtype is
   * bool (only {@link #NOT} differs: logical instead of bitwise).
   *
   * @throws UnsupportedOperationException for a function whose result is always a float
   */
  public LongLane longLane(boolean boolResult) {
    if (longLane == null) {
      throw new UnsupportedOperationException(opName() + " has no integer lane: its result "
          + "is a float");
    }
    return longLane;
  }

  /**
   * The C expression template in a float lane or the {@code long long} lane ({@code $a},
   * {@code $b}, {@code $c}: the arguments; {@code $t}: the lane's C type).
   */
  public String cTemplate(boolean floatLane, boolean boolResult) {
    return floatLane ? cFloat : cInt;
  }

  @Override
  public int arity() {
    return arity;
  }

  public Rule rule() {
    return rule;
  }

  @Override
  public DType outputDType(List<DType> in) {
    DType p = promoted(in);
    switch (rule) {
      case ARITH:
        return p == DType.BOOL ? boolResult(in) : p;
      case FLOAT:
        return p.upgradeToFloat();
      case COMPARE:
        return DType.BOOL;
      case LOGIC:
        if (p.isFloat()) {
          throw new IllegalArgumentException(opName() + " needs integer or bool inputs, got "
              + in);
        }
        return p;
      case SELECT:
        return DType.promote(in.get(1), in.get(2));
      default:
        throw new AssertionError(rule);
    }
  }

  @Override
  public DType computeDType(List<DType> in) {
    switch (rule) {
      case COMPARE:
        return promoted(in);
      case SELECT:
        return outputDType(in);
      default:
        return outputDType(in);
    }
  }

  private DType boolResult(List<DType> in) {
    switch (bools) {
      case KEEP: return DType.BOOL;
      case INT8: return DType.INT8;
      case FLOAT32: return DType.FLOAT32;
      default:
        throw new IllegalArgumentException(opName() + " of bool tensors is not supported (NumPy "
            + "and Theano refuse it too), got " + in + "; " + boolAdvice());
    }
  }

  private String boolAdvice() {
    switch (this) {
      case SUB: return "use T.xor (the ^ of bools) or cast to an integer dtype first";
      case NEG: return "use T.not (logical not) or cast to an integer dtype first";
      default: return "cast to an integer dtype first, e.g. T.cast(x, DType.INT8)";
    }
  }

  private static DType promoted(List<DType> in) {
    DType p = in.get(0);
    for (int i = 1; i < in.size(); i++) {
      p = DType.promote(p, in.get(i));
    }
    return p;
  }

  @Override
  public String opName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
