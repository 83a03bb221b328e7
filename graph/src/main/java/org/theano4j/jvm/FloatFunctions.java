package org.theano4j.jvm;

import org.theano4j.tensor.Scalar;

/**
 * float32 results of transcendental functions without the double lane's cost, bit for bit
 * what the lane gives rounded to float32 ({@code (float) Math.tanh((double) x)}): tanh, exp,
 * expm1, log, log1p, sigmoid, softplus, erf.
 *
 * <p>Why: on JDK 17 {@code Math.tanh}, {@code log1p} and {@code expm1} are
 * {@code StrictMath}'s, JNI calls into fdlibm of 13–35 ns per element; even the JIT's
 * {@code Math.exp} stub measured 14 ns per call in the kernels' loop here, and the lane's
 * {@code erf} (a series) 150 ns (docs/performance.md, "float32 transcendentals").
 *
 * <p>How: each function computes a double candidate from branch-free polynomials with a
 * relative error far below float32's resolution: {@code e^x} and {@code expm1} by Cody–Waite
 * reduction ({@code r = x - k ln 2}, {@code |r| <= 0.35}; for {@code k = 0} exactly
 * {@code expm1(r)}, so small arguments lose nothing to cancellation) and {@code expm1(r)}'s
 * Taylor polynomial to degree 13 by Estrin's scheme (relative error below 2^-48);
 * {@code ln} by splitting {@code u = m 2^k}, {@code m} in {@code [sqrt(1/2), sqrt 2)}, and the
 * series of {@code 2 atanh((m-1)/(m+1))} (below 2^-49); tanh, sigmoid and softplus from those;
 * erf by its Taylor polynomial of degree 8 at the nearest of 65 grid points {@code j/16}.
 * {@link #settle} keeps the float that the candidate rounds to only when the candidate is
 * farther than 2^-36 (relative) from every float32 rounding midpoint, so that the exact value,
 * and the lane's double (both within far less than 2^-36 of the candidate), round to the same
 * float; otherwise (about one element in 2,000) and for NaN, infinities, zeros and results
 * outside float32's normal range it calls the lane. The agreement is checked on every float32
 * input by {@code FloatFunctionsTest} (a sample in the normal test run; all 2^32 inputs with
 * {@code -Dtheano4j.exhaustive=true}).
 */
final class FloatFunctions {
  /**
   * tanh: below 2^-12 the float32 result is {@code x} itself ({@code |tanh x - x| < x^3/3},
   * under half an ulp), from 9.1 on ±1 ({@code 1 - tanh 9.1 < 2^-25}, half an ulp below 1).
   */
  private static final double TINY = 0x1p-12;
  private static final double ONE_FROM = 9.1;

  private static final double INV_LN2 = 1.4426950408889634;
  /** ln 2 in two parts (fdlibm's): {@code k * LN2_HI} is exact for {@code |k| < 2^11}. */
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  /** The bits of {@code sqrt(1/2)}, rounded down: {@code m} of {@link #logDouble} starts there. */
  private static final long SQRT_HALF_BITS = Double.doubleToRawLongBits(Math.sqrt(0.5));

  private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

  private static final Scalar.DoubleLane TANH = Scalar.TANH.doubleLane();
  private static final Scalar.DoubleLane EXP = Scalar.EXP.doubleLane();
  private static final Scalar.DoubleLane EXPM1 = Scalar.EXPM1.doubleLane();
  private static final Scalar.DoubleLane LOG = Scalar.LOG.doubleLane();
  private static final Scalar.DoubleLane LOG1P = Scalar.LOG1P.doubleLane();
  private static final Scalar.DoubleLane SIGMOID = Scalar.SIGMOID.doubleLane();
  private static final Scalar.DoubleLane SOFTPLUS = Scalar.SOFTPLUS.doubleLane();
  private static final Scalar.DoubleLane ERF = Scalar.ERF.doubleLane();

