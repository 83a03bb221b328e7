package org.theano4j.numpy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.Scalar;

/**
 * The only allowlist of the NumPy differential test: Theano's type rules, which we follow on
 * purpose where they differ from NumPy's. docs/semantics.md mirrors this table; each entry
 * says why. An entry matches one node whose result type differs: our node (with our dtype)
 * and what NumPy gave for it (its dtype name, or {@code !} and the exception class).
 */
enum IntendedDifferences {
  /**
   * Float functions of bool and small integers give float32 (int32/int64: float64), Theano's
   * {@code upgrade_to_float}; NumPy gives float16 for 1-byte inputs and float64 for the
   * quotient of integers. float16 is not one of our dtypes, and float32 keeps GPU code fast.
   */
  FLOAT_OF_SMALL_INTS("float functions of bool and small integers (Theano's upgrade_to_float)",
      (n, np) -> !n.literal() && isFloatFn(n.op()) && promoted(n.inputs()).isDiscrete()
          && n.ours() == promoted(n.inputs()).upgradeToFloat()
          && (np.equals("float16") || np.equals("float64") || np.equals("float32"))),
  /**
   * Java number literals follow Theano's autocast: an int literal takes the tensor's dtype
   * when it fits, else the smallest signed integer holding it (NumPy 2 raises OverflowError
   * for {@code int8_array + 300}); with a bool tensor it is int8 (NumPy: int64); a double
   * literal with an integer tensor is floatX (float32; NumPy: float64).
   */
  LITERAL_AUTOCAST("Java number literals (Theano's autocast)",
      (n, np) -> n.literal() && n.ours() != null && !np.equals("ok")),
  /**
   * setSubtensor / incSubtensor store a value only when its dtype casts to the tensor's
   * without loss (Theano's rule; NumPy's {@code x[i] = v} casts unsafely, so an int8 2 into
   * a bool tensor becomes True there). An int literal for a bool tensor is int8 (autocast).
   */
  STORE_WITHOUT_LOSS("set/inc subtensor only store values that cast without loss (Theano)",
      (n, np) -> n.ours() == null && n.op().endsWith("Subtensor")
          && n.refusal().contains("without loss") && np.equals("ok")),
  /**
   * A 0-d tensor has no axis: {@code cumsum}, {@code cumprod}, {@code repeat} and
   * {@code argsort} along axis 0 or -1 of a scalar are refused (Theano refuses them too);
   * NumPy treats the scalar as a vector of one for these four (a legacy of flattening them
   * first), though not for {@code sort}, which refuses as we do. The flattening forms
   * ({@code T.cumsum(x)}, {@code T.repeat(x, r)}) accept a scalar, as NumPy's.
   */
  SCALAR_HAS_NO_AXIS("cumsum/cumprod/repeat/argsort along an axis of a 0-d tensor are "
      + "refused (no axis; NumPy: a vector of one)",
      (n, np) -> n.ours() == null && np.equals("ok")
          && Set.of("cumsum", "cumprod", "repeat", "argsort").contains(n.op())
          && refusesAnAxisOfAScalar(n.refusal())),
  /**
   * Sums and products of uint8 (and their running forms cumsum/cumprod) are int64 (NumPy and
   * Theano: uint64): there is no uint64 dtype; int64 holds every sum of fewer than 2^55
   * uint8 values.
   */
  UINT8_SUM_IS_INT64("sum/prod/cumsum/cumprod of uint8 is int64 (no uint64 dtype)",
      (n, np) -> Set.of("sum", "prod", "cumsum", "cumprod").contains(n.op())
          && n.inputs().get(0) == DType.UINT8 && n.ours() == DType.INT64
          && np.equals("uint64")),
  /**
   * Only dimensions known at build time to have length 1 broadcast (Theano's rule): a
   * dimension of unknown length that turns out to be 1 at run time is refused, where NumPy
   * stretches it. Static broadcastability is what lets gradients know which axes to sum.
   */
  DECLARED_BROADCAST("only dimensions declared of length 1 broadcast (Theano)", null),
  /**
   * float32 {@code sum}, {@code prod} and {@code mean} accumulate in float64 and round once to
   * float32 (the JVM kernels and both CUDA paths), more accurate than NumPy's float32
   * accumulation; the two differ in the last bits, which a following {@code cos} of a large
   * product amplifies. So do {@code cumsum} and {@code cumprod}, each element rounded once
   * from the float64 running value. NumPy's side evaluates these nodes in float64.
   */
  FLOAT32_REDUCES_IN_FLOAT64("float32 sum/prod/mean/cumsum/cumprod accumulate in float64",
      "float64_accumulation", n -> Set.of("sum", "prod", "mean", "cumsum", "cumprod")
          .contains(n.op())
          && n.ours() == DType.FLOAT32 && n.inputs().get(0) == DType.FLOAT32),
  /**
   * {@code dot}/{@code tensordot} multiply every pair of elements, so a zero times an infinity
   * is NaN (IEEE 754) and so is the sum it is part of; NumPy's BLAS kernels may skip a zero
   * factor (its matrix-vector product does) and give a finite sum. NumPy's side recomputes
   * such a node (an operand holding inf or NaN) with explicit products and sums.
   */
  DOT_IEEE_PRODUCTS("dot/tensordot of inf or NaN: every product counts (0 * inf is NaN)",
      "ieee_products", n -> (n.op().equals("dot") || n.op().equals("tensordot"))
          && n.ours() != null && n.ours().isFloat()),
  /**
   * A zero from {@code dot}/{@code tensordot} is {@code +0.0}: BLAS (beta = 0) and our integer
   * and cuBLAS paths start the sum from {@code +0.0}; NumPy gives {@code -0.0} for some shapes
   * (a single product {@code -6.0 * 0.0} of 1×1 matrices) and {@code +0.0} for others (a 3×3
   * product of {@code -0.0}), so no accumulator start matches it everywhere.
   */
  DOT_ZERO_IS_POSITIVE("a zero from dot/tensordot is +0.0 (BLAS)", "positive_zero",
      n -> (n.op().equals("dot") || n.op().equals("tensordot")) && n.ours() != null
          && n.ours().isFloat()),
  /**
   * {@code maximum}, {@code minimum}, {@code clip}, {@code relu} and the {@code max}/{@code min}
   * reductions order {@code +0.0} above
   * {@code -0.0} (IEEE 754-2019's maximum/minimum, Java's {@code Math.max}/{@code min}, the
   * CUDA prelude's {@code t4j_maximum}); NumPy returns one of two equal zeros by argument
   * order, and which one depends on its loop: {@code np.maximum(0.0, -0.0)} is {@code -0.0}
   * (the SIMD loop returns the second), the scalar C loop returns the first.
   */
  SIGNED_ZERO_ORDER("max/min of +0.0 and -0.0 is +0.0/-0.0 (IEEE 754-2019)",
      "signed_zero_order", n -> Set.of("maximum", "minimum", "clip", "relu", "max", "min")
          .contains(n.op())
          && n.ours() != null && n.ours().isFloat()),
  /**
   * {@code gammaln(-inf)} is {@code +inf}: C99's {@code lgamma} (and CUDA's, which the
   * generated code calls), {@code log|Γ(x)|} growing without bound as x goes to -inf between
   * the poles; SciPy 1.17 gives {@code -inf}. NumPy's side sets +inf there and says so.
   */
  GAMMALN_OF_MINUS_INF("gammaln(-inf) is +inf (C99 lgamma; SciPy: -inf)", "lgamma_minus_inf",
      n -> n.op().equals("gammaln") && n.ours() != null),
  /**
   * Not a difference of meaning but a limit of any comparison: {@code sin}/{@code cos}/{@code tan}
   * of a rounded argument beyond {@value #PERIODIC_BOUND} in magnitude, {@code tan} of a
   * rounded argument whose result exceeds {@value #TAN_POLE_BOUND} in magnitude (a pole), and
   * {@code arcsin}/{@code arccos}/{@code arctanh}/{@code erfinv} of a rounded argument within
   * {@value #EDGE_BOUND} of ±1, {@code arccosh} of one within it of 1 (a square-root or
   * logarithmic singularity), and {@code psi}/{@code gammaln} of one within it of a pole
   * (0, -1, -2, ...), where SciPy's own {@code psi} is off too: {@code psi(expm1(-28.0))} is
   * -1446242654903.397 (ours, and mpmath at 40 digits), SciPy 1.17 -1446297058383.48 (seed 7,
   * case 32335). One ulp of the argument (NumPy's float32 {@code exp},
   * {@code tan}, {@code tanh} are not always correctly rounded; ours are) is then more than
   * the tolerance: {@code arcsin} of float32 {@code tan(pi/4)} is pi/2 for our correctly
   * rounded 1.0 and 1.57045 for NumPy's 0.99999994; at 2.4e7 (float32 ulp 2) a cosine is
   * arbitrary. NumPy's side reports the node; the root is then compared on dtype, shape and
   * NaN positions only.
   */
  ILL_CONDITIONED("sin/cos/tan of a rounded argument beyond 256, tan beyond 1000, arcsin/"
      + "arccos/arctanh/erfinv/arccosh next to ±1, psi/gammaln next to a pole: values not "
      + "compared", "ill_conditioned", n -> Set.of("sin", "cos", "tan", "arcsin", "arccos",
          "arctanh", "erfinv", "arccosh", "psi", "gammaln").contains(n.op())
          && n.roundedOperand());

