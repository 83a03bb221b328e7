package org.theano4j.tensor;

/**
 * float64 {@code exp}, {@code expm1}, {@code tanh}, {@code sigmoid}, {@code softplus},
 * {@code log} and {@code log1p}: the scalar table's double lanes of {@link Scalar#EXP},
 * {@link Scalar#EXPM1}, {@link Scalar#TANH}, {@link Scalar#SIGMOID}, {@link Scalar#SOFTPLUS},
 * {@link Scalar#LOG}, {@link Scalar#LOG1P} (and of
 * {@link Scalar#ELU}'s {@code expm1}), written as a few steps of plain double arithmetic so that the JVM backend can
 * run the same steps pass by pass over blocks, which the JIT vectorises
 * ({@code jvm.DoublePasses}; on JDK 17 {@code Math.tanh} and {@code Math.expm1} are
 * {@code StrictMath}'s scalar fdlibm code, 18–24 ns per element, and the JIT's {@code Math.exp}
 * about 4). Each public step below is one pass's per-element body; the functions here compose
 * them in the same order, so both paths give the same double, bit for bit
 * ({@code DoublePassesTest}). No fused multiply-add: the results are the same on every
 * processor and JVM.
 *
 * <p>How, for {@code e^y} ({@code |y| <= 708}): {@code k = round(y / ln 2)} by adding
 * {@code 1.5 * 2^52} ({@link #kShifted}); {@code y = k ln 2 + hi - lo}, with {@code hi = y - k
 * LN2_HI} exact (fdlibm's split of ln 2: {@code k LN2_HI} is exact and, by Sterbenz's lemma, so
 * is the subtraction) and {@code lo = k LN2_LO}; {@code r = hi - lo}, {@code |r| <= 0.3466};
 * {@code e^r - 1 = hi + c}, {@code c = r^2 q(r) - lo}, {@code q} Taylor's polynomial
 * {@code 1/2! + r/3! + ... + r^11/13!} (truncation below 2^-57); {@code 2^k} from the bits of
 * {@code k + 1.5 * 2^52} ({@link #twoToK}, the one step the JIT does not vectorise on JDK 17).
 * Then {@code exp = (1 + (hi + c)) 2^k}, {@code expm1 = ((2^k - 1) + 2^k hi) + 2^k c} (no
 * cancellation: for {@code k = ±1} the first sum is exact or nearly so), and {@code tanh x =
 * t / (t + 2)} for {@code t = expm1(2|x|)}, {@code |x|} clamped to 22 (beyond, tanh rounds to
 * ±1), with the sign of {@code x} restored by the exact factor {@code x / |x|}.
 *
 * <p>Outside the steps' range the functions take {@link #expSpecial} and friends: NaN and
 * infinities; {@code exp} above 708 (overflow to {@code +inf} from 709.782712893384 on, as
 * fdlibm) and below -708 (subnormal results, 0 below -745.1332191019411); {@code expm1} and
 * {@code tanh} of arguments below 2^-54 in magnitude (zeros and subnormals included), which
 * return {@code x} itself, so {@code -0.0} stays {@code -0.0}.
 *
 * <p>The logarithms: {@code u = m 2^k} split by its bits ({@code m} in {@code [sqrt(1/2),
 * sqrt 2)}), {@code f = m - 1} (exact), {@code s = f / (2 + f)}, {@code ln(1 + f) = f - (f^2/2
 * - s (f^2/2 + R))} with {@code R} the series of {@code ln((1+s)/(1-s)) - 2s} over {@code s}
 * (Taylor's, ten terms in {@code s^2}), {@code k ln 2} in two parts; {@code log1p} splits
 * {@code u = 1 + x} and adds {@code (x - (u - 1)) / u} among the small terms.
 *
 * <p>Accuracy, against mpmath at 40 digits ({@code DoubleMathTest}; docs/semantics.md has the
 * measured maxima, 13,696 points): {@code exp}, {@code expm1}, {@code log}, {@code log1p}
 * within 1 ulp, {@code tanh} and {@code softplus} within 1.5, {@code sigmoid} within 2 (1.75
 * measured, as the same formulas with the JIT's {@code Math.exp}).
 */
