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
 * <p>How: all but erf are computed by {@link FloatPasses}, pass by pass over blocks so that
 * the JIT vectorises them. erf (whose grid lookup does not vectorise) computes a double
 * candidate per element: its Taylor polynomial of degree 8 at the nearest of 65 grid points
 * {@code j/16}, relative error far below float32's resolution. {@link #settle} keeps the float
 * that the candidate rounds to only when the candidate is farther than 2^-36 (relative) from
 * every float32 rounding midpoint, so that the exact value, and the lane's double (both within
 * far less than 2^-36 of the candidate), round to the same float; otherwise (about one element
 * in 2,000) and for NaN, infinities, zeros and results outside float32's normal range it calls
 * the lane ({@link FloatPasses} decides the same with arithmetic instead of bits). The
 * agreement is checked on every float32 input by {@code FloatFunctionsTest} (a sample in the
 * normal test run; all 2^32 inputs with {@code -Dtheano4j.exhaustive=true}).
 */
final class FloatFunctions {
  private static final Scalar.DoubleLane ERF = Scalar.ERF.doubleLane();

  /** erf's grid: points {@code j / 16}, {@code j = 0 .. 64}; from 4 on float32 erf is ±1. */
  private static final int ERF_STEPS = 16;
  private static final int ERF_POINTS = 4 * ERF_STEPS + 1;
  /** Degree of erf's Taylor polynomial at each grid point. */
  private static final int ERF_DEGREE = 8;
  /** Row {@code j}: the Taylor coefficients of erf at {@code j / 16}, constant term first. */
  private static final double[] ERF_TAYLOR = erfTaylor();

  private FloatFunctions() {}

  /** True if {@link #apply} has a float32 loop for {@code op}. */
  static boolean has(Scalar op) {
    return op == Scalar.ERF || FloatPasses.has(op);
  }

  /**
   * {@code out[i] = op(a[i])} for the first {@code n} elements, float32 results.
   */
  static void apply(Scalar op, float[][] in, float[] out, int n) {
    if (op == Scalar.ERF) {
      erfLoop(in[0], out, n);
    } else {
      FloatPasses.apply(op, in[0], out, n);
    }
  }

  /**
   * As {@link #apply(Scalar, float[][], float[], int)}; with {@code fastMath}, the functions of
   * {@link FastFloatPasses} take its faster loops of bounded error instead.
   */
  static void apply(Scalar op, float[][] in, float[] out, int n, boolean fastMath) {
    if (fastMath && FastFloatPasses.has(op)) {
      FastFloatPasses.apply(op, in[0], out, n);
    } else {
      apply(op, in, out, n);
    }
  }

  /** The scalar table's double lane of {@code op} at {@code x}, rounded to float32. */
  static float lane(Scalar op, float x) {
    return (float) op.doubleLane().apply(x, 0, 0);
  }

  private static void erfLoop(float[] a, float[] out, int n) {
    for (int i = 0; i < n; i++) {
      out[i] = erf(a[i]);
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

}
