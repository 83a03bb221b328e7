package org.theano4j.numpy;

import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import org.theano4j.ndarray.DType;

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
   * Sums and products of uint8 are int64 (NumPy and Theano: uint64): there is no uint64
   * dtype; int64 holds every sum of fewer than 2^55 uint8 values.
   */
  UINT8_SUM_IS_INT64("sum/prod of uint8 is int64 (no uint64 dtype)",
      (n, np) -> (n.op().equals("sum") || n.op().equals("prod"))
          && n.inputs().get(0) == DType.UINT8 && n.ours() == DType.INT64
          && np.equals("uint64")),
  /**
   * Only dimensions known at build time to have length 1 broadcast (Theano's rule): a
   * dimension of unknown length that turns out to be 1 at run time is refused, where NumPy
   * stretches it. Static broadcastability is what lets gradients know which axes to sum.
   */
  DECLARED_BROADCAST("only dimensions declared of length 1 broadcast (Theano)", null);

  /** The run-time error our declared-broadcast rule gives. */
  private static final String BROADCAST_ERROR = "only dimensions known to have length 1 "
      + "broadcast";

  /** The ops with Theano's float rule (and round, whose bool case is float32 too). */
  private static boolean isFloatFn(String op) {
    return Set.of("true_div", "exp", "log", "log1p", "expm1", "sqrt", "tanh", "sigmoid",
        "softplus", "sin", "cos", "round").contains(op);
  }

  private final String title;
  private final BiPredicate<Case.Node, String> matches;

  IntendedDifferences(String title, BiPredicate<Case.Node, String> matches) {
    this.title = title;
    this.matches = matches;
  }

  String title() {
    return title;
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