public final class DoubleMath {
  /** {@code 1 / ln 2}. */
  private static final double INV_LN2 = 1.44269504088896338700e+00;
  /** ln 2 in two parts (fdlibm's): {@code k * LN2_HI} is exact for {@code |k| < 2^20}. */
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  /** {@code 1.5 * 2^52}: adding it rounds a double of magnitude below 2^51 to an integer. */
  public static final double SHIFT = 0x1.8p52;
  /** The steps' range of arguments for {@code e^y}: {@code 2^k} stays a normal double. */
  public static final double EXP_RANGE = 708;
  /** Below this magnitude {@code expm1(x)} and {@code tanh(x)} round to {@code x}. */
  public static final double TINY = 0x1p-54;
  /** Beyond this magnitude {@code tanh} rounds to ±1 (tanh(22) = 1 - 1.6e-19). */
  public static final double TANH_CLAMP = 22;
  /** Where {@link #tanhCombine} changes formula ({@code k = 0} below the smaller). */
  private static final double TANH_SMALL = 0.17;
  private static final double TANH_BIG = 0.55;
  /** fdlibm's thresholds: {@code e^x} overflows above, underflows to 0 below. */
  private static final double OVERFLOW = 7.09782712893383973096e+02;
  private static final double UNDERFLOW = -7.45133219101941108420e+02;

  /** The bits of {@code sqrt(1/2)}: {@link #mantissa} is in {@code [sqrt(1/2), sqrt 2)}. */
  private static final long SQRT_HALF_BITS = Double.doubleToRawLongBits(Math.sqrt(0.5));
  private static final long FRACTION = 0x000F_FFFF_FFFF_FFFFL;
  /** {@code 2/(2i + 1)}, {@code i = 1 .. 10}: the series of {@code ln((1+s)/(1-s)) - 2s} in {@code z = s^2}, over {@code s z}. */
  private static final double B1 = 2.0 / 3;
  private static final double B2 = 2.0 / 5;
  private static final double B3 = 2.0 / 7;
  private static final double B4 = 2.0 / 9;
  private static final double B5 = 2.0 / 11;
  private static final double B6 = 2.0 / 13;
  private static final double B7 = 2.0 / 15;
  private static final double B8 = 2.0 / 17;
  private static final double B9 = 2.0 / 19;
  private static final double B10 = 2.0 / 21;

  /** Taylor's coefficients {@code 1/(j+2)!}, {@code j = 0 .. 11}. */
  private static final double A0 = 1.0 / 2;
  private static final double A1 = 1.0 / 6;
  private static final double A2 = 1.0 / 24;
  private static final double A3 = 1.0 / 120;
  private static final double A4 = 1.0 / 720;
  private static final double A5 = 1.0 / 5040;
  private static final double A6 = 1.0 / 40320;
  private static final double A7 = 1.0 / 362880;
  private static final double A8 = 1.0 / 3628800;
  private static final double A9 = 1.0 / 39916800;
  private static final double A10 = 1.0 / 479001600;
  private static final double A11 = 1.0 / 6227020800.0;

  private DoubleMath() {}

  // ------------------------------------------------------------------ the functions

  /** {@code e^x}. */
  public static double exp(double x) {
    if (!(Math.abs(x) <= EXP_RANGE)) {
      return expSpecial(x);
    }
    double ks = kShifted(x);
    double hi = hi(x, ks);
    return expFinish(hi, c(hi, lo(ks)), twoToK(ks));
  }

  /** {@code e^x - 1}, accurate near 0. */
  public static double expm1(double x) {
    double ax = Math.abs(x);
    if (!(ax <= EXP_RANGE) || ax < TINY) {
      return expm1Special(x);
    }
    double ks = kShifted(x);
    double hi = hi(x, ks);
    return expm1Finish(hi, c(hi, lo(ks)), twoToK(ks));
  }

  /** The hyperbolic tangent. */
  public static double tanh(double x) {
    double ax = Math.abs(x);
    if (!(ax <= Double.MAX_VALUE) || ax < TINY) {
      return tanhSpecial(x);
    }
    double y = tanhArgument(x);
    double ks = kShifted(y);
    double hi = hi(y, ks);
    double c = c(hi, lo(ks));
    return tanhCombine(expm1Finish(hi, c, twoToK(ks)), tanhSmall(c, x), x);
  }

