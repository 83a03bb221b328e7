package org.theano4j.jvm;

import org.theano4j.tensor.Scalar;

/**
 * Loops of the primitive scalar functions over chunks, in the two lanes of {@link Scalar}:
 * {@code double} for float computations and {@code long} for exact integer/bool ones (stores
 * wrap to the output dtype). Each element is evaluated by the function's lane in the scalar
 * table, the one definition the CUDA interpreter and constant folding use too.
 *
 * <p>The exception is the cheap functions (arithmetic {@code + - * /}, max, min, neg, sqr, abs,
 * relu, the comparisons, and for integers and/or): a call of the lane per element is not
 * inlined (one loop serves every function), which measured 12 times slower per element for
 * {@code add} (1.7 ns against 0.14 ns; docs/performance.md), so these keep a loop of their
 * own the JIT can vectorise. For {@code exp} or {@code tanh} the call costs nothing measurable. {@code ScalarLoopsTest} checks
 * that each such loop agrees with the table's lane, NaN, infinities and signed zeros included.
 */
final class ScalarLoops {
  private ScalarLoops() {}

  static void apply(Scalar op, double[][] in, double[] out, int n) {
    if (!fast(op, in, out, n)) {
      lane(op, in, out, n);
    }
  }

  /**
   * The loop of a function without a hand-written one ({@link #isFast} false): the vectorised
   * passes of {@link DoublePasses} where it has {@code op}, else the lane per element. Both
   * give the lane's results.
   */
  static void lane(Scalar op, double[][] in, double[] out, int n) {
    if (DoublePasses.has(op)) {
      DoublePasses.apply(op, in[0], out, n);
    } else {
      apply(op.doubleLane(), in, out, n);
    }
  }

