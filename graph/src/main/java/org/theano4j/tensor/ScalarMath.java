package org.theano4j.tensor;

/**
 * The meaning of the scalar functions whose Java spelling differs from NumPy's (which is C99's
 * for {@code pow}, {@code log2}, {@code exp2} and the inverse hyperbolic functions): called by the lanes of the scalar table {@link Scalar},
 * which the JVM kernels ({@code jvm.ScalarLoops}) and the CUDA interpreter
 * ({@code cuda.interp.ScalarSemantics}) evaluate. The CUDA C prelude
 * ({@code cuda.render.Prelude}) spells the same rules in C.
 */
public final class ScalarMath {
  private ScalarMath() {}

  /**
   * NumPy's float {@code a % b} (Python's modulo): the result has the sign of {@code b}, and a
   * zero result is a zero with {@code b}'s sign ({@code np.mod(-4.0, 2.0)} is {@code +0.0},
   * {@code np.mod(4.0, -2.0)} is {@code -0.0}). {@code b == 0} or an infinite {@code a} gives
   * NaN; {@code np.mod(-5.0, inf)} is {@code inf}, as {@code r + b} gives.
   */
  public static double pyMod(double a, double b) {
    double r = a % b;
    if (r == 0) {
      return Math.copySign(0.0, b);
    }
    return (r < 0) != (b < 0) ? r + b : r;
  }

  /**
   * NumPy's float {@code a // b} ({@code npy_floor_divide}, Python's float {@code //}): the
   * quotient that goes with {@link #pyMod}. {@code b == ±0} gives {@code a / b} (±inf, or NaN
   * for {@code 0 // 0}); otherwise {@code div = (a - fmod(a, b)) / b}, less 1 where the
   * remainder's sign differs from {@code b}'s, then snapped to the nearest integer; a zero
   * quotient has the sign of {@code a / b}. So {@code -6.0 // inf} is {@code -1.0} (the
   * remainder {@code -6} becomes {@code inf}), {@code 6.0 // -inf} is {@code -1.0},
   * {@code 6.0 // inf} is {@code 0.0}, {@code -0.0 // 5.0} is {@code -0.0}, and an infinite
   * {@code a} gives NaN.
   */
  public static double floorDiv(double a, double b) {
    if (b == 0) {
      return a / b;
    }
    double mod = a % b; // Java's % on doubles is C's fmod
    double div = (a - mod) / b;
    if (mod != 0 && (b < 0) != (mod < 0)) {
      div -= 1;
    }
    if (div == 0) {
      return Math.copySign(0.0, a / b);
    }
    double floor = Math.floor(div);
    return div - floor > 0.5 ? floor + 1 : floor;
  }

  /**
   * NumPy's float {@code sign}: 1 above zero, -1 below, {@code +0.0} for both zeros (Java's
   * {@link Math#signum} keeps {@code -0.0}), NaN for NaN.
   */
  public static double sign(double x) {
    return x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0.0 : x;
  }

  /**
   * C99's {@code pow} (Annex F.9.4.4, which NumPy follows). {@link Math#pow} agrees except for
   * two cases where Java gives NaN and C gives 1: {@code pow(1, y)} for any {@code y}
   * including NaN, and {@code pow(-1, ±inf)}. (Both give 1 for {@code pow(x, ±0)} with any
   * {@code x}, including NaN.)
   */
  public static double pow(double a, double b) {
    if (a == 1.0 || (a == -1.0 && Double.isInfinite(b))) {
      return 1.0;
    }
    return Math.pow(a, b);
  }

  /**
   * NumPy's {@code clip(x, lo, hi)}: {@code min(max(x, lo), hi)} where a NaN operand (the
   * value or a bound) gives NaN ({@code np.clip([0.5, 3.0], np.nan, 1.0)} is {@code [nan, nan]}
   * in NumPy 2.4), and {@code lo > hi} gives {@code hi}.
   */
  public static double clip(double x, double lo, double hi) {
    return Math.min(Math.max(x, lo), hi);
  }

  /** Integer {@code clip}: {@code min(max(x, lo), hi)}, so {@code lo > hi} gives {@code hi}. */
  public static long clip(long x, long lo, long hi) {
    return Math.min(Math.max(x, lo), hi);
  }

