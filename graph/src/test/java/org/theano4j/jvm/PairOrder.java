package org.theano4j.jvm;

/**
 * {@link FloatPairSums}' orders written out as direct loops, lane by lane and element by
 * element (the references of ReduceBitExactTest and ReduceLayoutsTest): a lane's elements in
 * pairs, then one by one, its float pair folded into its double every {@link
 * FloatPairSums#FOLD_STEPS} steps and at the end.
 */
final class PairOrder {
  private PairOrder() {}

  /**
   * The lane sum of {@code e} whose first {@code paired} (even) elements go in two at a time
   * and the rest one at a time.
   */
  static double lane(float[] e, int paired) {
    float hi = 0;
    float lo = 0;
    double d = 0;
    int steps = 0;
    for (int k = 0; k < e.length; ) {
      if (k < paired) {
        float[] p = twoSum(hi, e[k]);
        float[] q = twoSum(p[0], e[k + 1]);
        hi = q[0];
        lo = lo + (p[1] + q[1]);
        k += 2;
        if (++steps % FloatPairSums.FOLD_STEPS == 0) {
          d = d + ((double) hi + (double) lo);
          hi = 0;
          lo = 0;
        }
      } else {
        float[] p = twoSum(hi, e[k]);
        hi = p[0];
        lo = lo + p[1];
        k++;
      }
    }
    return d + ((double) hi + (double) lo);
  }

  /** Knuth's error-free sum in float: {@code {s, e}} with {@code s + e == a + b} exactly. */
  private static float[] twoSum(float a, float b) {
    float s = a + b;
    float t = s - a;
    return new float[] {s, (a - (s - t)) + (b - t)};
  }

  /**
   * The pair sum of a row of {@code n} float32 elements {@code v[start..start+n)}, or NaN
   * where it is not finite (the caller's fallback decides).
   */
  static double row(double[] v, int start, int n) {
    int lanes = FloatPairSums.LANES;
    int full = n / lanes;
    double[] c = new double[8];
    for (int i = 0; i < lanes; i++) {
      int count = (n - i + lanes - 1) / lanes;
      float[] e = new float[Math.max(count, 0)];
      for (int k = 0; k < e.length; k++) {
        e[k] = (float) v[start + i + k * lanes];
      }
      c[i % 8] += lane(e, 2 * (full / 2));
    }
    double s = ((c[0] + c[1]) + (c[2] + c[3])) + ((c[4] + c[5]) + (c[6] + c[7]));
    return Double.isFinite(s) ? s : Double.NaN;
  }

  /** The pair sum of one column's elements {@code e} in order; its double chain if not finite. */
  static double column(double[] e) {
    float[] f = new float[e.length];
    double chain = 0;
    for (int k = 0; k < e.length; k++) {
      f[k] = (float) e[k];
      chain += e[k];
    }
    double s = lane(f, 2 * (e.length / 2));
    return Double.isFinite(s) ? s : chain;
  }
}
