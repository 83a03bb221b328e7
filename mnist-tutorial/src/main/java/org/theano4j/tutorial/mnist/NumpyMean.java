package org.theano4j.tutorial.mnist;

/**
 * {@code numpy.mean} of a list of doubles, bit for bit: NumPy adds float64 arrays by pairwise
 * summation (eight partial sums for blocks of up to 128 elements, halving above that) and
 * then divides by the length.
 *
 * <p>The tutorial averages per-minibatch error rates with {@code numpy.mean}, and early
 * stopping compares those averages with {@code <}. Two epochs with the same total number of
 * mistakes, spread differently over the minibatches, can average to values one ulp apart,
 * so a plain left-to-right sum would take a different early-stopping path than the original.
 */
final class NumpyMean {
  private static final int BLOCK = 128;

  private NumpyMean() {}

  static double mean(double[] a) {
    return pairwiseSum(a, 0, a.length) / a.length;
  }

  static double pairwiseSum(double[] a, int from, int n) {
    if (n < 8) {
      double res = -0.0;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    if (n <= BLOCK) {
      double[] r = new double[8];
      for (int j = 0; j < 8; j++) {
        r[j] = a[from + j];
      }
      int i;
      for (i = 8; i < n - n % 8; i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[from + i + j];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    int n2 = n / 2;
    n2 -= n2 % 8;
    return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
  }
}
