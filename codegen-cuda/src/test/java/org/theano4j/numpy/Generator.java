package org.theano4j.numpy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.theano4j.TheanoException;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.ReduceKind;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.SliceSpec;
import org.theano4j.tensor.Subtensor;
import org.theano4j.tensor.T;
import org.theano4j.testing.CaseRandom;

/**
 * A seeded generator of random expressions: 1-4 ops over 1-3 inputs of all eight dtypes,
 * with broadcasting, 0-d and empty arrays, Java number literals, reductions over any axes,
 * basic and advanced indexing, set/inc subtensor, dot/tensordot/outer, shape ops, cumsum,
 * cumprod, sort, argsort, repeat, tile, diag and eye.
 *
 * <p>Case {@code i} of seed {@code s} depends only on {@code (s, i)}. Each op is built twice:
 * on the inputs as declared (some dims unknown) and on a shadow with every dim known, whose
 * static shape is the value's shape, which the generator needs to pick axes and partners.
 *
 * <p>Discontinuous functions (floor, comparisons, int_div, casts to integers, ...) only take
 * floats computed exactly, so a last-bit difference of exp in float32 never flips a floor.
 *
 * <p>{@code exclude} switches features off to look past known bugs: {@code empty} (no
 * zero-length dims), {@code nonfinite} (no NaN, infinities or -0.0 in inputs and literals),
 * or an op's label ({@code mod}, {@code tensordot}, {@code setSubtensor}, ...).
 */
final class Generator {
  private static final DType[] DTYPES = DType.values();
  /**
   * The scalar functions not drawn, each with its reason. Every other {@link Scalar} is drawn
   * (unary and binary ones from {@link #drawn}; the ternary clip and switch by {@code
   * ternary}, with operands of their own), with
   * NumPy's {@code np.<opName>} ({@link #NUMPY_NAMES} where NumPy names it otherwise), or
   * SciPy's {@code sp.<opName>} for {@link #SCIPY}. {@code GeneratorCoverageTest} fails on a
   * function that is neither drawn nor listed here.
   */
  static final Map<Scalar, String> EXCLUDED = Map.of(Scalar.TRIGAMMA,
      "SciPy's polygamma(1, x) has other dtype rules (float64 for float32 and integer inputs);"
          + " ScalarMathTest checks it against mpmath");
  /** The functions NumPy lacks: scipy.special computes them (numpy_eval.py's {@code sp}). */
  static final Set<Scalar> SCIPY = Set.of(Scalar.ERF, Scalar.ERFC, Scalar.ERFINV,
      Scalar.GAMMALN, Scalar.PSI);
  /**
   * Reference names where NumPy's differs from {@code np.<opName>}; {@code relu}, {@code
   * sigmoid}, {@code softplus}, {@code elu}, {@code hard_sigmoid} and {@code softsign} are
   * numpy_eval.py's own float64-exact definitions.
   */
  private static final Map<Scalar, String> NUMPY_NAMES = Map.ofEntries(
      Map.entry(Scalar.SUB, "np.subtract"), Map.entry(Scalar.MUL, "np.multiply"),
      Map.entry(Scalar.TRUE_DIV, "np.true_divide"), Map.entry(Scalar.INT_DIV, "np.floor_divide"),
      Map.entry(Scalar.MOD, "np.remainder"), Map.entry(Scalar.POW, "np.power"),
      Map.entry(Scalar.NEG, "np.negative"), Map.entry(Scalar.ABS, "np.absolute"),
      Map.entry(Scalar.SQR, "np.square"), Map.entry(Scalar.RELU, "relu"),
      Map.entry(Scalar.SIGMOID, "sigmoid"), Map.entry(Scalar.SOFTPLUS, "softplus"),
      Map.entry(Scalar.ELU, "elu"), Map.entry(Scalar.HARD_SIGMOID, "hard_sigmoid"),
      Map.entry(Scalar.SOFTSIGN, "softsign"),
      Map.entry(Scalar.EQ, "np.equal"), Map.entry(Scalar.NEQ, "np.not_equal"),
      Map.entry(Scalar.LT, "np.less"), Map.entry(Scalar.LE, "np.less_equal"),
      Map.entry(Scalar.GT, "np.greater"), Map.entry(Scalar.GE, "np.greater_equal"),
      Map.entry(Scalar.AND, "np.bitwise_and"), Map.entry(Scalar.OR, "np.bitwise_or"),
      Map.entry(Scalar.XOR, "np.bitwise_xor"), Map.entry(Scalar.NOT, "np.invert"),
      Map.entry(Scalar.SWITCH, "np.where"));
  private static final Scalar[] UNARY = drawn(1);
  private static final Scalar[] BINARY = drawn(2);
  /** Functions whose value jumps: their float arguments must be exact. */
  private static final Set<Scalar> DISCONTINUOUS = Set.of(Scalar.SIGN, Scalar.ROUND,
      Scalar.FLOOR, Scalar.CEIL, Scalar.INT_DIV, Scalar.MOD, Scalar.EQ, Scalar.NEQ, Scalar.LT,
      Scalar.LE, Scalar.GT, Scalar.GE, Scalar.SWITCH);
  /** A value available as an operand. */
  private record Val(String name, Variable var, Variable shadow, boolean exact) {
    int[] shape() {
      return shadow.type().shape();
    }