  /** The logistic function {@code 1 / (1 + e^-x)}, without overflow. */
  public static double sigmoid(double x) {
    if (!(Math.abs(x) <= EXP_RANGE)) {
      return sigmoidSpecial(x);
    }
    double y = -Math.abs(x);
    double ks = kShifted(y);
    double hi = hi(y, ks);
    return sigmoidFinish(expFinish(hi, c(hi, lo(ks)), twoToK(ks)), x);
  }

  /** {@code ln(1 + e^x)} without overflow: {@code max(x, 0) + log1p(e^-|x|)}. */
  public static double softplus(double x) {
    return Math.max(x, 0.0) + log1p(exp(-Math.abs(x)));
  }

  /** The natural logarithm. */
  public static double log(double x) {
    if (!(x >= Double.MIN_NORMAL && x <= Double.MAX_VALUE)) {
      return logSpecial(x);
    }
    double s = logRatio(mantissa(x));
    double r = logSeries(s, logSeriesHigh(s));
    return logFinish(exponent(x), mantissa(x), s, r, 0);
  }

  /** {@code ln(1 + x)}, accurate near 0. */
  public static double log1p(double x) {
    if (!(x > -1 && x <= Double.MAX_VALUE) || Math.abs(x) < TINY) {
      return log1pSpecial(x);
    }
    double u = 1 + x;
    double s = logRatio(mantissa(u));
    double r = logSeries(s, logSeriesHigh(s));
    return logFinish(exponent(u), mantissa(u), s, r, log1pCorrection(x));
  }

  // ------------------------------------------------------------------ the steps

  /** {@code c} of {@code e^r - 1 = hi + c}: the three polynomial steps in order. */
  private static double c(double hi, double lo) {
    return small(hi, lo, polyLow(hi, lo, polyHigh(hi, lo)));
  }

  /** {@code k + 1.5 * 2^52}, {@code k = round(y / ln 2)} ({@code |y| <= 708}). */
  public static double kShifted(double y) {
    return y * INV_LN2 + SHIFT;
  }

  /** {@code hi = y - k LN2_HI}, exact. */
  public static double hi(double y, double ks) {
    return y - (ks - SHIFT) * LN2_HI;
  }

  /** {@code lo = k LN2_LO}. */
  public static double lo(double ks) {
    return (ks - SHIFT) * LN2_LO;
  }

  /** The high part of {@code P(r)}, {@code r = hi - lo}: {@code 1/11! + r/12! + r^2/13!}. */
  public static double polyHigh(double hi, double lo) {
    double r = hi - lo;
    return (A9 + r * A10) + (r * r) * A11;
  }

  /**
   * {@code P(r) = 1/3! + r/4! + ... + r^10/13!}, {@code r = hi - lo}, completed from its high
   * part {@code u} by Estrin's scheme.
   */
  public static double polyLow(double hi, double lo, double u) {
    double r = hi - lo;
    double r2 = r * r;
    double r4 = r2 * r2;
    return ((A1 + r * A2) + r2 * (A3 + r * A4))
        + r4 * (((A5 + r * A6) + r2 * (A7 + r * A8)) + r4 * u);
  }

  /**
   * {@code c = r^2/2 + (r^3 P(r) - lo)}: {@code e^r - 1 = hi + c}. The quadratic term apart,
   * the rounding of the rest errs on a term 16 times smaller; {@code r}'s own rounding is put
   * back ({@code r er}, to first order).
   */
  public static double small(double hi, double lo, double p) {
    double r = hi - lo;
    double r2 = r * r;
    double er = (hi - r) - lo; // r + er = hi - lo exactly
    return r2 * A0 + ((r * er + r2 * (r * p)) - lo);
  }

  /** {@code 2^k} from {@link #kShifted}'s bits (the low 12 bits of {@code k + 1023}). */
  public static double twoToK(double ks) {
    return Double.longBitsToDouble((Double.doubleToRawLongBits(ks) + 1023) << 52);
  }