  /** numpy_eval.py's bound for ILL_CONDITIONED: float32's ulp there is 3e-5 (tolerance 1e-4). */
  static final int PERIODIC_BOUND = 256;
  /**
   * numpy_eval.py's second bound for ILL_CONDITIONED: near a pole of tan, where |tan x| is above
   * 1000, one float32 ulp of an argument near 1 moves tan by more than 1e-4 relative
   * ({@code (1 + tan^2) ulp(x) / |tan x|}).
   */
  static final int TAN_POLE_BOUND = 1000;
  /**
   * numpy_eval.py's third bound for ILL_CONDITIONED: within it of ±1 the functions with a
   * singularity there move by more than the tolerance for one float32 ulp of the argument
   * ({@code arcsin(1 - u) = pi/2 - sqrt(2u)}; {@code erfinv'} is {@code 2e6} at 1 - 6e-8).
   */
  static final double EDGE_BOUND = 1e-3;

  /**
   * Whether {@code refusal} is ours of an axis of a 0-d tensor: the axis check names the
   * tensor, whose type has the empty shape {@code ()}; argsort says "got a scalar".
   */
  private static boolean refusesAnAxisOfAScalar(String refusal) {
    return refusal.matches("(?s).*(is out of range for (rank 0"
        + "|(output of (?:(?!TensorType).)*|'[^']*') TensorType\\(\\w+, \\(\\)\\))"
        + "|argsort needs a tensor of rank 1 or more, got a scalar).*");
  }