  /** erf's grid: points {@code j / 16}, {@code j = 0 .. 64}; from 4 on float32 erf is ±1. */
  private static final int ERF_STEPS = 16;
  private static final int ERF_POINTS = 4 * ERF_STEPS + 1;
  /** Degree of erf's Taylor polynomial at each grid point. */
  private static final int ERF_DEGREE = 8;
  /** Row {@code j}: the Taylor coefficients of erf at {@code j / 16}, constant term first. */
  private static final double[] ERF_TAYLOR = erfTaylor();

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
    return switch (op) {
      case TANH, EXP, EXPM1, LOG, LOG1P, SIGMOID, SOFTPLUS, ERF -> true;
      default -> false;
    };
  }

  /**
   * {@code out[i] = op(a[i])} for the first {@code n} elements, float32 results. Each function
   * has a loop method of its own, so that the JIT compiles and inlines each one separately.
   */
  static void apply(Scalar op, float[][] in, float[] out, int n) {
    float[] a = in[0];
    switch (op) {
      case TANH -> tanhLoop(a, out, n);
      case EXP -> expLoop(a, out, n);
      case EXPM1 -> expm1Loop(a, out, n);
      case LOG -> logLoop(a, out, n);
      case LOG1P -> log1pLoop(a, out, n);
      case SIGMOID -> sigmoidLoop(a, out, n);
      case SOFTPLUS -> softplusLoop(a, out, n);
      case ERF -> erfLoop(a, out, n);
      default -> throw new AssertionError(op + " has no float32 function loop");
    }
  }

  private static void tanhLoop(float[] a, float[] out, int n) {
    for (int i = 0; i < n; i++) {
      out[i] = tanh(a[i]);
    }
  }

  private static void expLoop(float[] a, float[] out, int n) {
    for (int i = 0; i < n; i++) {
      out[i] = exp(a[i]);
    }
  }

  private static void expm1Loop(float[] a, float[] out, int n) {
    for (int i = 0; i < n; i++) {
      out[i] = expm1(a[i]);
    }
  }

  private static void logLoop(float[] a, float[] out, int n) {
    for (int i = 0; i < n; i++) {
      out[i] = log(a[i]);
    }
  }

  private static void log1pLoop(float[] a, float[] out, int n) {
    for (int i = 0; i < n; i++) {
      out[i] = log1p(a[i]);
    }
  }

  private static void sigmoidLoop(float[] a, float[] out, int n) {
    for (int i = 0; i < n; i++) {
      out[i] = sigmoid(a[i]);
    }
  }

  private static void erfLoop(float[] a, float[] out, int n) {
    for (int i = 0; i < n; i++) {
      out[i] = erf(a[i]);
    }
  }

  private static void softplusLoop(float[] a, float[] out, int n) {
    for (int i = 0; i < n; i++) {
      out[i] = softplus(a[i]);
    }
  }

  /**
   * The float32 value {@code t} rounds to if every number within {@code 2^-36 |t|} of
   * {@code t} rounds to it too, else NaN (also for a result outside float32's normal range, and
   * for NaN, infinite or zero {@code t}): the caller then asks the lane. Read from {@code t}'s
   * bits: rounding to float32 drops the low 29 of its 52 fraction bits, and the rounding
   * midpoint is where they are {@code 2^28}; {@code t} is kept when they are more than
   * {@code 2^17} units of {@code t}'s last place ({@code 2^-35} of its binade's lower power of
   * two, so more than {@code 2^-36 |t|}) from it.
   */
  private static float settle(double t) {
    long bits = Double.doubleToRawLongBits(t);
    long binade = ((bits >>> 52) & 0x7FF) - (1023 - 126); // 0 .. 253 for a normal float
    long fromMidpoint = (bits & 0x1FFF_FFFFL) - 0x1000_0000L;
    boolean keep = binade >= 0 && binade < 254 && Math.abs(fromMidpoint) > 0x2_0000L;
    return keep ? (float) t : Float.NaN;
  }

  /**
   * {@code 2^k}, exact, for an integral {@code k} of {@code [-1022, 1023]}, built from its
   * exponent bits.
   */
  private static double twoTo(double k) {
    return Double.longBitsToDouble((long) (k + 1023) << 52);
  }

  /**
   * {@code e^x} in double for {@code -745 < x < 709}, relative error below 2^-48:
   * {@code 2^k (1 + expm1(r))}, {@code r = x - k ln 2}.
   */
  private static double expDouble(double x) {
    double k = Math.rint(x * INV_LN2);
    double r = (x - k * LN2_HI) - k * LN2_LO;
    double scale = twoTo(k);
    return scale + scale * expm1Poly(r);
  }

  /**
   * {@code e^x - 1} in double for {@code -745 < x < 709}, relative error below 2^-48:
   * {@code (2^k - 1) + 2^k expm1(r)}; for {@code k = 0} exactly {@code expm1(r)}, so small
   * arguments lose nothing to cancellation.
   */
  private static double expm1Double(double x) {
    double k = Math.rint(x * INV_LN2);
    double r = (x - k * LN2_HI) - k * LN2_LO;
    double scale = twoTo(k);
    return (scale - 1) + scale * expm1Poly(r);
  }

  /**
   * {@code ln u} in double for a positive normal double {@code u}, relative error below 2^-49
   * (for {@code u} near 1 too): {@code u = m 2^e} with {@code m} in {@code [sqrt(1/2),
   * sqrt(2))}, {@code ln m = 2 atanh(s)}, {@code s = (m - 1)/(m + 1)} ({@code m - 1} exact),
   * {@code |s| <= 0.1716}, its odd series to {@code s^17} (the next term below 2^-52 of the
   * sum) by Estrin's scheme in {@code s^2}.
   */
  private static double logDouble(double u) {
    // bits - SQRT_HALF_BITS = k 2^52 + r, 0 <= r < 2^52: u = m 2^k with m's bits SQRT_HALF_BITS + r
    long d = Double.doubleToRawLongBits(u) - SQRT_HALF_BITS;
    double k = d >> 52;
    double m = Double.longBitsToDouble((d & 0x000F_FFFF_FFFF_FFFFL) + SQRT_HALF_BITS);
    double s = (m - 1) / (m + 1);
    double z = s * s;
    double z2 = z * z;
    double z4 = z2 * z2;
    double c0 = 1.0 / 3 + z * (1.0 / 5);
    double c1 = 1.0 / 7 + z * (1.0 / 9);
    double c2 = 1.0 / 11 + z * (1.0 / 13);
    double c3 = 1.0 / 15 + z * (1.0 / 17);
    double q = (c0 + z2 * c1) + z4 * (c2 + z2 * c3);
    double twoS = 2 * s;
    return k * LN2_HI + (twoS + (twoS * z * q + k * LN2_LO));
  }

  /**
   * {@code ln(1 + y)} in double for {@code y > -1} (finite), relative error below 2^-48:
   * {@code u = 1 + y} rounded, {@code ln u} plus the first-order correction for the rounding,
   * {@code (y - (u - 1)) / u}, so a tiny {@code y} keeps all its digits.
   */
  private static double log1pDouble(double y) {
    double u = 1 + y;
    return logDouble(u) + (y - (u - 1)) / u;
  }

  /** {@code (float) Math.exp(x)}, bit for bit. */
  static float exp(float x) {
    if (x > -87.3f && x < 88.7f) { // a normal float result (NaN fails and goes on)
      float f = settle(expDouble(x));
      if (f == f) {
        return f;
      }
    }
    return (float) EXP.apply(x, 0, 0);
  }

  /** {@code (float) Math.expm1(x)}, bit for bit. */
  static float expm1(float x) {
    if (x > -88f && x < 88.7f) {
      float f = settle(expm1Double(x));
      if (f == f) {
        return f;
      }
    }
    return (float) EXPM1.apply(x, 0, 0);
  }

  /** {@code (float) Math.log(x)}, bit for bit. */
  static float log(float x) {
    if (x > 0 && x <= Float.MAX_VALUE) {
      float f = settle(logDouble(x));
      if (f == f) {
        return f;
      }
    }
    return (float) LOG.apply(x, 0, 0);
  }

  /** {@code (float) Math.log1p(x)}, bit for bit. */
  static float log1p(float x) {
    if (x > -1 && x <= Float.MAX_VALUE) {
      float f = settle(log1pDouble(x));
      if (f == f) {
        return f;
      }
    }
    return (float) LOG1P.apply(x, 0, 0);
  }

  /**
   * {@code min(|x|, 120)} (NaN stays NaN): {@code e^-120} is far below float32's resolution
   * next to 1 or to {@code x}, and below its smallest subnormal, so sigmoid and softplus do not
   * change. Written as a comparison, which the JIT makes a conditional move: {@code Math.min}'s
   * intrinsic measured twice as slow here.
   */
  private static double clampedAbs(float x) {
    double ax = Math.abs((double) x);
    return ax > 120 ? 120 : ax;
  }

  /** {@code (float) ScalarMath.sigmoid(x)}, bit for bit. */
  static float sigmoid(float x) {
    double e = expDouble(-clampedAbs(x)); // NaN stays NaN
    // x >= 0: 1 / (1 + e); x < 0 (and -0: the same value) e / (1 + e); chosen by the sign
    // bit's mask, with no branch (random signs mispredict)
    long negative = Float.floatToRawIntBits(x) >> 31;
    double num = Double.longBitsToDouble(
        (Double.doubleToRawLongBits(e) & negative) | (ONE_BITS & ~negative));
    float f = settle(num / (1 + e));
    return f == f ? f : (float) SIGMOID.apply(x, 0, 0);
  }

  /** {@code (float) ScalarMath.softplus(x)}, bit for bit. */
  static float softplus(float x) {
    double e = expDouble(-clampedAbs(x));
    float f = settle((x > 0 ? x : 0.0) + log1pDouble(e)); // NaN: e is NaN
    return f == f ? f : (float) SOFTPLUS.apply(x, 0, 0);
  }

  /**
   * erf's Taylor coefficients at the grid points: {@code erf(x0)} from the lane, then
   * {@code erf^(n)(x0) / n! = (2/sqrt(pi)) (-1)^(n-1) H_(n-1)(x0) e^(-x0^2) / n!} with the
   * (physicists') Hermite polynomials by their recurrence {@code H_(n+1) = 2x H_n - 2n H_(n-1)}.
   */
  private static double[] erfTaylor() {
    int width = ERF_DEGREE + 1;
    double[] c = new double[ERF_POINTS * width];
    for (int j = 0; j < ERF_POINTS; j++) {
      double x0 = (double) j / ERF_STEPS;
      c[j * width] = ERF.apply(x0, 0, 0);
      double g = 2 / Math.sqrt(Math.PI) * Math.exp(-x0 * x0);
      double hPrev = 0;
      double h = 1; // H_0
      double factorial = 1;
      for (int n = 1; n <= ERF_DEGREE; n++) {
        factorial *= n;
        c[j * width + n] = ((n & 1) == 1 ? g : -g) * h / factorial;
        double next = 2 * x0 * h - 2 * (n - 1) * hPrev; // H_n from H_(n-1), H_(n-2)
        hPrev = h;
        h = next;
      }
    }
    return c;
  }

  /**
   * {@code (float) ScalarMath.erf(x)}, bit for bit. For {@code |x| < 4}: erf's Taylor
   * polynomial of degree 8 at the nearest grid point {@code x0 = j/16}, {@code |h| <= 1/32}
   * (the next term, by Cramér's bound on Hermite polynomials, below 2^-47 of the value), by
   * Estrin's scheme; from 4 on ±1 ({@code erfc(4) < 2^-25}, under half an ulp below 1).
   */
  static float erf(float x) {
    float ax = Math.abs(x);
    if (ax >= 4) {
      return Math.copySign(1f, x);
    }
    int j = (int) (ax * ERF_STEPS + 0.5f); // NaN: 0, and NaN goes on through h
    double h = ax - (double) j / ERF_STEPS;
    int o = j * (ERF_DEGREE + 1);
    double[] c = ERF_TAYLOR;
    double h2 = h * h;
    double h4 = h2 * h2;
    double p01 = c[o] + h * c[o + 1];
    double p23 = c[o + 2] + h * c[o + 3];
    double p45 = c[o + 4] + h * c[o + 5];
    double p67 = c[o + 6] + h * c[o + 7];
    double p = (p01 + h2 * p23) + h4 * ((p45 + h2 * p67) + h4 * c[o + 8]);
    float f = settle(p);
    if (f != f) {
      return (float) ERF.apply(x, 0, 0); // near a rounding midpoint, zero or NaN
    }
    return Math.copySign(f, x);
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
    double em1 = expm1Double(2 * ax);
    float f = settle(em1 / (em1 + 2));
    if (f != f) {
      return (float) TANH.apply(x, 0, 0); // near a rounding midpoint, or NaN: the lane decides
    }
    return Math.copySign(f, x); // no branch on the sign: random signs mispredict
  }
}