  /** {@code e^y = (1 + (hi + c)) 2^k}. */
  public static double expFinish(double hi, double c, double scale) {
    return (1 + (hi + c)) * scale;
  }

  /** {@code e^y - 1 = ((2^k - 1) + 2^k hi) + 2^k c}. */
  public static double expm1Finish(double hi, double c, double scale) {
    return ((scale - 1) + scale * hi) + scale * c;
  }

  /**
   * The logistic function from {@code e = e^-|x|}: {@code 1 / (1 + e)} for {@code x > 0},
   * {@code e / (1 + e)} otherwise (no cancellation either way), the numerator selected by a
   * weight of exactly 0 or 1 ({@code x 2^1074} clamped to [0, 1]: 1 for every positive
   * double, the smallest subnormal included).
   */
  public static double sigmoidFinish(double e, double x) {
    double w = Math.min(Math.max(x * 0x1p1000 * 0x1p74, 0), 1);
    return (w + (1 - w) * e) / (1 + e);
  }

  /** {@code 2 min(|x|, 22)}: tanh's argument of {@code expm1}. */
  public static double tanhArgument(double x) {
    return 2 * Math.min(Math.abs(x), TANH_CLAMP);
  }

  /**
   * {@code tanh |x|} for {@code |x| < 0.17}, where {@code k = 0} and {@code expm1(2|x|) = 2|x|
   * + c} with {@code 2|x|} exact: {@code s/(1 + s) = |x| + (c/2 - S^2/(1 + S))} for {@code s =
   * |x| + c/2} and {@code S} its rounding, so that neither the rounding of {@code t = 2s} nor
   * the quotient's errs on more than the small correction ({@link #tanhCombine} ignores it
   * elsewhere).
   */
  public static double tanhSmall(double c, double x) {
    double ax = Math.min(Math.abs(x), 1); // unused from 0.17 on, but finite: 0 * v must be 0
    double b = 0.5 * c;
    double s = ax + b;
    return ax + (b - s * s / (1 + s));
  }

  /**
   * {@code tanh x} from {@code t = expm1(2|x|)} and {@link #tanhSmall}'s value {@code v}, times
   * {@code x / |x|} (exactly ±1): {@code v} below {@code |x| = 0.17}, {@code t / (t + 2)} up
   * to 0.55, {@code 1 - 2 / (t + 2)} from there on (where the quotient is at most 0.5 and its
   * error shrinks in the difference). The formulas are selected by weights of exactly 0 or 1,
   * so that the sum of the weighted terms is exact.
   */
  public static double tanhCombine(double t, double v, double x) {
    double ax = Math.abs(x);
    double d = t + 2;
    double big = Math.min(Math.max((ax - TANH_BIG) * 0x1p1000, 0), 1);
    double small = Math.min(Math.max((TANH_SMALL - ax) * 0x1p1000, 0), 1);
    double z = small * v + ((1 - small - big) * (t / d) + big * (1 - 2 / d));
    return z * (x / ax);
  }

  /**
   * {@code k} of {@code u = m 2^k}, {@code m} in {@code [sqrt(1/2), sqrt 2)}, for a positive
   * normal {@code u} (bits: a scalar pass).
   */
  public static double exponent(double u) {
    return (Double.doubleToRawLongBits(u) - SQRT_HALF_BITS) >> 52;
  }

  /** {@code m} of {@code u = m 2^k} ({@link #exponent}). */
  public static double mantissa(double u) {
    long d = Double.doubleToRawLongBits(u) - SQRT_HALF_BITS;
    return Double.longBitsToDouble((d & FRACTION) + SQRT_HALF_BITS);
  }

  /** {@code s = f / (2 + f)}, {@code f = m - 1} (exact), {@code |s| <= 0.1716}. */
  public static double logRatio(double m) {
    double f = m - 1;
    return f / (2 + f);
  }

  /** The high part of the series in {@code z = s^2}: {@code B7 + z B8 + z^2 B9 + z^3 B10}. */
  public static double logSeriesHigh(double s) {
    double z = s * s;
    return (B7 + z * B8) + (z * z) * (B9 + z * B10);
  }