    DType dtype() {
      return var.dtype();
    }

    int ndim() {
      return shadow.ndim();
    }
  }

  /** What one op does: build it on operands (real or shadow), and its source forms. */
  private record Built(Function<List<Variable>, Variable> build, List<Val> operands,
      String java, String numpy, List<String> cast, String op, boolean literal,
      boolean rounding) {}

  private final long seed;
  private final boolean empty;
  private final boolean nonfinite;
  private final Set<String> exclude;

  Generator(long seed, Set<String> exclude) {
    this.seed = seed;
    this.exclude = exclude;
    this.empty = !exclude.contains("empty");
    this.nonfinite = !exclude.contains("nonfinite");
  }

  Case generate(int id) {
    Random r = CaseRandom.of(seed, id);
    Case c = new Case(id);
    List<Val> vals = new ArrayList<>();
    vals.add(leaf(c, r, randomShape(r), randomDType(r)));
    int ops = 1 + r.nextInt(4);
    for (int k = 0; k < ops; k++) {
      Built b = null;
      for (int attempt = 0; attempt < 20 && b == null; attempt++) {
        b = pick(c, r, vals);
        b = b != null && exclude.contains(b.op()) ? null : b;
      }
      if (b == null) {
        break;
      }
      String name = "n" + c.nodes.size();
      List<Variable> real = new ArrayList<>();
      List<Variable> shadow = new ArrayList<>();
      List<DType> dts = new ArrayList<>();
      boolean exact = !b.rounding();
      boolean rounded = false;
      for (Val v : b.operands()) {
        rounded |= !v.exact();
        real.add(v.var());
        shadow.add(v.shadow());
        dts.add(v.dtype());
        exact &= v.exact();
      }
      Variable out;
      try {
        out = b.build().apply(real);
      } catch (TheanoException | IllegalArgumentException e) {
        c.nodes.add(new Case.Node(b.java(), b.numpy(), null, b.cast(), b.op(), dts,
            b.literal(), e.getMessage(), rounded));
        c.root = null;
        return c;
      }
      c.nodes.add(new Case.Node(b.java(), b.numpy(), out.dtype(), b.cast(), b.op(), dts,
          b.literal(), null, rounded));
      c.root = out;
      Variable sh;
      try {
        sh = b.build().apply(shadow);
      } catch (TheanoException | IllegalArgumentException e) {
        // Refused only with every dim known (max over an empty axis): the declared graph
        // must fail at run time; nothing can follow it.
        c.inexact = !exact && out.dtype().isFloat();
        c.lowPrecision |= c.inexact && out.dtype() == DType.FLOAT32;
        return c;
      }
      boolean floatExact = exact || !out.dtype().isFloat();
      c.lowPrecision |= !floatExact && out.dtype() == DType.FLOAT32;
      vals.add(new Val(name, out, sh, floatExact));
      c.inexact = !floatExact;
    }
    if (c.nodes.isEmpty()) {
      // Nothing applied (rare): the identity keeps the case meaningful.
      Val v = vals.get(0);
      c.nodes.add(new Case.Node("T.transpose(" + v.name() + ")", "np.transpose(" + v.name()
          + ")", v.dtype(), List.of(), "transpose", List.of(v.dtype()), false, null, false));
      c.root = T.transpose(v.var());
    }
    return c;
  }

  // ------------------------------------------------------------------ inputs

  private DType randomDType(Random r) {
    return DTYPES[r.nextInt(DTYPES.length)];
  }

