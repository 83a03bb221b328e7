package org.theano4j.jvm;

/**
 * Per-thread scratch arrays for kernels, so that a call allocates no temporary heap arrays:
 * each slot keeps the largest array asked of it. A kernel uses distinct slots for arrays it
 * needs at the same time and must not keep them past its return.
 */
final class Scratch {
  private static final int SLOTS = 4;
  private static final ThreadLocal<double[][]> DOUBLES =
      ThreadLocal.withInitial(() -> new double[SLOTS][0]);
  private static final ThreadLocal<long[][]> LONGS =
      ThreadLocal.withInitial(() -> new long[SLOTS][0]);

  private Scratch() {}

  /** A {@code double[]} of at least {@code n} elements (contents undefined). */
  static double[] doubles(int slot, int n) {
    double[][] s = DOUBLES.get();
    if (s[slot].length < n) {
      s[slot] = new double[n];
    }
    return s[slot];
  }

  /** A {@code long[]} of at least {@code n} elements (contents undefined). */
  static long[] longs(int slot, int n) {
    long[][] s = LONGS.get();
    if (s[slot].length < n) {
      s[slot] = new long[n];
    }
    return s[slot];
  }
}