  /**
   * {@code R = z (B1 + z B2 + ... + z^9 B10)}, completed from its high part {@code h}:
   * {@code ln((1+s)/(1-s)) = 2s + s R} (the next term is below 2^-60 of the sum).
   */
  public static double logSeries(double s, double h) {
    double z = s * s;
    double z2 = z * z;
    double z4 = z2 * z2;
    return z * (((B1 + z * B2) + z2 * (B3 + z * B4)) + z4 * ((B5 + z * B6) + z2 * h));
  }

  /**
   * {@code ln u + c}, {@code ln u = k ln 2 + ln m}, {@code ln m = ln(1 + f) = f - (f^2/2 - s
   * (f^2/2 + R))} (by {@code 2s = f - s f}): the large terms, {@code f} and {@code k LN2_HI},
   * are exact and added last, so that the rounding errors fall on the small ones; {@code c} is
   * {@link #log1pCorrection} (0 for {@code log}).
   */
  public static double logFinish(double k, double m, double s, double r, double c) {
    double f = m - 1;
    double hfsq = 0.5 * f * f;
    return k * LN2_HI - ((hfsq - (s * (hfsq + r) + (k * LN2_LO + c))) - f);
  }

  /**
   * {@code ln(1 + x) - ln u} for {@code u = 1 + x} rounded, to first order: {@code (x - (u -
   * 1)) / u} (the rounding error of {@code u} is exact where it matters, {@code |x| < 1}; its
   * square is below 2^-106).
   */
  public static double log1pCorrection(double x) {
    double u = 1 + x;
    return (x - (u - 1)) / u;
  }

  // ------------------------------------------------------------------ outside the steps

  /** {@link #exp} where {@code |x| > 708} or NaN. */
  static double expSpecial(double x) {
    if (x != x || x > OVERFLOW) {
      return x * Double.POSITIVE_INFINITY; // NaN stays NaN, above the threshold +inf
    }
    if (x < UNDERFLOW) {
      return 0;
    }
    // |x| in (708, 709.78] or [-745.13, -708): 2^k outside the normal range, scaled in two steps
    double ks = kShifted(x);
    double hi = hi(x, ks);
    double e = 1 + (hi + c(hi, lo(ks)));
    double k = ks - SHIFT;
    return x > 0 ? e * Math.scalb(1.0, (int) k - 1) * 2 : e * Math.scalb(1.0, (int) k + 60) * 0x1p-60;
  }

  /** {@link #expm1} where {@code |x| > 708}, {@code |x| < 2^-54} or NaN. */
  static double expm1Special(double x) {
    if (Math.abs(x) < TINY || x != x) {
      return x;
    }
    return x > 0 ? expSpecial(x) : -1; // e^x - 1 for x < -708 is -1 rounded
  }

  /** {@link #sigmoid} of NaN and {@code |x| > 708}. */
  static double sigmoidSpecial(double x) {
    if (x != x || x > 0) {
      return x != x ? x : 1; // 1 / (1 + e^-x) rounds to 1
    }
    double e = exp(x); // subnormal or 0
    return e / (1 + e);
  }

  /** {@link #log} of NaN, zeros, negative numbers, subnormals and {@code +inf}. */
  static double logSpecial(double x) {
    if (x > 0 && x < Double.MIN_NORMAL) {
      return log(x * 0x1p54) - 54 * LN2_HI - 54 * LN2_LO; // a subnormal scaled to normal
    }
    if (x == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    return x < 0 ? Double.NaN : x; // NaN stays NaN, +inf stays +inf
  }

  /** {@link #log1p} of NaN, {@code x <= -1}, {@code +inf} and {@code |x| < 2^-54}. */
  static double log1pSpecial(double x) {
    if (x == -1) {
      return Double.NEGATIVE_INFINITY;
    }
    return x < -1 ? Double.NaN : x; // NaN, +inf and tiny x (signed zeros too) are x
  }

  /** {@link #tanh} where {@code |x| < 2^-54}, infinite or NaN. */
  static double tanhSpecial(double x) {
    if (Math.abs(x) < TINY || x != x) {
      return x;
    }
    return x > 0 ? 1 : -1;
  }
}
