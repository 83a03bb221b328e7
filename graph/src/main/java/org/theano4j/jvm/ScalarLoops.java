package org.theano4j.jvm;

import org.theano4j.tensor.Scalar;

/**
 * Loops of the primitive scalar functions over chunks, in the two lanes of {@link Scalar}:
 * {@code double} for float computations and {@code long} for exact integer/bool ones (stores
 * wrap to the output dtype). Each element is evaluated by the function's lane in the scalar
 * table, the one definition the CUDA interpreter and constant folding use too.
 *
 * <p>The exception is the plain arithmetic ({@code + - * /}, max, min, neg, sqr): a call of the
 * lane per element is not inlined (one loop serves every function), which measured about twice
 * as slow for {@code add} of 600×784 float32 (KernelBenchmark.add600x784, docs/performance.md),
 * so these keep a loop of their own the JIT can vectorise. {@code ScalarLoopsTest} checks
 * that each such loop agrees with the table's lane, NaN, infinities and signed zeros included.
 */
final class ScalarLoops {
  private ScalarLoops() {}

  static void apply(Scalar op, double[][] in, double[] out, int n) {
    if (!fast(op, in, out, n)) {
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
      default -> { return false; }
    }
    return true;
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
