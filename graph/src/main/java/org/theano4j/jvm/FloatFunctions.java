package org.theano4j.jvm;

import org.theano4j.tensor.Scalar;

/**
 * float32 results of transcendental functions without the double lane's cost, bit for bit
 * what the lane gives rounded to float32 ({@code (float) Math.tanh((double) x)}).
 *
 * <p>Why: on JDK 17 {@code Math.tanh} is {@code StrictMath.tanh}, a JNI call into fdlibm of
 * about 20 ns per element, and even the JIT's {@code Math.exp} stub measured 14 ns per call in
 * a C2-compiled loop here (LeNet's tanh layers were a quarter of its training step).
 * {@link #tanh} computes in double {@code m / (m + 2)} with {@code m = expm1(2|x|)}, itself
 * {@code (2^k - 1) + 2^k expm1(r)}, {@code r = 2|x| - k ln 2} (Cody–Waite, {@code |r| <= 0.35};
 * for {@code k = 0} exactly {@code expm1(r)}, so small arguments lose nothing to
 * cancellation) and {@code expm1(r)} from its Taylor polynomial to degree 13 by Estrin's
 * scheme: relative error below 2^-48 (truncation below 2^-56 and a few roundings of 2^-53),
 * with no branch on the argument's size. It keeps the float that double rounds to only when
 * the double is farther than 2^-36 (relative) from every rounding midpoint of
 * float32, so the exact value rounds to the same float; otherwise (rarely) and for NaN it
 * calls the lane. Below 2^-12 the
 * float32 result is {@code x} itself ({@code |tanh x - x| < x^3/3}, under half an ulp), and
 * from 9.1 on it is ±1 ({@code 1 - tanh 9.1 < 2^-25}, half an ulp below 1). The agreement is
 * checked on every float32 input by {@code FloatFunctionsTest} (a sample in the normal test
 * run; all 2^32 inputs with {@code -Dtheano4j.exhaustive=true}).
 */
final class FloatFunctions {
  private static final double TINY = 0x1p-12;
  private static final double ONE_FROM = 9.1;
  private static final double MARGIN = 0x1p-36;

  private static final double INV_LN2 = 1.4426950408889634;
  /** ln 2 in two parts (fdlibm's): {@code k * LN2_HI} is exact for {@code |k| < 2^11}. */
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;

  private FloatFunctions() {}

  /**
   * {@code expm1(r)} for {@code |r| <= 0.35}: {@code r + r^2 q(r)}, q the Taylor polynomial
   * {@code 1/2! + r/3! + ... + r^11/13!} evaluated by Estrin's scheme (pairs, then powers
   * r^2, r^4, r^8), four levels deep instead of Horner's eleven dependent multiply-adds: the
   * elements of a loop overlap.
   */
  private static double expm1Poly(double r) {
    double r2 = r * r;
    double r4 = r2 * r2;
    double a0 = 1.0 / 2 + r * (1.0 / 6);
    double a1 = 1.0 / 24 + r * (1.0 / 120);
    double a2 = 1.0 / 720 + r * (1.0 / 5040);
    double a3 = 1.0 / 40320 + r * (1.0 / 362880);
    double a4 = 1.0 / 3628800 + r * (1.0 / 39916800);
    double a5 = 1.0 / 479001600 + r * (1.0 / 6227020800.0);
    double b0 = a0 + r2 * a1;
    double b1 = a2 + r2 * a3;
    double b2 = a4 + r2 * a5;
    double q = (b0 + r4 * b1) + (r4 * r4) * b2;
    return r + r2 * q;
  }

  /** True if {@link #apply} has a float32 loop for {@code op}. */
  static boolean has(Scalar op) {
    return op == Scalar.TANH;
  }

  /** {@code out[i] = op(a[i])} for the first {@code n} elements, float32 results. */
  static void apply(Scalar op, float[][] in, float[] out, int n) {
    if (op != Scalar.TANH) {
      throw new AssertionError(op + " has no float32 function loop");
    }
    float[] a = in[0];
    for (int i = 0; i < n; i++) {
      out[i] = tanh(a[i]);
    }
  }

  /** {@code (float) Math.tanh(x)}, bit for bit. */
  static float tanh(float x) {
    double ax = Math.abs((double) x);
    if (ax < TINY) {
      return x; // also ±0 and subnormals; NaN fails every comparison and goes on
    }
    if (ax >= ONE_FROM) {
      return Math.copySign(1f, x);
    }
    double e = 2 * ax;
    double k = Math.rint(e * INV_LN2);
    double r = (e - k * LN2_HI) - k * LN2_LO;
    double scale = Double.longBitsToDouble((long) (k + 1023) << 52); // 2^k, exact
    double em1 = (scale - 1) + scale * expm1Poly(r); // k == 0: expm1Poly(r) itself
    double t = em1 / (em1 + 2);
    float f = (float) t;
    double df = f;
    int bits = Float.floatToRawIntBits(f); // f is positive and normal here: its neighbours
    double lo = (df + Float.intBitsToFloat(bits - 1)) * 0.5;
    double hi = (df + Float.intBitsToFloat(bits + 1)) * 0.5;
    double m = t * MARGIN;
    if (!(t - lo > m && hi - t > m)) {
      return (float) Math.tanh(x); // near a rounding midpoint, or NaN: the lane decides
    }
    return Math.copySign(f, x); // no branch on the sign: random signs mispredict
  }
}
