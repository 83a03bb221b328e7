package org.theano4j.jvm;

import org.theano4j.tensor.Scalar;

/**
 * The fast-math float32 functions ({@code Theano.function(...).fastMath(true)}): {@code exp},
 * {@code expm1}, {@code tanh}, {@code sigmoid}, {@code log}, {@code log1p} and
 * {@code softplus} in float arithmetic only, pass by pass over blocks of up to 1,024 elements
 * so that C2 vectorises each pass (16 floats per AVX-512 instruction), with a bounded error
 * instead of {@link FloatPasses}' correct rounding. The bounds, measured on all 2^32 inputs,
 * are in docs/performance.md ("Fast-math float32 transcendentals") and asserted by
 * {@code FastFloatPassesTest}.
 *
 * <p>How. {@code e^y}: {@code k = round(y / ln 2)} by adding {@code 1.5 * 2^23} (the float's
 * rounding does it), {@code r = y - k ln 2} in two steps (Cody and Waite: {@code k} times the
 * high part of ln 2 is exact), {@code e^r - 1} by its Taylor polynomial to degree 8
 * ({@code |r| <= 0.347}), and {@code 2^k} from the bits of the rounded sum: the one scalar
 * pass (JDK 17 vectorises no float/int bit move; 0.25 ns per element). Every vectorised pass
 * reads and writes its arrays at the loop index (a store at an offset into an array that may
 * be another operand keeps C2 from vectorising) and has a small body (C2 vectorises only the
 * loops it unrolls); the block's result goes to the output in one copy. {@code expm1 =
 * 2^k (e^r - 1) + (2^k - 1)}; {@code tanh x = expm1(2x) / (expm1(2x) + 2)};
 * {@code sigmoid x = 1 / (1 + e^-x)}; {@code ln u} (u = m 2^k, m in [sqrt(1/2), sqrt 2), split
 * from the bits by the second scalar pass) {@code = k ln 2 + ln m}, {@code ln m = f - (f^2/2 -
 * s (f^2/2 + R(s^2)))} with {@code f = m - 1}, {@code s = f / (2 + f)} and {@code R} the series
 * of {@code 2 atanh(s) - 2s} over {@code s}; {@code log1p} adds the correction
 * {@code (x - (u - 1)) / u} for {@code u = 1 + x} rounded; {@code softplus x = max(x, 0) +
 * log1p(e^-|x|)}. Arithmetic without fused multiply-adds ({@code Math.fma} is a slow library
 * call on processors without FMA): each result is the same on every JVM. (The default
 * {@link FloatPasses} do use {@code Math.fma} where {@link Fma#FAST}, since their settle pass
 * makes the float results independent of it; here it would make results differ between
 * machines with and without FMA, and is not used.)
 *
 * <p>Where the fast core does not apply, the element is marked and the default path computes
 * it, correctly rounded (the last, scalar, pass; finding the marked elements is one
 * vectorised pass over column sums, as in {@link FloatPasses}): NaN; for {@code exp} and
 * {@code expm1} arguments above 88.3 (overflow to infinity at the exact threshold), for
 * {@code exp}, {@code sigmoid} and {@code softplus} arguments below -87.3 (subnormal results
 * and underflow to 0); for {@code log} zero, negative, subnormal and infinite arguments, for
 * {@code log1p} -1 and below and infinity; for {@code tanh},
 * {@code expm1} and {@code log1p} {@code |x| < 2^-25} (zeros and subnormals included), where
 * the correctly rounded result is {@code x} itself, signed zero included. Saturation needs no
 * special case: wherever the correctly rounded {@code tanh} is {@code ±1}, {@code sigmoid} 1
 * or {@code expm1} -1, the formulas round to it too (checked on all 2^32 inputs), and the
 * clamps ({@code tanh}'s argument to {@code ±9.1}, {@code expm1}'s to {@code -17.4} and more,
 * {@code sigmoid}'s to 17.4 and less) keep those values beyond.
 */
final class FastFloatPasses {
  /** Elements per block: the work arrays' length. */
  static final int BLOCK = 1024;
  /**
   * Extra elements per work array (576 bytes), so that arrays allocated one after the other do
   * not start at the same address modulo 4 KiB (see {@link FloatPasses}' work arrays).
   */
  private static final int STAGGER = 144;
  /** Marks are summed by residues modulo this many to find the marked elements. */
  private static final int COLUMNS = 64;
  /**
   * Blocks shorter than this have their marks scanned one by one; longer ones are folded
   * ({@link #redo}: four passes over {@link #BLOCK} marks, about 60 ns, where a scan of 768
   * marks, the elementwise kernels' chunk, took 0.33 ns each).
   */
  private static final int FOLD_MIN = 256;