  /** The run-time error our declared-broadcast rule gives. */
  private static final String BROADCAST_ERROR = "only dimensions known to have length 1 "
      + "broadcast";

  /** The ops with Theano's float rule (and round, whose bool case is float32 too). */
  /** The scalar table's float functions (dtype rule FLOAT), and round of bools (float32). */
  private static boolean isFloatFn(String op) {
    return op.equals("round") || Arrays.stream(Scalar.values())
        .anyMatch(s -> s.rule() == Scalar.Rule.FLOAT && s.opName().equals(op));
  }

  private final String title;
  private final BiPredicate<Case.Node, String> matches;
  /** For a value rule: its name in numpy_eval.py and the nodes it applies to; else null. */
  private final String rule;
  private final Predicate<Case.Node> appliesTo;

  IntendedDifferences(String title, BiPredicate<Case.Node, String> matches) {
    this.title = title;
    this.matches = matches;
    this.rule = null;
    this.appliesTo = null;
  }

  /** A value rule: NumPy's side changes the node's value as we compute it, and says so. */
  IntendedDifferences(String title, String rule, Predicate<Case.Node> appliesTo) {
    this.title = title;
    this.matches = null;
    this.rule = rule;
    this.appliesTo = appliesTo;
  }

  /** The value rules (names in numpy_eval.py) NumPy's side applies to {@code node}. */
  static List<String> valueRules(Case.Node node) {
    List<String> out = new ArrayList<>();
    for (IntendedDifferences d : values()) {
      if (d.rule != null && d.appliesTo.test(node)) {
        out.add(d.rule);
      }
    }
    return out;
  }

  /** The entry of value rule {@code rule} (as numpy_eval.py reports it), or null. */
  static IntendedDifferences ofRule(String rule) {
    for (IntendedDifferences d : values()) {
      if (rule.equals(d.rule)) {
        return d;
      }
    }
    return null;
  }

  String title() {
    return title;
  }

  /** The value rule's name in numpy_eval.py, or null. */
  String rule() {
    return rule;
  }

  /** The entry explaining our run-time error where NumPy computes, or null. */
  static IntendedDifferences explainError(String message) {
    return message != null && message.contains(BROADCAST_ERROR) ? DECLARED_BROADCAST : null;
  }

  /** The entry explaining that NumPy gave {@code numpy} for {@code node}, or null. */
  static IntendedDifferences explain(Case.Node node, String numpy) {
    for (IntendedDifferences d : values()) {
      if (d.matches != null && d.matches.test(node, numpy)) {
        return d;
      }
    }
    return null;
  }

  private static DType promoted(List<DType> ds) {
    DType p = ds.get(0);
    for (DType d : ds) {
      p = DType.promote(p, d);
    }
    return p;
  }
}
