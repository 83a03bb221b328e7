package org.theano4j.jvm;

/**
 * Per-thread scratch arrays for kernels, so that a call allocates no temporary heap arrays:
 * each slot keeps the largest array asked of it, up to {@link #KEPT_MAX} elements. A larger
 * request gets a fresh array that is not kept, so a thread never holds more than
 * {@code SLOTS * KEPT_MAX} doubles, as many longs and as many floats (5 MiB) after a call on a
 * large input.
 * A kernel uses distinct slots for arrays it needs at the same time and must not keep them
 * past its return.
 */
final class Scratch {
  private static final int SLOTS = 4;
  /** The largest array a slot keeps: 65,536 elements (512 KiB). */
  static final int KEPT_MAX = 1 << 16;
  private static final ThreadLocal<double[][]> DOUBLES =
      ThreadLocal.withInitial(() -> new double[SLOTS][0]);
  private static final ThreadLocal<float[][]> FLOATS =
      ThreadLocal.withInitial(() -> new float[SLOTS][0]);
  private static final ThreadLocal<long[][]> LONGS =
      ThreadLocal.withInitial(() -> new long[SLOTS][0]);

  private Scratch() {}

  /** A {@code double[]} of at least {@code n} elements (contents undefined). */
  static double[] doubles(int slot, int n) {
    if (n > KEPT_MAX) {
      return new double[n];
    }
    double[][] s = DOUBLES.get();
    if (s[slot].length < n) {
      s[slot] = new double[n];
    }
    return s[slot];
  }

  /** A {@code float[]} of at least {@code n} elements (contents undefined). */
  static float[] floats(int slot, int n) {
    if (n > KEPT_MAX) {
      return new float[n];
    }
    float[][] s = FLOATS.get();
    if (s[slot].length < n) {
      s[slot] = new float[n];
    }
    return s[slot];
  }

  /** A {@code long[]} of at least {@code n} elements (contents undefined). */
  static long[] longs(int slot, int n) {
    if (n > KEPT_MAX) {
      return new long[n];
    }
    long[][] s = LONGS.get();
    if (s[slot].length < n) {
      s[slot] = new long[n];
    }
    return s[slot];
  }

  /** The length of the longest array the current thread's slots keep (for tests). */
  static int largestKept() {
    int n = 0;
    for (double[] d : DOUBLES.get()) {
      n = Math.max(n, d.length);
    }
    for (long[] l : LONGS.get()) {
      n = Math.max(n, l.length);
    }
    for (float[] f : FLOATS.get()) {
      n = Math.max(n, f.length);
    }
    return n;
  }
}