  /** {@code 1.5 * 2^23}: adding it rounds a float of magnitude below 2^22 to an integer. */
  private static final float ROUND = 0x1.8p23f;
  /** {@link #ROUND} plus float32's exponent bias: the sum's low bits are {@code k + 127}. */
  private static final float ROUND_BIASED = ROUND + 127;
  /** {@code 1 / ln 2}. */
  private static final float INV_LN2 = (float) (1 / Math.log(2));
  /** ln 2 to 16 significant bits (exact times any {@code |k| < 256}), and the rest. */
  private static final float LN2_HI =
      Float.intBitsToFloat(Float.floatToRawIntBits((float) Math.log(2)) & 0xFFFF_FF00);
  private static final float LN2_LO = (float) (Math.log(2) - LN2_HI);
  /** The bits of {@code sqrt(1/2)} as a float: {@link #split}'s {@code m} starts there. */
  private static final int SQRT_HALF_BITS = Float.floatToRawIntBits((float) Math.sqrt(0.5));
  private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);

  /** Below this magnitude {@code tanh}, {@code expm1} and {@code log1p} round to {@code x}. */
  static final float TINY = 0x1p-25f;
  /** {@code e^x} is computed here for {@code x} in [{@value #EXP_LO}, {@value #EXP_HI}]. */
  static final float EXP_LO = -87.3f;
  static final float EXP_HI = 88.3f;
  /** Below this, {@code expm1} is -1 (correctly rounded from {@code -17.33} on). */
  private static final float EXPM1_LO = -17.4f;
  /** Beyond {@code ±9.1} float32 {@code tanh} is {@code ±1}; and sigmoid 1 beyond 17.4. */
  private static final float TANH_CLAMP = 9.1f;
  private static final float SIGMOID_HI = 17.4f;
  /** The largest float whose correctly rounded {@code tanh} is below 1. */
  static final float TANH_BELOW_ONE = lastBelowOne();
  /** A side of {@link #markOutside} where nothing finite is marked (but the other extreme). */
  private static final float NO_BOUND_BELOW = -Float.MAX_VALUE;
  private static final float NO_BOUND_ABOVE = Float.MAX_VALUE;
  /** {@code log1p}'s arguments start just above -1. */
  private static final float LOG1P_LO = -1 + 0x1p-24f;

  /** Per thread: the argument and temporaries, staggered (see {@link #STAGGER}). */
  private static final class Work {
    final float[] x = new float[BLOCK + 0 * STAGGER];
    final float[] c = new float[BLOCK + 1 * STAGGER];
    final float[] k = new float[BLOCK + 2 * STAGGER];
    final float[] r = new float[BLOCK + 3 * STAGGER];
    final float[] t = new float[BLOCK + 4 * STAGGER];
    final float[] u = new float[BLOCK + 5 * STAGGER];
    final float[] mark = new float[BLOCK + 6 * STAGGER];
    /** The block's result before the marked elements are redone. */
    final float[] res = new float[BLOCK + 7 * STAGGER];
    /** The marks folded to {@link #COLUMNS} sums ({@link #redo}). */
    final float[] fold = new float[BLOCK / 2 + 8 * STAGGER];
    final float[] fold2 = new float[BLOCK / 4 + 9 * STAGGER];
  }

  private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

  private FastFloatPasses() {}

  /** True if {@code op} has a fast-math float32 loop here. */
  static boolean has(Scalar op) {
    return switch (op) {
      case EXP, EXPM1, TANH, SIGMOID, LOG, LOG1P, SOFTPLUS -> true;
      default -> false;
    };
  }

  /** {@code out[i] = op(a[i])} for the first {@code n} elements ({@link #has}{@code (op)}). */
  static void apply(Scalar op, float[] a, float[] out, int n) {
    Work w = WORK.get();
    for (int o = 0; o < n; o += BLOCK) {
      int m = Math.min(BLOCK, n - o);
      // one block that is the whole call (as the elementwise kernels' chunks are), with an
      // output that is not the argument: the passes read the argument and the last one writes
      // the output, at [i] as every pass, without the two copies
      boolean inPlace = n <= BLOCK && a != out;
      float[] x = inPlace ? a : w.x;
      float[] res = inPlace ? out : w.res;
      if (!inPlace) {
        System.arraycopy(a, o, x, 0, m);
      }
      switch (op) {
        case EXP -> {
          markOutside(x, w.mark, m, EXP_LO, EXP_HI);
          reduce(x, 1, w.k, w.r, m); // marked if out of range
          expm1Taylor(w.r, w.t, m);
          powerOfTwo(w.k, w.u, m);
          onePlusTimes(w.t, w.u, res, m);
        }
        case EXPM1 -> {
          markOutside(x, w.mark, m, NO_BOUND_BELOW, EXP_HI);
          markTiny(x, w.mark, m, TINY);
          clampTo(x, w.c, m, EXPM1_LO, EXP_HI);
          reduce(w.c, 1, w.k, w.r, m);
          expm1Taylor(w.r, w.t, m);
          powerOfTwo(w.k, w.u, m);
          expm1Scale(w.t, w.u, res, m);
        }
        case TANH -> {
          java.util.Arrays.fill(w.mark, 0, m, 0f);
          markTiny(x, w.mark, m, TINY); // and NaN
          clampTo(x, w.c, m, -TANH_CLAMP, TANH_CLAMP);
          reduce(w.c, 2, w.k, w.r, m);
          expm1Taylor(w.r, w.t, m);
          powerOfTwo(w.k, w.u, m);
          expm1Scale(w.t, w.u, w.c, m);
          overPlusTwo(w.c, res, m);
        }
        case SIGMOID -> {
          markOutside(x, w.mark, m, EXP_LO, NO_BOUND_ABOVE);
          clampTo(x, w.c, m, EXP_LO, SIGMOID_HI);
          reduce(w.c, -1, w.k, w.r, m);
          expm1Taylor(w.r, w.t, m);
          powerOfTwo(w.k, w.u, m);
          onePlusTimes(w.t, w.u, w.c, m);
          reciprocalOnePlus(w.c, res, m);
        }
        case LOG -> {
          markOutside(x, w.mark, m, Float.MIN_NORMAL, Float.MAX_VALUE);
          split(x, w.k, w.u, m);
          logCore(w.u, w.r, m);
          logSeries(w.u, w.r, m);
          logFinish(w.u, w.r, w.k, zeros(w.t, m), res, m);
        }
        case LOG1P -> {
          markOutside(x, w.mark, m, LOG1P_LO, Float.MAX_VALUE);
          markTiny(x, w.mark, m, TINY);
          log1p(w, x, w.c, res, m);
        }
        case SOFTPLUS -> {
          markOutside(x, w.mark, m, EXP_LO, NO_BOUND_ABOVE);
          negAbs(x, w.c, m); // c = -min(|x|, 87.3)
          reduce(w.c, 1, w.k, w.r, m);
          expm1Taylor(w.r, w.t, m);
          powerOfTwo(w.k, w.u, m);
          onePlusTimes(w.t, w.u, w.c, m); // c = e^-|x|
          log1p(w, w.c, w.c, w.t, m); // t = log1p(e^-|x|)
          plusPositivePart(x, w.t, res, m);
        }
        default -> throw new AssertionError(op + " has no fast float32 passes");
      }
      if (!inPlace) {
        System.arraycopy(res, 0, out, o, m);
      }
      redo(op, x, out, o, w, m);
    }
  }

  /** {@code c = min(max(x, lo), hi)} (NaN stays NaN). */
  private static void clampTo(float[] x, float[] c, int m, float lo, float hi) {
    for (int i = 0; i < m; i++) {
      c[i] = Math.min(Math.max(x[i], lo), hi);
    }
  }

  /**
   * The mark: non-zero (positive or NaN) exactly for NaN and for {@code x < below} or
   * {@code x > above}: {@code d + |d|} is {@code 2d} for {@code d > 0} and 0 otherwise (no
   * {@code Math.max}, whose vector form costs several instructions). A bound of
   * {@code ±Float.MAX_VALUE} marks nothing finite on its side but the other extreme, whose
   * difference overflows: harmless, the default path's result is exact.
   */
  private static void markOutside(float[] x, float[] mark, int m, float below, float above) {
    for (int i = 0; i < m; i++) {
      float xi = x[i];
      float lo = below - xi;
      float hi = xi - above;
      mark[i] = (lo + Math.abs(lo)) + (hi + Math.abs(hi));
    }
  }

  /** Adds to the mark: non-zero for {@code |x| < tiny} and NaN (as {@link #markOutside}). */
  private static void markTiny(float[] x, float[] mark, int m, float tiny) {
    for (int i = 0; i < m; i++) {
      float d = tiny - Math.abs(x[i]);
      mark[i] += d + Math.abs(d);
    }
  }

  /**
   * {@code k = round(y / ln 2)} as {@code k + ROUND_BIASED} (for {@link #powerOfTwo}) and
   * {@code r = y - k ln 2}, for {@code y = scale * x}.
   */
  private static void reduce(float[] x, float scale, float[] k, float[] r, int m) {
    for (int i = 0; i < m; i++) {
      float y = x[i] * scale;
      float kb = y * INV_LN2 + ROUND_BIASED;
      float kf = kb - ROUND_BIASED;
      k[i] = kb;
      r[i] = (y - kf * LN2_HI) - kf * LN2_LO;
    }
  }

  /** {@code t = e^r - 1}, {@code |r| <= 0.347}: {@code r + r^2 q(r)}, q Taylor's to r^6/8!. */
  private static void expm1Taylor(float[] r, float[] t, int m) {
    for (int i = 0; i < m; i++) {
      float v = r[i];
      float q = 1f / 40320;
      q = q * v + 1f / 5040;
      q = q * v + 1f / 720;
      q = q * v + 1f / 120;
      q = q * v + 1f / 24;
      q = q * v + 1f / 6;
      q = q * v + 1f / 2;
      t[i] = v + (v * v) * q;
    }
  }

  /**
   * The one scalar pass of the {@code e^y} family (as few operations as possible: its cost
   * grows with each): {@code s = 2^k} from the bits of {@code k}'s biased sum, {@code (k + 127)
   * << 23} (the sum's upper bits shift out).
   */
  private static void powerOfTwo(float[] k, float[] s, int m) {
    for (int i = 0; i < m; i++) {
      s[i] = Float.intBitsToFloat(Float.floatToRawIntBits(k[i]) << 23);
    }
  }

  /** {@code dst = (1 + t) s}: {@code e^y} from {@code t = expm1(r)} and {@code s = 2^k}. */
  private static void onePlusTimes(float[] t, float[] s, float[] dst, int m) {
    for (int i = 0; i < m; i++) {
      dst[i] = (1 + t[i]) * s[i];
    }
  }

  /** {@code dst = s t + (s - 1)}: {@code expm1(y)} from {@code t = expm1(r)}, {@code s = 2^k}. */
  private static void expm1Scale(float[] t, float[] s, float[] dst, int m) {
    for (int i = 0; i < m; i++) {
      float si = s[i];
      dst[i] = si * t[i] + (si - 1);
    }
  }

  /** {@code out = e / (e + 2)}: {@code tanh c} from {@code e = expm1(2c)}. */
  private static void overPlusTwo(float[] e, float[] out, int m) {
    for (int i = 0; i < m; i++) {
      float ei = e[i];
      out[i] = ei / (ei + 2);
    }
  }

  /** {@code out = 1 / (1 + u)}. */
  private static void reciprocalOnePlus(float[] u, float[] out, int m) {
    for (int i = 0; i < m; i++) {
      out[i] = 1 / (1 + u[i]);
    }
  }

  /**
   * The second scalar pass: {@code u = m 2^k} with {@code m} in {@code [sqrt(1/2), sqrt 2)}
   * into {@code mant}, {@code k} as {@code ROUND + k} into {@code k}, for {@code u} a
   * positive normal float (anything else is marked).
   */
  private static void split(float[] u, float[] k, float[] mant, int m) {
    for (int i = 0; i < m; i++) {
      int d = Float.floatToRawIntBits(u[i]) - SQRT_HALF_BITS;
      k[i] = Float.intBitsToFloat(ROUND_BITS + (d >> 23));
      mant[i] = Float.intBitsToFloat((d & 0x7F_FFFF) + SQRT_HALF_BITS);
    }
  }

  /**
   * {@code s = f / (2 + f)} for {@code f = m - 1} (in {@code r}), {@code mant} becomes
   * {@code f}.
   */
  private static void logCore(float[] mant, float[] s, int m) {
    for (int i = 0; i < m; i++) {
      float f = mant[i] - 1;
      mant[i] = f;
      s[i] = f / (2 + f);
    }
  }

  /**
   * {@code s = s (h + R)}, {@code h = f^2 / 2}, {@code R = 2z/3 + 2z^2/5 + 2z^3/7 + 2z^4/9},
   * {@code z = s^2}: the series of {@code 2 atanh(s) - 2s} over {@code s} to {@code s^9}.
   */
  private static void logSeries(float[] f, float[] s, int m) {
    for (int i = 0; i < m; i++) {
      float fi = f[i];
      float si = s[i];
      float z = si * si;
      float rr = z * (2f / 3 + z * (2f / 5 + z * (2f / 7 + z * (2f / 9))));
      s[i] = si * (0.5f * fi * fi + rr);
    }
  }

  /**
   * {@code out = k ln 2 + ln(1 + f) + corr}: {@code ln(1 + f) = f - (h - a)} with
   * {@code a} from {@link #logSeries} (in {@code a}), {@code h = f^2 / 2}.
   */
  private static void logFinish(float[] f, float[] a, float[] k, float[] corr, float[] out,
      int m) {
    for (int i = 0; i < m; i++) {
      float fi = f[i];
      float kf = k[i] - ROUND;
      out[i] = kf * LN2_HI + (fi - (0.5f * fi * fi - (a[i] + (kf * LN2_LO + corr[i]))));
    }
  }

  private static float[] zeros(float[] t, int m) {
    java.util.Arrays.fill(t, 0, m, 0f);
    return t;
  }

  /**
   * {@code out = log1p(y)} for {@code y} above -1 and finite (anything else is marked); uses
   * {@code mant}, {@code w.u}, {@code w.r} and {@code w.k} ({@code mant} may be {@code y};
   * {@code out} is none of them).
   */
  private static void log1p(Work w, float[] y, float[] mant, float[] out, int m) {
    float[] u = w.u;
    float[] corr = w.r;
    for (int i = 0; i < m; i++) {
      float yi = y[i];
      float ui = 1 + yi;
      u[i] = ui;
      corr[i] = (yi - (ui - 1)) / ui;
    }
    split(u, w.k, mant, m);
    float[] s = u;
    logCore(mant, s, m);
    logSeries(mant, s, m);
    logFinish(mant, s, w.k, corr, out, m);
  }

  /** {@code c = -min(|x|, -EXP_LO)} (NaN stays NaN). */
  private static void negAbs(float[] x, float[] c, int m) {
    for (int i = 0; i < m; i++) {
      c[i] = -Math.min(Math.abs(x[i]), -EXP_LO);
    }
  }

  /** {@code out = max(x, 0) + v}. */
  private static void plusPositivePart(float[] x, float[] v, float[] out, int m) {
    for (int i = 0; i < m; i++) {
      out[i] = Math.max(x[i], 0f) + v[i];
    }
  }

  /**
   * The default path's result for every marked element ({@code x} itself below
   * {@link #TINY} for the functions that round to it there). Finding them costs four short
   * vectorised passes: the marks (each {@code >= 0} or NaN, so a sum is 0 only when all its
   * terms are) are folded in halves, 1,024 to 512, 256, 128 and 64 sums, each the sum of the
   * marks whose index is the same modulo 64, and only those residues with a non-zero sum are
   * scanned. (Summing the marks row by row, 16 loops of 64, cost five times as much.)
   */
  private static void redo(Scalar op, float[] x, float[] out, int from, Work w, int m) {
    float[] mark = w.mark;
    if (m < FOLD_MIN) {
      for (int i = 0; i < m; i++) {
        if (mark[i] != 0) {
          out[from + i] = edge(op, x[i]);
        }
      }
      return;
    }
    // a shorter block is folded as a whole one, with zeros after it (the halving passes have
    // constant lengths: C2 vectorises no loop that loads at an offset it does not know)
    java.util.Arrays.fill(mark, m, BLOCK, 0f);
    // ping-pong between two arrays: a store into the array a pass reads stops C2 vectorising
    float[] a = w.fold;
    float[] b = w.fold2;
    halve(mark, a, 512);
    halve(a, b, 256);
    halve(b, a, 128);
    halve(a, b, COLUMNS);
    float[] fold = b;
    for (int j = 0; j < COLUMNS; j++) {
      if (fold[j] != 0) {
        for (int i = j; i < m; i += COLUMNS) {
          if (mark[i] != 0) {
            out[from + i] = edge(op, x[i]);
          }
        }
      }
    }
  }

  /** {@code dst[i] = src[i] + src[i + half]} for {@code i < half}. */
  private static void halve(float[] src, float[] dst, int half) {
    for (int i = 0; i < half; i++) {
      dst[i] = src[i] + src[i + half];
    }
  }

  /** A marked element's result: correctly rounded. */
  private static float edge(Scalar op, float x) {
    if (Math.abs(x) < TINY && (op == Scalar.TANH || op == Scalar.EXPM1 || op == Scalar.LOG1P)) {
      return x;
    }
    return FloatFunctions.lane(op, x);
  }

  /** The largest positive float whose correctly rounded tanh is below 1 (a bisection). */
  private static float lastBelowOne() {
    int lo = Float.floatToRawIntBits(1f); // tanh below 1
    int hi = Float.floatToRawIntBits(TANH_CLAMP); // tanh rounds to 1
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (FloatFunctions.lane(Scalar.TANH, Float.intBitsToFloat(mid)) < 1f) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return Float.intBitsToFloat(lo);
  }
}