  /** The hand-written loop of a plain arithmetic function; false for the others. */
  static boolean fast(Scalar op, double[][] in, double[] out, int n) {
    double[] a = in[0];
    double[] b = in.length > 1 ? in[1] : null;
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) { out[i] = a[i] + b[i]; } }
      case SUB -> { for (int i = 0; i < n; i++) { out[i] = a[i] - b[i]; } }
      case MUL -> { for (int i = 0; i < n; i++) { out[i] = a[i] * b[i]; } }
      case TRUE_DIV -> { for (int i = 0; i < n; i++) { out[i] = a[i] / b[i]; } }
      case MAXIMUM -> { for (int i = 0; i < n; i++) { out[i] = Math.max(a[i], b[i]); } }
      case MINIMUM -> { for (int i = 0; i < n; i++) { out[i] = Math.min(a[i], b[i]); } }
      case NEG -> { for (int i = 0; i < n; i++) { out[i] = -a[i]; } }
      case SQR -> { for (int i = 0; i < n; i++) { out[i] = a[i] * a[i]; } }
      case ABS -> { for (int i = 0; i < n; i++) { out[i] = Math.abs(a[i]); } }
      case RELU -> { for (int i = 0; i < n; i++) { out[i] = Math.max(a[i], 0.0); } }
      case EQ -> { for (int i = 0; i < n; i++) { out[i] = a[i] == b[i] ? 1 : 0; } }
      case NEQ -> { for (int i = 0; i < n; i++) { out[i] = a[i] != b[i] ? 1 : 0; } }
      case LT -> { for (int i = 0; i < n; i++) { out[i] = a[i] < b[i] ? 1 : 0; } }
      case LE -> { for (int i = 0; i < n; i++) { out[i] = a[i] <= b[i] ? 1 : 0; } }
      case GT -> { for (int i = 0; i < n; i++) { out[i] = a[i] > b[i] ? 1 : 0; } }
      case GE -> { for (int i = 0; i < n; i++) { out[i] = a[i] >= b[i] ? 1 : 0; } }
      default -> { return false; }
    }
    return true;
  }

  /**
   * Which operand of a binary function is constant, for {@link #fastConstant}: 0 or 1 when
   * exactly one is, else -1.
   */
  static int constantOperand(boolean first, boolean second) {
    return first == second ? -1 : first ? 0 : 1;
  }

  /**
   * The loop of {@code + - * /} with a constant operand, {@code in[k][0]} (every element of
   * {@code in[k]} is that value): the same IEEE operation on the same operands in the same
   * order as {@link #fast}, with the constant in a register instead of read from a buffer
   * per element. False (nothing computed) for any other function.
   */
  static boolean fastConstant(Scalar op, double[][] in, int k, double[] out, int n) {
    if (in.length != 2) {
      return false;
    }
    double[] a = in[1 - k];
    double c = in[k][0];
    boolean left = k == 0;
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) { out[i] = left ? c + a[i] : a[i] + c; } }
      case SUB -> { for (int i = 0; i < n; i++) { out[i] = left ? c - a[i] : a[i] - c; } }
      case MUL -> { for (int i = 0; i < n; i++) { out[i] = left ? c * a[i] : a[i] * c; } }
      case TRUE_DIV -> { for (int i = 0; i < n; i++) { out[i] = left ? c / a[i] : a[i] / c; } }
      default -> { return false; }
    }
    return true;
  }

  /** The float32 {@link #fastConstant(Scalar, double[][], int, double[], int)}. */
  static boolean fastConstant(Scalar op, float[][] in, int k, float[] out, int n) {
    if (in.length != 2) {
      return false;
    }
    float[] a = in[1 - k];
    float c = in[k][0];
    boolean left = k == 0;
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) { out[i] = left ? c + a[i] : a[i] + c; } }
      case SUB -> { for (int i = 0; i < n; i++) { out[i] = left ? c - a[i] : a[i] - c; } }
      case MUL -> { for (int i = 0; i < n; i++) { out[i] = left ? c * a[i] : a[i] * c; } }
      case TRUE_DIV -> { for (int i = 0; i < n; i++) { out[i] = left ? c / a[i] : a[i] / c; } }
      default -> { return false; }
    }
    return true;
  }

  private static final double[][] NO_INPUTS = {new double[0], new double[0], new double[0]};

  /** True if {@link #fast(Scalar, double[][], double[], int)} has a loop for {@code op}. */
  static boolean isFast(Scalar op) {
    return fast(op, NO_INPUTS, NO_INPUTS[0], 0); // zero elements: only the switch runs
  }

  /**
   * The float32 loops of the functions whose float result equals the double one rounded
   * ({@link LayoutLoops#exactInFloat}); an {@link AssertionError} for any other.
   */
  static void fast(Scalar op, float[][] in, float[] out, int n) {
    float[] a = in[0];
    float[] b = in.length > 1 ? in[1] : null;
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) { out[i] = a[i] + b[i]; } }
      case SUB -> { for (int i = 0; i < n; i++) { out[i] = a[i] - b[i]; } }
      case MUL -> { for (int i = 0; i < n; i++) { out[i] = a[i] * b[i]; } }
      case TRUE_DIV -> { for (int i = 0; i < n; i++) { out[i] = a[i] / b[i]; } }
      case MAXIMUM -> { for (int i = 0; i < n; i++) { out[i] = Math.max(a[i], b[i]); } }
      case MINIMUM -> { for (int i = 0; i < n; i++) { out[i] = Math.min(a[i], b[i]); } }
      case NEG -> { for (int i = 0; i < n; i++) { out[i] = -a[i]; } }
      case SQR -> { for (int i = 0; i < n; i++) { out[i] = a[i] * a[i]; } }
      case ABS -> { for (int i = 0; i < n; i++) { out[i] = Math.abs(a[i]); } }
      case RELU -> { for (int i = 0; i < n; i++) { out[i] = Math.max(a[i], 0f); } }
      default -> throw new AssertionError(op + " has no float32 loop");
    }
  }

  /** The loop through the scalar table's lane: one call per element. */
  static void apply(Scalar.DoubleLane f, double[][] in, double[] out, int n) {
    double[] a = in[0];
    switch (in.length) {
      case 1 -> {
        for (int i = 0; i < n; i++) {
          out[i] = f.apply(a[i], 0, 0);
        }
      }
      case 2 -> {
        double[] b = in[1];
        for (int i = 0; i < n; i++) {
          out[i] = f.apply(a[i], b[i], 0);
        }
      }
      default -> {
        double[] b = in[1];
        double[] c = in[2];
        for (int i = 0; i < n; i++) {
          out[i] = f.apply(a[i], b[i], c[i]);
        }
      }
    }
  }

  static void apply(Scalar op, long[][] in, long[] out, int n, boolean boolResult) {
    if (!fast(op, in, out, n)) {
      apply(op.longLane(boolResult), in, out, n);
    }
  }

  /** The hand-written loop of a plain arithmetic function; false for the others. */
  static boolean fast(Scalar op, long[][] in, long[] out, int n) {
    long[] a = in[0];
    long[] b = in.length > 1 ? in[1] : null;
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) { out[i] = a[i] + b[i]; } }
      case SUB -> { for (int i = 0; i < n; i++) { out[i] = a[i] - b[i]; } }
      case MUL -> { for (int i = 0; i < n; i++) { out[i] = a[i] * b[i]; } }
      case MAXIMUM -> { for (int i = 0; i < n; i++) { out[i] = Math.max(a[i], b[i]); } }
      case MINIMUM -> { for (int i = 0; i < n; i++) { out[i] = Math.min(a[i], b[i]); } }
      case NEG -> { for (int i = 0; i < n; i++) { out[i] = -a[i]; } }
      case SQR -> { for (int i = 0; i < n; i++) { out[i] = a[i] * a[i]; } }
      case EQ -> { for (int i = 0; i < n; i++) { out[i] = a[i] == b[i] ? 1 : 0; } }
      case NEQ -> { for (int i = 0; i < n; i++) { out[i] = a[i] != b[i] ? 1 : 0; } }
      case LT -> { for (int i = 0; i < n; i++) { out[i] = a[i] < b[i] ? 1 : 0; } }
      case LE -> { for (int i = 0; i < n; i++) { out[i] = a[i] <= b[i] ? 1 : 0; } }
      case GT -> { for (int i = 0; i < n; i++) { out[i] = a[i] > b[i] ? 1 : 0; } }
      case GE -> { for (int i = 0; i < n; i++) { out[i] = a[i] >= b[i] ? 1 : 0; } }
      case AND -> { for (int i = 0; i < n; i++) { out[i] = a[i] & b[i]; } }
      case OR -> { for (int i = 0; i < n; i++) { out[i] = a[i] | b[i]; } }
      default -> { return false; }
    }
    return true;
  }

  /** The loop through the scalar table's lane: one call per element. */
  static void apply(Scalar.LongLane f, long[][] in, long[] out, int n) {
    long[] a = in[0];
    switch (in.length) {
      case 1 -> {
        for (int i = 0; i < n; i++) {
          out[i] = f.apply(a[i], 0, 0);
        }
      }
      case 2 -> {
        long[] b = in[1];
        for (int i = 0; i < n; i++) {
          out[i] = f.apply(a[i], b[i], 0);
        }
      }
      default -> {
        long[] b = in[1];
        long[] c = in[2];
        for (int i = 0; i < n; i++) {
          out[i] = f.apply(a[i], b[i], c[i]);
        }
      }
    }
  }
}
