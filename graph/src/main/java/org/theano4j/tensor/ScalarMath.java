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

  private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
  private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;

  /**
   * {@code exp(-x*x)} with the rounding error of {@code x*x} taken into account ({@code x*x =
   * hi + lo} exactly by {@link Math#fma}), so large {@code x} lose no accuracy to it.
   */
  private static double expMinusSquare(double x) {
    double hi = x * x;
    double lo = Math.fma(x, x, -hi);
    return Math.exp(-hi) * (1 - lo);
  }

  /**
   * The error function. {@code |x| < 1/4}: Maclaurin's series ({@link #erfSmall});
   * {@code 1/4 <= |x| < 6}: Taylor's series about the nearest point
   * of a grid of step 1/16 ({@link #erfNearGrid}); beyond, {@code 1 - erfc(|x|)}, which is
   * {@code 1} in double precision. The sign is {@code x}'s. {@code erf(±inf) = ±1}, NaN gives
   * NaN, {@code erf(-0.0) = -0.0}.
   */
  public static double erf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double ax = Math.abs(x);
    if (ax < ERF_GRID_FROM) {
      return erfSmall(x);
    }
    if (ax < ERF_GRID_TO) {
      return Math.copySign(erfNearGrid(ax), x);
    }
    return Math.copySign(1 - erfcPositive(ax), x);
  }

  /**
   * {@code erf(x)} for {@code |x| < 1/4}: Maclaurin's series {@code 2/sqrt(pi) sum_n (-1)^n
   * x^(2n+1) / (n! (2n+1))} to {@code n = 10} ({@code x^2 <= 1/16}: the rest is below
   * 1e-19 relative), its first term {@code x 2/sqrt(pi)} to double-double precision.
   */
  private static double erfSmall(double x) {
    double x2 = x * x;
    double p = 0;
    for (int n = ERF_SMALL.length - 1; n >= 1; n--) {
      p = p * x2 + ERF_SMALL[n];
    }
    return Math.fma(x, TWO_OVER_SQRT_PI, x * (TWO_OVER_SQRT_PI_LO + x2 * p));
  }

  /** {@code 2/sqrt(pi) (-1)^n / (n! (2n+1))}; [0] unused (the first term is exact). */
  private static final double[] ERF_SMALL = new double[11];

  /** The grid of {@link #erfNearGrid}: points {@code j/16} from 1/4 up to 6. */
  private static final double ERF_GRID_FROM = 0.25;
  private static final double ERF_GRID_TO = 6;
  private static final int ERF_GRID_PER_UNIT = 16;
  /**
   * {@code erf(a)} as {@code hi + lo} (lo: the rest, within 1e-28 of it) at {@code a = j/16},
   * j = 4..96.
   */
  private static final double[] ERF_AT_GRID = new double[ERF_GRID_PER_UNIT * 6 + 1];
  private static final double[] ERF_LO_AT_GRID = new double[ERF_AT_GRID.length];
  /**
   * Taylor terms of {@link #erfNearGrid}: the next, {@code 2/sqrt(pi) e^(-a^2) H_11(a) h^12 /
   * 12!}, is below 1e-17 of the result for every grid point.
   */
  private static final int ERF_TERMS = 11;
  /**
   * The coefficients of {@code h^k}, k = 1..{@value #ERF_TERMS}, at grid point j: {@code
   * ERF_TAYLOR[j * ERF_TERMS + k - 1] = 2/sqrt(pi) e^(-a^2) (-1)^(k-1) H_(k-1)(a) / k!}.
   */
  private static final double[] ERF_TAYLOR = new double[(ERF_GRID_PER_UNIT * 6 + 1) * ERF_TERMS];
  /** The double nearest {@code 2/sqrt(pi)} and the rest (mpmath, 50 digits). */
  private static final double TWO_OVER_SQRT_PI_LO = 1.533545961316588e-17;

  static {
    double c = TWO_OVER_SQRT_PI;
    for (int n = 1; n < ERF_SMALL.length; n++) {
      c = -c / n;
      ERF_SMALL[n] = c / (2 * n + 1);
    }
    double[] dd = new double[2];
    for (int j = 4; j < ERF_AT_GRID.length; j++) {
      double a = (double) j / ERF_GRID_PER_UNIT; // exact
      if (a < 2) {
        erfDoubleDouble(a, dd);
        ERF_AT_GRID[j] = dd[0];
        ERF_LO_AT_GRID[j] = dd[1];
      } else {
        ERF_AT_GRID[j] = 1 - erfcPositive(a); // erfc(2) < 0.005: its error is negligible
      }
      double slope = TWO_OVER_SQRT_PI * expMinusSquare(a);
      double hermite = 1; // H_(k-1)(a)
      double hermitePrev = 0; // H_(k-2)(a)
      double factorial = 1;
      for (int k = 1; k <= ERF_TERMS; k++) {
        factorial *= k;
        ERF_TAYLOR[j * ERF_TERMS + k - 1] = ((k & 1) == 1 ? slope : -slope) * hermite / factorial;
        double next = 2 * a * hermite - 2 * (k - 1) * hermitePrev; // H_k
        hermitePrev = hermite;
        hermite = next;
      }
    }
  }

  /**
   * {@code erf(a)} for {@code 0 < a < 2}, correctly rounded but for about 1e-28 relative: the
   * alternating series {@code 2/sqrt(pi) sum_n (-1)^n a^(2n+1) / (n! (2n+1))} in double-double
   * arithmetic (each quantity an unevaluated sum {@code hi + lo}, products and quotients made
   * exact by {@link Math#fma}); its terms are at most {@code e^(a^2) < 55} times the result,
   * which costs 6 of the 106 bits. Only for the grid of {@link #erfNearGrid}, once; the result
   * goes to {@code out[0] + out[1]}.
   */
  private static void erfDoubleDouble(double a, double[] out) {
    double a2h = a * a;
    double a2l = Math.fma(a, a, -a2h);
    double ph = a; // p_n = a^(2n+1) / n!
    double pl = 0;
    double sh = a; // the sum
    double sl = 0;
    for (int n = 1; n < 120; n++) {
      // p *= a^2
      double mh = ph * a2h;
      double ml = Math.fma(ph, a2h, -mh) + ph * a2l + pl * a2h;
      ph = mh + ml;
      pl = ml - (ph - mh);
      // p /= n
      double qh = ph / n;
      double ql = (Math.fma(-qh, n, ph) + pl) / n;
      ph = qh + ql;
      pl = ql - (ph - qh);
      // t = p / (2n + 1), added with the sign (-1)^n
      int d = 2 * n + 1;
      double th = ph / d;
      double tl = (Math.fma(-th, d, ph) + pl) / d;
      if ((n & 1) == 1) {
        th = -th;
        tl = -tl;
      }
      double bh = sh + th;
      double bv = bh - sh;
      double err = (sh - (bh - bv)) + (th - bv) + sl + tl;
      sh = bh + err;
      sl = err - (sh - bh);
      if (Math.abs(th) < 1e-34 * Math.abs(sh)) {
        break;
      }
    }
    // times 2/sqrt(pi) = TWO_OVER_SQRT_PI + TWO_OVER_SQRT_PI_LO
    double rh = sh * TWO_OVER_SQRT_PI;
    double rl = Math.fma(sh, TWO_OVER_SQRT_PI, -rh) + sh * TWO_OVER_SQRT_PI_LO
        + sl * TWO_OVER_SQRT_PI;
    out[0] = rh + rl;
    out[1] = rl - (out[0] - rh);
  }

  /**
   * {@code erf(x)} for {@code 1/4 <= x < 6} from the nearest grid point {@code a = j/16}
   * ({@code |h| = |x - a| <= 1/32}, exact): {@code erf(a + h) = erf(a) + 2/sqrt(pi) e^(-a^2)
   * sum_(k >= 1) (-1)^(k-1) H_(k-1)(a) h^k / k!}, the derivatives of {@code e^(-x^2)} being
   * {@code (-1)^n H_n(x) e^(-x^2)} with the Hermite polynomials {@code H_(n+1) = 2a H_n - 2n
   * H_(n-1)}, evaluated from tabulated coefficients ({@link #ERF_TAYLOR}) by Estrin's scheme.
   * The values at the grid are computed once ({@link #erfDoubleDouble} below 2, the
   * continued fraction above); the sum is a correction of at most a quarter of the result.
   */
  private static double erfNearGrid(double x) {
    int j = (int) Math.rint(x * ERF_GRID_PER_UNIT);
    double h = x - (double) j / ERF_GRID_PER_UNIT;
    double[] c = ERF_TAYLOR;
    int o = j * ERF_TERMS - 1; // c[o + k] is the coefficient of h^k, k = 1..ERF_TERMS
    double h2 = h * h;
    double h4 = h2 * h2;
    double p = (c[o + 1] + h * c[o + 2]) + h2 * (c[o + 3] + h * c[o + 4])
        + h4 * ((c[o + 5] + h * c[o + 6]) + h2 * (c[o + 7] + h * c[o + 8])
        + h4 * ((c[o + 9] + h * c[o + 10]) + h2 * c[o + 11]));
    return ERF_AT_GRID[j] + (ERF_LO_AT_GRID[j] + h * p);
  }


  /**
   * The complementary error function {@code 1 - erf(x)}, accurate where it is tiny: for
   * {@code x >= 0.5} Laplace's continued fraction (A&amp;S 7.1.14 in its even contraction,
   * {@code erfc(x) = 2x exp(-x^2)/sqrt(pi) / (2x^2+1 - 1*2/(2x^2+5 - 3*4/(2x^2+9 - ...)))}),
   * evaluated by the modified Lentz method; below, {@code 1 - erf(x)}; for {@code x <= -0.5},
   * {@code 2 - erfc(-x)}. {@code erfc(+inf) = 0}, {@code erfc(-inf) = 2}.
   */
  public static double erfc(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    if (Math.abs(x) < 0.5) {
      return 1 - erf(x);
    }
    return x > 0 ? erfcPositive(x) : 2 - erfcPositive(-x);
  }

  /**
   * {@code erfc(x)} for {@code x >= 0.5} by the continued fraction, evaluated from its tail
   * back to its head (stable, one rounding per step) over a fixed number of terms, about
   * {@code 150 / x^2}: the fraction's error falls like {@code exp(-4 x sqrt(n))}.
   */
  private static double erfcPositive(double x) {
    if (x > 27.3) {
      return 0; // below the smallest subnormal
    }
    double t = 2 * x * x;
    // b_n = t + 1 + 4n, a_n = -(2n-1)(2n); f = b_0 + a_1/(b_1 + a_2/(b_2 + ...))
    int terms = 20 + (int) (150 / (x * x));
    double f = t + 1 + 4.0 * terms;
    for (int n = terms; n >= 1; n--) {
      f = t + 1 + 4.0 * (n - 1) - (2.0 * n - 1) * (2.0 * n) / f;
    }
    return 2 * x * ONE_OVER_SQRT_PI * expMinusSquare(x) / f;
  }

  /**
   * The inverse error function (SciPy's {@code erfinv}): {@code y} with {@code erf(y) = x}.
   * A starting value from Winitzki's closed-form approximation (S. Winitzki, "A handy
   * approximation for the error function and its inverse", 2008, {@code a = 0.147}; relative
   * error about 2e-3), or {@code x sqrt(pi)/2 (1 + pi x^2/12)} for {@code |x| < 0.01}, then
   * Halley steps {@code y -= u / (1 + y u)}, {@code u = r / erf'(y)}, on the residual
   * {@code r = erf(y) - |x|}, written {@code (1 - |x|) - erfc(y)} for {@code |x| > 0.5} so that
   * it keeps its accuracy near 1 ({@code 1 - |x|} is exact there). {@code erfinv(±1) = ±inf},
   * {@code |x| > 1} and NaN give NaN, {@code erfinv(-0.0) = -0.0}.
   */
  public static double erfinv(double x) {
    double a = Math.abs(x);
    if (!(a <= 1)) {
      return Double.NaN;
    }
    if (a == 1) {
      return Math.copySign(Double.POSITIVE_INFINITY, x);
    }
    if (a == 0) {
      return x;
    }
    double y;
    if (a < 0.01) {
      y = a * SQRT_PI / 2 * (1 + Math.PI * a * a / 12);
    } else {
      double ln = Math.log((1 - a) * (1 + a));
      double t = 2 / (Math.PI * WINITZKI_A) + ln / 2;
      y = Math.sqrt(Math.sqrt(t * t - ln / WINITZKI_A) - t);
    }
    for (int i = 0; i < 8; i++) {
      double r = a <= 0.5 ? erf(y) - a : (1 - a) - erfc(y);
      double u = r / (TWO_OVER_SQRT_PI * expMinusSquare(y));
      double step = u / (1 + y * u);
      y -= step;
      if (Math.abs(step) <= 1e-17 * y) {
        break;
      }
    }
    return Math.copySign(y, x);
  }

  private static final double SQRT_PI = Math.sqrt(Math.PI);
  private static final double WINITZKI_A = 0.147;

  private static final double EULER_GAMMA = 0.5772156649015329;
  private static final double LN_SQRT_2PI = 0.9189385332046728;
  /** Bernoulli numbers B_2, B_4, ..., B_20. */
  private static final double[] BERNOULLI = {1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66,
      -691.0 / 2730, 7.0 / 6, -3617.0 / 510, 43867.0 / 798, -174611.0 / 330};
  /** {@code zeta(k) - 1} for k = 0..64 (index k), from the sum over n >= 2 (see below). */
  private static final double[] ZETA_MINUS_1 = zetaTable(64);

  /**
   * {@code zeta(k) - 1 = sum_{n>=2} n^-k} for k = 2..kmax: the terms n = 2..N summed smallest
   * first, plus the Euler-Maclaurin tail {@code sum_{n>N}} to four correction terms.
   */
  private static double[] zetaTable(int kmax) {
    double[] z = new double[kmax + 1];
    int bigN = 200;
    for (int k = 2; k <= kmax; k++) {
      double s = k;
      double tail = Math.pow(bigN, 1 - s) / (s - 1) - 0.5 * Math.pow(bigN, -s)
          + s / 12 * Math.pow(bigN, -s - 1)
          - s * (s + 1) * (s + 2) / 720 * Math.pow(bigN, -s - 3)
          + s * (s + 1) * (s + 2) * (s + 3) * (s + 4) / 30240 * Math.pow(bigN, -s - 5);
      double sum = tail;
      for (int n = bigN; n >= 2; n--) {
        sum += Math.pow(n, -s);
      }
      z[k] = sum;
    }
    return z;
  }

  /**
   * {@code log|Gamma(x)|} (C99's {@code lgamma}, SciPy's {@code gammaln}). For {@code -10 < x
   * < 10} the recurrence {@code Gamma(x+1) = x Gamma(x)} moves {@code x} into {@code [1.5, 2.5)},
   * where the series {@code lgamma(2+z) = z(1-gamma) + sum_{k>=2} (-1)^k (zeta(k)-1) z^k / k}
   * (from A&amp;S 6.1.33) keeps relative accuracy around the zero at 2; from 10 on the Stirling
   * series (A&amp;S 6.1.40, ten Bernoulli terms); below -10 the reflection formula. Poles (0
   * and the negative integers) and {@code ±inf} give {@code +inf}.
   */
  public static double lgamma(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    if (Double.isInfinite(x)) {
      return Double.POSITIVE_INFINITY;
    }
    if (x <= 0 && x == Math.floor(x)) {
      return Double.POSITIVE_INFINITY;
    }
    if (x < -10 || x >= 10) {
      return x < 0 ? Math.log(Math.PI / Math.abs(sinPi(x))) - lgamma(1 - x) : stirling(x);
    }
    // Move x into [1.5, 2.5) by the recurrence, collecting the factors passed over.
    double prod = 1;
    while (x < 1.5) {
      prod *= x;
      x += 1;
    }
    while (x >= 2.5) {
      x -= 1;
      prod /= x;
    }
    double z = x - 2;
    return lgammaTwoPlus(z) - Math.log(Math.abs(prod));
  }

  /** {@code lgamma(2 + z) = z(1-gamma) + sum_{k>=2} (-1)^k (zeta(k)-1) z^k / k}, |z| <= 1/2. */
  private static double lgammaTwoPlus(double z) {
    double sum = 0;
    double zk = -z;
    for (int k = 2; k < ZETA_MINUS_1.length; k++) {
      zk *= -z; // (-z)^k
      sum += ZETA_MINUS_1[k] * zk / k;
    }
    return z * (1 - EULER_GAMMA) + sum;
  }

  private static double stirling(double x) {
    double inv = 1 / x;
    double inv2 = inv * inv;
    double series = 0;
    double p = inv;
    for (int k = 1; k <= BERNOULLI.length; k++) {
      series += BERNOULLI[k - 1] / (2.0 * k * (2 * k - 1)) * p;
      p *= inv2;
    }
    return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + series;
  }

  /**
   * {@code sin(pi x)} with the argument reduced exactly first: {@code x} modulo 2, then by
   * {@code sin(pi r) = sin(pi (1 - r))} into {@code [-1/2, 1/2]} (Sterbenz: exact), so the
   * rounding of {@code pi r} is never magnified near a zero.
   */
  private static double sinPi(double x) {
    double r = x % 2;
    if (r > 1) {
      r -= 2;
    } else if (r < -1) {
      r += 2;
    }
    if (r > 0.5) {
      r = 1 - r;
    } else if (r < -0.5) {
      r = -1 - r;
    }
    return Math.sin(Math.PI * r);
  }

  /**
   * The digamma function {@code psi = d/dx log Gamma} (SciPy's {@code psi}). Below 10 the
   * recurrence {@code psi(x+1) = psi(x) + 1/x} moves {@code x} into {@code [0.5, 1.5)}, where
   * the series {@code psi(1+z) = -gamma + sum_{k>=2} (-1)^k zeta(k) z^(k-1)} (A&amp;S 6.3.14)
   * holds; from 10 on the asymptotic series {@code log x - 1/(2x) - sum B_2k / (2k x^2k)}
   * (A&amp;S 6.3.18); negative {@code x} by
   * reflection, {@code psi(1-x) - psi(x) = pi / tan(pi x)}. As SciPy: {@code psi(±0) = ∓inf},
   * NaN at the negative integers and {@code -inf}, {@code psi(+inf) = +inf}. Near the positive
   * root {@code x0 = 1.4616...} and the negative ones the error is absolute (below 1e-15).
   */
  public static double psi(double x) {
    if (Double.isNaN(x) || x == Double.NEGATIVE_INFINITY) {
      return Double.NaN;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return x;
    }
    if (x == 0) {
      return -1 / x;
    }
    if (x < 0) {
      if (x == Math.floor(x)) {
        return Double.NaN;
      }
      return psi(1 - x) - piCotPi(x); // reflection
    }
    if (x >= 10) {
      return psiAsymptotic(x);
    }
    // Move x into [0.5, 1.5), where the series about 1 converges fast.
    double shift = 0;
    while (x < 0.5) {
      shift -= 1 / x;
      x += 1;
    }
    while (x >= 1.5) {
      x -= 1;
      shift += 1 / x;
    }
    double z = x - 1;
    double sum = 0;
    double zk = 1;
    for (int k = 2; k < ZETA_MINUS_1.length; k++) {
      zk *= -z; // (-z)^(k-1)
      sum -= (1 + ZETA_MINUS_1[k]) * zk;
    }
    return (-EULER_GAMMA + sum) + shift;
  }

  /**
   * {@code pi / tan(pi x)}, the argument reduced exactly first: {@code r = x mod 1} moved into
   * {@code [-1/2, 1/2)}, and beyond a quarter {@code pi / tan(pi r) = -pi tan(pi (r -+ 1/2))}
   * (Sterbenz: the shifts are exact), so no rounding of {@code pi x} is magnified near a pole.
   */
  private static double piCotPi(double x) {
    double r = x % 1;
    if (r < -0.5) {
      r += 1;
    } else if (r >= 0.5) {
      r -= 1;
    }
    if (Math.abs(r) <= 0.25) {
      return Math.PI / Math.tan(Math.PI * r);
    }
    return -Math.PI * Math.tan(Math.PI * (r > 0 ? r - 0.5 : r + 0.5));
  }

  /** psi(x) for x >= 10: {@code log x - 1/(2x) - sum_k B_2k / (2k x^2k)}. */
  private static double psiAsymptotic(double x) {
    double inv2 = 1 / (x * x);
    double series = 0;
    double p = inv2;
    for (int k = 1; k <= BERNOULLI.length; k++) {
      series += BERNOULLI[k - 1] / (2.0 * k) * p;
      p *= inv2;
    }
    return Math.log(x) - 0.5 / x - series;
  }

  /**
   * The trigamma function {@code psi'(x)} (the derivative of {@link #psi}): the recurrence
   * {@code psi'(x) = psi'(x+1) + 1/x^2} (positive terms) up to 10, then the asymptotic series
   * {@code 1/x + 1/(2x^2) + sum B_2k / x^(2k+1)} (A&amp;S 6.4.12), and for negative {@code x} the reflection
   * {@code psi'(1-x) + psi'(x) = pi^2 / sin^2(pi x)}. Poles (0, the negative integers) give
   * {@code +inf}; {@code psi'(+inf) = 0}, {@code psi'(-inf)} is NaN.
   */
  public static double trigamma(double x) {
    if (Double.isNaN(x) || x == Double.NEGATIVE_INFINITY) {
      return Double.NaN;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return 0;
    }
    if (x <= 0) {
      if (x == Math.floor(x)) {
        return Double.POSITIVE_INFINITY;
      }
      double sp = sinPi(x);
      return Math.PI * Math.PI / (sp * sp) - trigamma(1 - x);
    }
    // psi'(x) = sum_{k<n} 1/(x+k)^2 + psi'(x+n): positive terms only, no cancellation.
    double shift = 0;
    while (x < 10) {
      shift += 1 / (x * x);
      x += 1;
    }
    double inv = 1 / x;
    double inv2 = inv * inv;
    double series = 0;
    double p = inv2 * inv;
    for (int k = 1; k <= BERNOULLI.length; k++) {
      series += BERNOULLI[k - 1] * p;
      p *= inv2;
    }
    return (inv + 0.5 * inv2 + series) + shift;
  }

  /**
   * {@code zeta(k) - 1} for {@code 2 <= k <= 64}: the table the series of {@link #lgamma} and
   * {@link #psi} use, exposed so the CUDA prelude prints the same values.
   */
  public static double zetaMinusOne(int k) {
    if (k < 2 || k >= ZETA_MINUS_1.length) {
      throw new IllegalArgumentException("zetaMinusOne: k must be in [2, "
          + (ZETA_MINUS_1.length - 1) + "], got " + k);
    }
    return ZETA_MINUS_1[k];
  }

  /** How many entries ({@code k = 0..zetaTerms()-1}) the zeta table has. */
  public static int zetaTerms() {
    return ZETA_MINUS_1.length;
  }
}