  private int[] randomShape(Random r) {
    int rank = r.nextInt(4);
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = empty && r.nextInt(12) == 0 ? 0 : 1 + r.nextInt(3);
    }
    return s;
  }

  /** A shape that broadcasts with {@code s}: trailing dims kept, some set to 1 or dropped. */
  private int[] partnerShape(Random r, int[] s) {
    int drop = s.length == 0 ? 0 : r.nextInt(s.length + 1);
    int[] p = Arrays.copyOfRange(s, r.nextInt(3) == 0 ? drop : 0, s.length);
    for (int i = 0; i < p.length; i++) {
      if (r.nextInt(3) == 0) {
        p[i] = 1;
      }
    }
    if (p.length == s.length && p.length < 3 && r.nextInt(6) == 0) {
      int[] q = new int[p.length + 1];
      q[0] = 1 + r.nextInt(2);
      System.arraycopy(p, 0, q, 1, p.length);
      p = q;
    }
    return p;
  }

  private Val leaf(Case c, Random r, int[] shape, DType dtype) {
    String name = "x" + c.leaves.size();
    NDArray value = NDArray.zeros(dtype, shape);
    int n = value.size();
    if (dtype.isFloat()) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = floatValue(r);
      }
      value.writeDoubles(0, v, 0, n);
    } else {
      long[] v = new long[n];
      for (int i = 0; i < n; i++) {
        v[i] = intValue(r, dtype);
      }
      value.writeLongs(0, v, 0, n);
    }
    int[] declared = shape.clone();
    boolean unknown = r.nextInt(3) == 0;
    for (int i = 0; i < declared.length; i++) {
      if (unknown && declared[i] != 1 && r.nextBoolean()) {
        declared[i] = -1;
      }
    }
    Variable var = T.tensor(dtype, declared, name);
    c.leaves.add(new Case.Leaf(name, value, declared, var));
    return new Val(name, var, T.tensor(dtype, shape, name), true);
  }

  private double floatValue(Random r) {
    if (nonfinite && r.nextInt(40) == 0) {
      double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0};
      return special[r.nextInt(special.length)];
    }
    return (r.nextInt(33) - 16) / 4.0;
  }

  private static long intValue(Random r, DType d) {
    boolean extreme = r.nextInt(20) == 0;
    switch (d) {
      case BOOL: return r.nextInt(2);
      case UINT8: return extreme ? 200 + r.nextInt(56) : r.nextInt(10);
      case INT8: return extreme ? (r.nextBoolean() ? 127 : -128) : r.nextInt(17) - 8;
      case INT16: return extreme ? (r.nextBoolean() ? 32767 : -32768) : r.nextInt(17) - 8;
      default: return extreme ? (r.nextBoolean() ? 1L << 30 : -(1L << 31))
          : r.nextInt(17) - 8;
    }
  }

  private Object literal(Random r) {
    switch (r.nextInt(10)) {
      case 0: return 300;
      case 1: return -1;
      case 2: return (r.nextInt(9) - 4) / 4.0;
      case 3: return 0.1;
      case 4: return nonfinite && r.nextBoolean() ? Double.NaN : 1e20;
      case 5: return nonfinite ? -0.0 : 0.5;
      default: return r.nextInt(6) - 1;
    }
  }

  // ------------------------------------------------------------------ ops

  private Val operand(Random r, List<Val> vals) {
    return r.nextInt(10) < 6 ? vals.get(vals.size() - 1) : vals.get(r.nextInt(vals.size()));
  }

  /** An existing value that broadcasts with {@code a}, else a fresh input. */
  private Val partner(Case c, Random r, List<Val> vals, Val a) {
    List<Val> ok = new ArrayList<>();
    for (Val v : vals) {
      if (broadcasts(a.shape(), v.shape())) {
        ok.add(v);
      }
    }
    if (ok.isEmpty() || (c.leaves.size() < 3 && r.nextInt(3) == 0)) {
      Val fresh = c.leaves.size() < 3 ? leaf(c, r, partnerShape(r, a.shape()), randomDType(r))
          : null;
      if (fresh != null) {
        vals.add(fresh);
        return fresh;
      }
    }
    return ok.isEmpty() ? null : ok.get(r.nextInt(ok.size()));
  }

  private static boolean broadcasts(int[] a, int[] b) {
    for (int i = 1; i <= Math.min(a.length, b.length); i++) {
      int x = a[a.length - i];
      int y = b[b.length - i];
      if (x != y && x != 1 && y != 1) {
        return false;
      }
    }
    return true;
  }

  private Built pick(Case c, Random r, List<Val> vals) {
    int kind = r.nextInt(110);
    Val a = operand(r, vals);
    if (kind < 22) {
      return unary(r, a);
    }
    if (kind < 50) {
      return binary(c, r, vals, a);
    }
    if (kind < 56) {
      return ternary(c, r, vals, a);
    }
    if (kind < 60) {
      return cast(c, r, a);
    }
    if (kind < 72) {
      return reduce(r, a);
    }
    if (kind < 80) {
      return index(r, a);
    }
    if (kind < 86) {
      return incOrSet(c, r, vals, a);
    }
    if (kind < 93) {
      return product(c, r, vals, a);
    }
    if (kind < 100) {
      return shape(r, a);
    }
    return kind < 103 ? cumulative(r, a) : kind < 109 ? arrange(r, a) : eye(r);
  }

  private static String scalarRef(Scalar s) {
    return "Scalar." + s.name();
  }

  /** The scalar functions of {@code arity} that are drawn: all but {@link #EXCLUDED}. */
  static Scalar[] drawn(int arity) {
    return Arrays.stream(Scalar.values())
        .filter(s -> s.arity() == arity && !EXCLUDED.containsKey(s)).toArray(Scalar[]::new);
  }

  /**
   * Whether {@code s} rounds a float result (so the value after it is inexact): every
   * float-valued function and {@code pow}; so do the accumulations dot, tensordot, sum, mean
   * and prod (see where they are built).
   */
  private static boolean rounding(Scalar s) {
    return s.rule() == Scalar.Rule.FLOAT || s == Scalar.POW;
  }

  static String numpyFn(Scalar s) {
    String named = NUMPY_NAMES.get(s);
    return named != null ? named : (SCIPY.contains(s) ? "sp." : "np.") + s.opName();
  }

  /** An elementwise op over operands that are values or Java number literals. */
  private Built elemwise(Scalar s, Object... args) {
    List<Val> operands = new ArrayList<>();
    List<String> cast = new ArrayList<>();
    StringBuilder java = new StringBuilder("T.elemwise(" + scalarRef(s));
    StringBuilder np = new StringBuilder(numpyFn(s) + "(");
    boolean literal = false;
    boolean compare = s.rule() == Scalar.Rule.COMPARE;
    for (int i = 0; i < args.length; i++) {
      Object o = args[i];
      java.append(", ");
      np.append(i > 0 ? ", " : "");
      if (o instanceof Val) {
        Val v = (Val) o;
        operands.add(v);
        java.append(v.name());
        np.append(v.name());
        if (!compare && !(s == Scalar.SWITCH && i == 0)) {
          cast.add(v.name());
        }
      } else {
        literal = true;
        java.append(Literals.java(o));
        np.append(Literals.numpy(o));
      }
    }
    Object[] shape = args.clone();
    Function<List<Variable>, Variable> build = vs -> {
      Object[] a = shape.clone();
      int k = 0;
      for (int i = 0; i < a.length; i++) {
        if (a[i] instanceof Val) {
          a[i] = vs.get(k++);
        }
      }
      return T.elemwise(s, a);
    };
    return new Built(build, operands, java.append(')').toString(), np.append(')').toString(),
        cast, s.opName(), literal, rounding(s));
  }

  private static boolean usable(Scalar s, Val v) {
    return !DISCONTINUOUS.contains(s) || v.exact();
  }

  private Built unary(Random r, Val a) {
    Scalar s = UNARY[r.nextInt(UNARY.length)];
    return usable(s, a) ? elemwise(s, a) : null;
  }

  private Built binary(Case c, Random r, List<Val> vals, Val a) {
    Scalar s = BINARY[r.nextInt(BINARY.length)];
    if (!usable(s, a)) {
      return null;
    }
    boolean discreteA = !a.dtype().isFloat();
    if (s == Scalar.POW && discreteA) {
      // NumPy refuses negative integer powers of integers; small exponents keep values sane.
      return elemwise(s, a, r.nextInt(4));
    }
    if (r.nextInt(5) == 0) {
      Object lit = literal(r);
      return r.nextBoolean() ? elemwise(s, a, lit) : elemwise(s, lit, a);
    }
    Val b = partner(c, r, vals, a);
    if (b == null || !usable(s, b) || (s == Scalar.POW && !b.dtype().isFloat()
        && !a.dtype().isFloat())) {
      return null;
    }
    return r.nextBoolean() ? elemwise(s, a, b) : elemwise(s, b, a);
  }

  private Built ternary(Case c, Random r, List<Val> vals, Val a) {
    Val b = partner(c, r, vals, a);
    if (b == null) {
      return null;
    }
    if (r.nextBoolean()) {
      Object lo = r.nextBoolean() ? (Object) b : literal(r);
      Object hi = r.nextBoolean() ? (Object) (r.nextInt(4) - 1) : 2.5;
      return elemwise(Scalar.CLIP, a, lo, hi);
    }
    Val cond = a.exact() ? a : b.exact() ? b : null;
    if (cond == null) {
      return null;
    }
    Val other = cond == a ? b : a;
    Object third = r.nextInt(3) == 0 ? literal(r) : (Object) other;
    return elemwise(Scalar.SWITCH, cond, r.nextBoolean() ? other : cond, third);
  }

  private Built cast(Case c, Random r, Val a) {
    DType to = randomDType(r);
    if (a.dtype().isFloat() && to.isInteger() && !finiteInput(c, a)) {
      // Float to integer of NaN, infinities or out-of-range values is undefined in C and
      // NumPy: only inputs (values in [-4, 4]) without specials are cast.
      return null;
    }
    String java = "T.cast(" + a.name() + ", DType." + to.name() + ")";
    String np = a.name() + ".astype(np." + to.numpyName() + ")";
    return new Built(vs -> T.cast(vs.get(0), to), List.of(a), java, np, List.of(), "cast",
        false, false);
  }

  private static boolean finiteInput(Case c, Val a) {
    for (Case.Leaf l : c.leaves) {
      if (l.name().equals(a.name())) {
        for (double v : l.value().toDoubleArray()) {
          if (!Double.isFinite(v)) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }

  private Built reduce(Random r, Val a) {
    ReduceKind k = ReduceKind.values()[r.nextInt(ReduceKind.values().length)];
    int n = a.ndim();
    List<Integer> axes = new ArrayList<>();
    for (int d = 0; d < n; d++) {
      if (r.nextBoolean()) {
        axes.add(d);
      }
    }
    if (axes.isEmpty() && n > 0 && r.nextBoolean()) {
      axes.add(r.nextInt(n));
    }
    boolean all = axes.isEmpty();
    if (all) {
      for (int d = 0; d < n; d++) {
        axes.add(d);
      }
    }
    boolean keep = r.nextInt(3) == 0;
    int[] ax = axes.stream().mapToInt(Integer::intValue).toArray();
    String kind = k.name().toLowerCase(java.util.Locale.ROOT);
    String java = "T.reduce(ReduceKind." + k.name() + ", " + a.name() + ", new int[] {"
        + Case.join(ax) + "}, " + keep + ")";
    String np = "np." + kind + "(" + a.name() + ", axis=(" + Case.join(ax)
        + (ax.length == 1 ? "," : "") + "), keepdims=" + (keep ? "True" : "False") + ")";
    // A float sum rounds too, in an order that differs between backends (BLAS, pairwise,
    // sequential): compared with a tolerance, like mean and prod.
    boolean rounding = k == ReduceKind.MEAN || k == ReduceKind.PROD || k == ReduceKind.SUM;
    List<String> cast = k == ReduceKind.ALL || k == ReduceKind.ANY ? List.of()
        : List.of(a.name());
    return new Built(vs -> T.reduce(k, vs.get(0), ax, keep), List.of(a), java, np, cast,
        kind, false, rounding);
  }

  /** Basic or advanced index entries for a value of shape {@code s}, as Java objects. */
  private Object[] indexEntries(Random r, int[] s, boolean allowAdvanced) {
    int n = s.length == 0 ? 0 : 1 + r.nextInt(s.length);
    Object[] idx = new Object[n];
    int advanced = allowAdvanced && r.nextInt(4) == 0 && n > 0 ? r.nextInt(n) : -1;
    for (int d = 0; d < n; d++) {
      int size = s[d];
      if (d == advanced && size > 0) {
        int[] a = new int[1 + r.nextInt(3)];
        for (int i = 0; i < a.length; i++) {
          a[i] = r.nextInt(2 * size) - size;
        }
        idx[d] = a;
      } else if (size > 0 && r.nextInt(3) == 0) {
        idx[d] = r.nextInt(2 * size) - size;
      } else {
        Integer start = r.nextBoolean() ? null : r.nextInt(2 * size + 3) - size - 1;
        Integer stop = r.nextBoolean() ? null : r.nextInt(2 * size + 3) - size - 1;
        int[] steps = {1, 2, -1, -2};
        Integer step = r.nextBoolean() ? null : steps[r.nextInt(steps.length)];
        idx[d] = T.slice(start, stop, step);
      }
    }
    return idx;
  }

  private static String javaIndex(Object[] idx) {
    StringBuilder s = new StringBuilder();
    for (Object o : idx) {
      s.append(", ");
      if (o instanceof SliceSpec) {
        SliceSpec sl = (SliceSpec) o;
        s.append("T.slice(").append(sl.start()).append(", ").append(sl.stop()).append(", ")
            .append(sl.step()).append(')');
      } else if (o instanceof int[]) {
        s.append("new int[] {").append(Case.join((int[]) o)).append('}');
      } else {
        s.append(o);
      }
    }
    return s.toString();
  }

  private static String numpyIndex(Object[] idx) {
    StringBuilder s = new StringBuilder("(");
    for (Object o : idx) {
      if (o instanceof SliceSpec) {
        SliceSpec sl = (SliceSpec) o;
        s.append("slice(").append(sl.start()).append(", ").append(sl.stop()).append(", ")
            .append(sl.step()).append(')');
      } else if (o instanceof int[]) {
        s.append('[').append(Case.join((int[]) o)).append(']');
      } else {
        s.append(o);
      }
      s.append(", ");
    }
    return s.append(')').toString().replace("null", "None");
  }

  private Built index(Random r, Val a) {
    if (a.ndim() == 0) {
      return null;
    }
    Object[] idx = indexEntries(r, a.shape(), true);
    String java = "T.index(" + a.name() + javaIndex(idx) + ")";
    String np = a.name() + "[" + numpyIndex(idx) + "]";
    return new Built(vs -> T.index(vs.get(0), idx), List.of(a), java, np, List.of(), "index",
        false, false);
  }

  private Built incOrSet(Case c, Random r, List<Val> vals, Val a) {
    if (a.ndim() == 0 || (a.var().owner() != null
        && a.var().owner().op() instanceof Subtensor)) {
      // Of an index of a basic slice, Theano's set/inc writes through to the sliced tensor
      // and returns that (documented in docs/semantics.md), not NumPy's copy of the slice.
      return null;
    }
    boolean set = r.nextBoolean();
    Object[] idx = indexEntries(r, a.shape(), !set || r.nextBoolean());
    int[] target;
    try {
      target = T.index(a.shadow(), idx).type().shape();
    } catch (TheanoException | IllegalArgumentException e) {
      return null;
    }
    // A value NumPy and we both store without loss: an input of the target's shape (or a
    // broadcastable one) and a dtype that casts safely to a's, or an int literal.
    boolean lit = r.nextInt(4) == 0;
    Val v = null;
    if (!lit) {
      if (c.leaves.size() >= 3) {
        return null;
      }
      DType d = randomDType(r);
      if (!d.canCastSafelyTo(a.dtype())) {
        d = a.dtype();
      }
      v = leaf(c, r, partnerShape(r, target), d);
      vals.add(v);
      if (!broadcastsTo(v.shape(), target)) {
        return null;
      }
    }
    int number = r.nextInt(3);
    String fn = set ? "setSubtensor" : "incSubtensor";
    String value = lit ? Integer.toString(number) : v.name();
    String java = "T." + fn + "(T.index(" + a.name() + javaIndex(idx) + "), " + value + ")";
    String np = (set ? "setsub(" : "incsub(") + a.name() + ", " + numpyIndex(idx) + ", "
        + value + ")";
    List<Val> ops = lit ? List.of(a) : List.of(a, v);
    return new Built(vs -> set ? T.setSubtensor(T.index(vs.get(0), idx),
        lit ? (Object) number : vs.get(1)) : T.incSubtensor(T.index(vs.get(0), idx),
        lit ? (Object) number : vs.get(1)), ops, java, np, List.of(), fn, false, false);
  }

  private static boolean broadcastsTo(int[] v, int[] target) {
    if (v.length > target.length) {
      return false;
    }
    for (int i = 1; i <= v.length; i++) {
      if (v[v.length - i] != 1 && v[v.length - i] != target[target.length - i]) {
        return false;
      }
    }
    return true;
  }

  private Built product(Case c, Random r, List<Val> vals, Val a) {
    if (c.leaves.size() >= 3) {
      return null;
    }
    int[] s = a.shape();
    int which = r.nextInt(3);
    if (which == 0 && s.length >= 1 && s.length <= 3) {
      // dot: contracts a's last axis with b's first (vector) or second-to-last axis.
      int k = s[s.length - 1];
      int[] bs = r.nextBoolean() ? new int[] {k} : new int[] {k, 1 + r.nextInt(3)};
      Val b = leaf(c, r, bs, randomDType(r));
      vals.add(b);
      return new Built(vs -> T.dot(vs.get(0), vs.get(1)), List.of(a, b),
          "T.dot(" + a.name() + ", " + b.name() + ")",
          "np.dot(" + a.name() + ", " + b.name() + ")", List.of(), "dot", false, true);
    }
    if (which == 1 && s.length >= 1) {
      int n = 1 + r.nextInt(Math.min(2, s.length));
      List<Integer> axes = new ArrayList<>();
      for (int d = 0; d < s.length; d++) {
        axes.add(d);
      }
      java.util.Collections.shuffle(axes, r);
      int[] aa = new int[n];
      int[] bb = new int[n];
      List<Integer> bShape = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        aa[i] = axes.get(i);
        bShape.add(s[aa[i]]);
      }
      if (r.nextBoolean()) {
        bShape.add(r.nextInt(bShape.size() + 1), 1 + r.nextInt(3));
      }
      for (int i = 0; i < n; i++) {
        bb[i] = bShape.indexOf(s[aa[i]]);
      }
      // indexOf picks the first equal size; rebuild bb so the pairs stay distinct.
      int[] bsArr = bShape.stream().mapToInt(Integer::intValue).toArray();
      boolean[] used = new boolean[bsArr.length];
      for (int i = 0; i < n; i++) {
        bb[i] = -1;
        for (int j = 0; j < bsArr.length && bb[i] < 0; j++) {
          if (!used[j] && bsArr[j] == s[aa[i]]) {
            bb[i] = j;
            used[j] = true;
          }
        }
      }
      Val b = leaf(c, r, bsArr, randomDType(r));
      vals.add(b);
      String java = "T.tensordot(" + a.name() + ", " + b.name() + ", new int[] {"
          + Case.join(aa) + "}, new int[] {" + Case.join(bb) + "})";
      String np = "np.tensordot(" + a.name() + ", " + b.name() + ", axes=([" + Case.join(aa)
          + "], [" + Case.join(bb) + "]))";
      return new Built(vs -> T.tensordot(vs.get(0), vs.get(1), aa, bb), List.of(a, b), java,
          np, List.of(), "tensordot", false, true);
    }
    Val b = leaf(c, r, partnerShape(r, s), randomDType(r));
    vals.add(b);
    return new Built(vs -> T.outer(vs.get(0), vs.get(1)), List.of(a, b),
        "T.outer(" + a.name() + ", " + b.name() + ")",
        "np.outer(" + a.name() + ", " + b.name() + ")", List.of(), "outer", false, false);
  }

  private Built shape(Random r, Val a) {
    int[] s = a.shape();
    int which = r.nextInt(3);
    if (which == 0) {
      return new Built(vs -> T.flatten(vs.get(0)), List.of(a), "T.flatten(" + a.name() + ")",
          "np.reshape(" + a.name() + ", -1)", List.of(), "flatten", false, false);
    }
    if (which == 1) {
      List<Integer> p = new ArrayList<>();
      for (int d = 0; d < s.length; d++) {
        p.add(d);
      }
      java.util.Collections.shuffle(p, r);
      int[] perm = p.stream().mapToInt(Integer::intValue).toArray();
      return new Built(vs -> T.transpose(vs.get(0), perm), List.of(a),
          "T.transpose(" + a.name() + (perm.length > 0 ? ", " : "") + Case.join(perm) + ")",
          "np.transpose(" + a.name() + ", (" + Case.join(perm) + (perm.length == 1 ? ",)"
          : ")") + ")", List.of(), "transpose", false, false);
    }
    int size = 1;
    for (int d : s) {
      size *= d;
    }
    List<Integer> dims = new ArrayList<>();
    int rest = size;
    int rank = 1 + r.nextInt(3);
    for (int i = 0; i < rank - 1 && rest > 0; i++) {
      List<Integer> divisors = new ArrayList<>();
      for (int d = 1; d <= rest; d++) {
        if (rest % d == 0) {
          divisors.add(d);
        }
      }
      int d = divisors.get(r.nextInt(divisors.size()));
      dims.add(d);
      rest /= d;
    }
    dims.add(rest);
    if (size > 0 && r.nextBoolean()) {
      dims.set(r.nextInt(dims.size()), -1);
    }
    Object[] shape = dims.toArray();
    String j = Case.join(dims.stream().mapToInt(Integer::intValue).toArray());
    return new Built(vs -> T.reshape(vs.get(0), shape), List.of(a),
        "T.reshape(" + a.name() + ", " + j + ")",
        "np.reshape(" + a.name() + ", (" + j + (dims.size() == 1 ? ",)" : ")") + ")",
        List.of(), "reshape", false, false);
  }

  // ------------------------------------------------------------------ issue 11's extra ops

  /** {@code cumsum}/{@code cumprod} along an axis (sometimes out of range) or flattened. */
  private Built cumulative(Random r, Val a) {
    boolean product = r.nextBoolean();
    String fn = product ? "cumprod" : "cumsum";
    boolean flat = r.nextInt(4) == 0;
    int axis = a.ndim() == 0 ? 0 : r.nextInt(a.ndim() + 1) - (r.nextBoolean() ? a.ndim() : 0);
    String java = "T." + fn + "(" + a.name() + (flat ? "" : ", " + axis) + ")";
    String np = "np." + fn + "(" + a.name() + (flat ? "" : ", axis=" + axis) + ")";
    Function<List<Variable>, Variable> build = vs -> product
        ? (flat ? T.cumprod(vs.get(0)) : T.cumprod(vs.get(0), axis))
        : (flat ? T.cumsum(vs.get(0)) : T.cumsum(vs.get(0), axis));
    // Float results round, as sum and prod do (float32 accumulates in float64).
    return new Built(build, List.of(a), java, np, List.of(a.name()), fn, false, true);
  }

  /**
   * Sort, argsort (NumPy's stable kind: ours is stable, and its default quicksort may order
   * equal values, +0.0 and -0.0 among them, differently), repeat, tile and diag: they move
   * values without computing any.
   */
  private Built arrange(Random r, Val a) {
    int n = a.ndim();
    int axis = n == 0 ? 0 : r.nextInt(n) - (r.nextBoolean() ? n : 0);
    String x = a.name();
    switch (r.nextInt(5)) {
      case 0:
      case 1: {
        boolean arg = r.nextBoolean();
        String fn = arg ? "argsort" : "sort";
        return new Built(vs -> arg ? T.argsort(vs.get(0), axis) : T.sort(vs.get(0), axis),
            List.of(a), "T." + fn + "(" + x + ", " + axis + ")",
            "np." + fn + "(" + x + ", axis=" + axis + ", kind=\"stable\")", List.of(), fn, false,
            false);
      }
      case 2: {
        int len = n == 0 ? 1 : a.shape()[Math.floorMod(axis, n)];
        boolean each = r.nextBoolean();
        int[] counts = new int[each ? (r.nextInt(8) == 0 ? len + 1 : len) : 1];
        for (int i = 0; i < counts.length; i++) {
          counts[i] = r.nextInt(12) == 0 ? -1 : r.nextInt(3);
        }
        boolean flat = r.nextInt(4) == 0;
        Object repeats = each ? counts : (Object) counts[0];
        String rj = each ? "new int[] {" + Case.join(counts) + "}" : Integer.toString(counts[0]);
        String rn = each ? "[" + Case.join(counts) + "]" : Integer.toString(counts[0]);
        return new Built(vs -> flat ? T.repeat(vs.get(0), repeats)
            : T.repeat(vs.get(0), repeats, axis), List.of(a),
            "T.repeat(" + x + ", " + rj + (flat ? "" : ", " + axis) + ")",
            "np.repeat(" + x + ", " + rn + (flat ? "" : ", axis=" + axis) + ")", List.of(),
            "repeat", false, false);
      }
      case 3: {
        int[] reps = new int[1 + r.nextInt(3)];
        for (int i = 0; i < reps.length; i++) {
          reps[i] = r.nextInt(3);
        }
        return new Built(vs -> T.tile(vs.get(0), reps), List.of(a),
            "T.tile(" + x + ", " + Case.join(reps) + ")",
            "np.tile(" + x + ", (" + Case.join(reps) + (reps.length == 1 ? ",))" : "))"),
            List.of(), "tile", false, false);
      }
      default:
        return new Built(vs -> T.diag(vs.get(0)), List.of(a), "T.diag(" + x + ")",
            "np.diag(" + x + ")", List.of(), "diag", false, false);
    }
  }

  /** {@code eye(n, m, k)} of a random dtype: no operand. */
  private Built eye(Random r) {
    int n = r.nextInt(4);
    int m = r.nextInt(4);
    int k = r.nextInt(9) - 4;
    DType d = randomDType(r);
    return new Built(vs -> T.eye(n, m, k, d), List.of(),
        "T.eye(" + n + ", " + m + ", " + k + ", DType." + d.name() + ")",
        "np.eye(" + n + ", " + m + ", " + k + ", dtype=np." + d.numpyName() + ")", List.of(),
        "eye", false, false);
  }
}