  /** The logistic function without overflow. */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }

  /** {@code log(1 + exp(x))} without overflow. */
  public static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /**
   * The base-2 logarithm (C99's {@code log2}, which Java lacks): exact for powers of two,
   * otherwise within about an ulp. {@code x = m * 2^e} with {@code m} in {@code [sqrt(1/2),
   * sqrt(2))}, so {@code log2(x) = e + log(m) / ln 2} adds an exact integer to a small term;
   * subnormals are scaled up first. Zero gives {@code -inf}, a negative {@code x} or NaN gives
   * NaN, {@code +inf} gives {@code +inf}, as {@link Math#log}.
   */
  public static double log2(double x) {
    if (!(x > 0) || Double.isInfinite(x)) {
      return Math.log(x);
    }
    int e = 0;
    if (x < Double.MIN_NORMAL) {
      x *= 0x1p54;
      e = -54;
    }
    int k = Math.getExponent(x);
    double m = Math.scalb(x, -k);
    if (m > SQRT2) {
      m /= 2;
      k++;
    }
    return (e + k) + Math.log(m) / LN2;
  }

  /**
   * C99's {@code exp2} ({@code 2 ** x}), which Java lacks: {@link Math#pow}{@code (2, x)}, whose
   * result is within an ulp and exact for integer {@code x} (2^k is representable from
   * {@code k = -1074} to 1023; below it gives 0, above {@code +inf}). NaN gives NaN,
   * {@code -inf} 0.
   */
  public static double exp2(double x) {
    return Math.pow(2, x);
  }

  /**
   * The inverse hyperbolic sine (C99's {@code asinh}, which Java lacks), within about an ulp:
   * {@code log1p(|x| + x^2 / (1 + sqrt(1 + x^2)))} near zero (no cancellation, where
   * {@code log(x + sqrt(x^2 + 1))} loses the digits of a small {@code x}),
   * {@code log(2|x| + 1 / (|x| + sqrt(x^2 + 1)))} above 2, and {@code log|x| + ln 2} above
   * 2^28 (where {@code x^2 + 1} is {@code x^2}); odd, so {@code -0.0} gives {@code -0.0};
   * ±inf and NaN give themselves.
   */
  public static double asinh(double x) {
    double ax = Math.abs(x);
    if (Double.isNaN(x) || Double.isInfinite(x) || ax < 0x1p-28) {
      return x;
    }
    double w;
    if (ax > 0x1p28) {
      w = Math.log(ax) + LN2;
    } else if (ax > 2) {
      w = Math.log(2 * ax + 1 / (Math.sqrt(x * x + 1) + ax));
    } else {
      double t = x * x;
      w = Math.log1p(ax + t / (1 + Math.sqrt(1 + t)));
    }
    return Math.copySign(w, x);
  }

  /**
   * The inverse hyperbolic cosine (C99's {@code acosh}), within about an ulp:
   * {@code log1p(t + sqrt(2t + t^2))} with {@code t = x - 1} (exact) up to 2, so values near 1
   * keep their digits; {@code log(2x - 1 / (x + sqrt(x^2 - 1)))} above 2, and
   * {@code log x + ln 2} above 2^28. {@code x < 1} or NaN gives NaN, {@code +inf} gives
   * {@code +inf}.
   */
  public static double acosh(double x) {
    if (!(x >= 1)) {
      return Double.NaN;
    }
    if (x > 0x1p28) {
      return Double.isInfinite(x) ? x : Math.log(x) + LN2;
    }
    if (x > 2) {
      return Math.log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
    }
    double t = x - 1;
    return Math.log1p(t + Math.sqrt(2 * t + t * t));
  }

  /**
   * The inverse hyperbolic tangent (C99's {@code atanh}), within about an ulp:
   * {@code 0.5 * log1p(2|x| / (1 - |x|))}, with the quotient split as
   * {@code 2|x| + 2x^2 / (1 - |x|)} below 0.5 so small {@code x} keep their digits; odd.
   * {@code ±1} gives {@code ±inf}, {@code |x| > 1} or NaN gives NaN.
   */
  public static double atanh(double x) {
    double ax = Math.abs(x);
    if (!(ax <= 1)) {
      return Double.NaN;
    }
    if (ax < 0x1p-28) {
      return x;
    }
    double w;
    if (ax == 1) {
      w = Double.POSITIVE_INFINITY;
    } else if (ax < 0.5) {
      double t = ax + ax;
      w = 0.5 * Math.log1p(t + t * ax / (1 - ax));
    } else {
      w = 0.5 * Math.log1p((ax + ax) / (1 - ax));
    }
    return Math.copySign(w, x);
  }

  private static final double SQRT2 = Math.sqrt(2);
  private static final double LN2 = Math.log(2);

  /** Integer power; negative exponents give 0 unless the base is 1 or -1 (as C). */
  public static long ipow(long base, long exp) {
    if (exp < 0) {
      return base == 1 ? 1 : base == -1 ? ((exp & 1) == 0 ? 1 : -1) : 0;
    }
    long r = 1;
    for (long b = base, e = exp; e > 0; e >>= 1, b *= b) {
      if ((e & 1) != 0) {
        r *= b;
      }
    }
    return r;
  }

  /** Integer floor division as NumPy: division by zero gives 0. */
  public static long floorDiv(long a, long b) {
    return b == 0 ? 0 : Math.floorDiv(a, b);
  }

  /** Integer modulo as NumPy (sign of the divisor): modulo by zero gives 0. */
  public static long floorMod(long a, long b) {
    return b == 0 ? 0 : Math.floorMod(a, b);
  }
}
