package org.theano4j.jvm;

import org.theano4j.tensor.Scalar;

/**
 * float32 {@code exp}, {@code expm1}, {@code tanh} and {@code sigmoid} computed pass by pass
 * over a block of up to 1,024 elements, so that the JIT vectorises each pass: bit for bit the
 * scalar table's double lane rounded to float32, as {@link FloatFunctions}'s per-element code.
 *
 * <p>Why passes: C2 vectorises a loop only after unrolling it, and it unrolls only loops whose
 * body is small (about 60 IR nodes); one loop computing the whole function stays scalar (8 ns
 * per element measured), while each pass below, a few double operations over heap arrays,
 * runs at 4 lanes per AVX2 instruction (0.3 ns per element per pass on the development
 * machine). Nothing here converts between float and int bits in a vectorised pass (JDK 17
 * does not vectorise those moves): the range reduction is by squaring instead of by an
 * exponent field.
 *
 * <p>How, for {@code e^x}: {@code y = x 2^-8} (exact), {@code e = expm1(y)} by its Taylor
 * polynomial to degree 15 ({@code |y| <= 0.47}: truncation below 2^-60 relative), {@code 1 + e}
 * squared eight times (relative error at most about 2^8 times the polynomial's, below 2^-43).
 * {@code expm1} doubles the argument of {@code e} eight times instead, by
 * {@code expm1(2y) = e (e + 2)}, which loses nothing near 0 (no cancellation; error below
 * 2^-43 relative). {@code tanh x = expm1(2x) / (expm1(2x) + 2)} for {@code |x| <= 9.1}
 * (beyond, float32 tanh is ±1, which clamping the argument gives);
 * {@code sigmoid x = 1 / (1 + e^-x)} with {@code |x|} clamped to 120 (beyond, the float32
 * result does not change).
 *
 * <p>Which results are kept (the settle pass): the candidate {@code t} is kept, rounded to
 * float32, only when {@code t (1 - 2^-36)} and {@code t (1 + 2^-36)} round to the same 24-bit
 * significand (Dekker's split, three multiply-adds, no bit moves) and {@code |t|} is in
 * float32's normal range: the exact value and the lane's double are both within that
 * interval, so they round to the same float. Every other element (about one in 2,000, and
 * NaN, infinities, zeros, subnormal results, arguments outside the clamped range where the
 * clamp would change the result) is marked and recomputed by the lane in a last scalar pass.
 *
 * <p>With {@link Math#fma} (where {@link Fma#FAST}: the processor has FMA and HotSpot uses
 * it), the two polynomials, {@code expm1}'s Taylor and {@code atanh}'s series, are evaluated
 * with each {@code a b + c} one fused multiply-add. That changes only rounding: an fma rounds
 * once, so its error is at most half an ulp of its result, where a multiply then an add err by
 * up to half an ulp of the product plus half an ulp of the sum; every step's error is at most
 * the bound the error estimates above assume, so those estimates (below 2^-43 relative for the
 * exp family, 2^-49 for the log family, against the settle interval's 2^-36) hold for both
 * paths. The candidates may differ in their last double bits, but a kept one rounds to the
 * correctly rounded float and the others are the lane's: the float32 results are bit for bit
 * the same with and without fma ({@code FloatPassesFmaTest}).
 */
final class FloatPasses {
  /** Elements per block: the work arrays' length. */
  static final int BLOCK = 1024;
  /** Extra elements per work array (576 bytes): see {@link Work}. */
  private static final int STAGGER = 72;

  /** Marks are summed by columns of this many to find the marked elements. */
  private static final int COLUMNS = 64;
  /** The argument scale: {@code 2^-8}, undone by eight squarings or doublings. */
  private static final double SCALE = 0x1p-8;
  /** Dekker's splitter for 24 of double's 53 significand bits: {@code 2^29 + 1}. */
  private static final double SPLIT_24 = 0x1p29 + 1;
  /** Half-width of the interval that must round to one float, relative. */
  private static final double SETTLE = 0x1p-36;
  private static final double MIN_NORMAL = Float.MIN_NORMAL;
  private static final double MAX_FLOAT = Float.MAX_VALUE;

  /** ln 2 in two parts (fdlibm's): {@code k * LN2_HI} is exact for {@code |k| < 2^11}. */
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  /** The bits of {@code sqrt(1/2)}: {@link #split}'s {@code m} starts there. */
  private static final long SQRT_HALF_BITS = Double.doubleToRawLongBits(Math.sqrt(0.5));
  private static final long FRACTION = 0x000F_FFFF_FFFF_FFFFL;

  /**
   * Per thread: the argument, temporaries, the candidate, the marks. Their lengths differ by
   * {@link #STAGGER} so that, allocated one after the other, the arrays do not start at the
   * same address modulo 4 KiB: a pass that stores into one array while loading the next
   * elements of another at such a distance stalls on every vector (the processor's "4K
   * aliasing" of loads against earlier stores); with equal lengths the exp and log loops ran
   * at 2.5–3.8 ns per element in some JVMs and 8–15 in others, depending on where the arrays
   * landed.
   */
  private static final class Work {
    final double[] x = new double[BLOCK + 0 * STAGGER];
    final double[] y = new double[BLOCK + 1 * STAGGER];
    final double[] u = new double[BLOCK + 2 * STAGGER];
    final double[] t = new double[BLOCK + 3 * STAGGER];
    final double[] v = new double[BLOCK + 4 * STAGGER];
    final double[] mark = new double[BLOCK + 5 * STAGGER];
    final double[] col = new double[COLUMNS];
  }

  private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

  private FloatPasses() {}

  /** True if {@code op} is computed here. */
  static boolean has(Scalar op) {
    return switch (op) {
      case EXP, EXPM1, TANH, SIGMOID, LOG, LOG1P, SOFTPLUS -> true;
      default -> false;
    };
  }

  /** {@code out[i] = op(a[i])} for the first {@code n} elements ({@link #has}{@code (op)}). */
  static void apply(Scalar op, float[] a, float[] out, int n) {
    apply(op, a, out, n, Fma.FAST);
  }

  /**
   * {@link #apply(Scalar, float[], float[], int)} with the polynomials by {@link Math#fma} or
   * by separate multiplies and adds: the same results either way (tests call both).
   */
  static void apply(Scalar op, float[] a, float[] out, int n, boolean fma) {
    Work w = WORK.get();
    for (int o = 0; o < n; o += BLOCK) {
      int m = Math.min(BLOCK, n - o);
      widen(a, o, w.x, m);
      switch (op) {
        case EXP -> {
          clamp(w.x, w.y, w.mark, m, -87.3, 88.7, SCALE, 1);
          expm1Taylor(w.y, w.u, w.t, m, fma);
          onePlusSquare8(w.t, m);
        }
        case EXPM1 -> {
          clamp(w.x, w.y, w.mark, m, -88, 88.7, SCALE, 1);
          expm1Taylor(w.y, w.u, w.t, m, fma);
          double4(w.t, m);
          double4(w.t, m);
        }
        case TANH -> {
          clamp(w.x, w.y, w.mark, m, -9.1, 9.1, 2 * SCALE, 0);
          expm1Taylor(w.y, w.u, w.t, m, fma);
          double4(w.t, m);
          double4(w.t, m);
          overPlus(w.t, 2, m); // e / (e + 2)
        }
        case SIGMOID -> {
          clamp(w.x, w.y, w.mark, m, -120, 120, -SCALE, 0);
          expm1Taylor(w.y, w.u, w.t, m, fma);
          onePlusSquare8(w.t, m);
          reciprocalOnePlus(w.t, m);
        }
        case LOG -> log(w, w.x, 0, 0, w.t, m, fma);
        case LOG1P -> {
          log(w, w.x, 1, -1, w.t, m, fma);
          log1pCorrection(w.x, w.t, m);
        }
        case SOFTPLUS -> {
          negAbsClamp(w.x, w.y, m, 120, SCALE); // -min(|x|, 120) 2^-8
          expm1Taylor(w.y, w.u, w.t, m, fma);
          onePlusSquare8(w.t, m); // e = e^-|x|
          log(w, w.t, 1, -1, w.v, m, fma);
          log1pCorrection(w.t, w.v, m); // ln(1 + e)
          plusPositivePart(w.x, w.v, w.t, m);
        }
        default -> throw new AssertionError(op + " has no float32 passes");
      }
      settle(w.t, w.mark, m, op == Scalar.EXP);
      narrow(w.t, out, o, m);
      redo(op, a, out, o, w, m);
    }
  }

  private static void widen(float[] a, int from, double[] x, int m) {
    for (int i = 0; i < m; i++) {
      x[i] = a[from + i];
    }
  }

  private static void narrow(double[] t, float[] out, int from, int m) {
    for (int i = 0; i < m; i++) {
      out[from + i] = (float) t[i];
    }
  }

  /**
   * {@code y = scale * clamp(x, lo, hi)}; the mark is {@code |x - clamp(x)| * markClamped}:
   * with 1, an argument outside the range goes to the lane; with 0 only NaN and infinities do
   * (their product with 0 is NaN).
   */
  private static void clamp(double[] x, double[] y, double[] mark, int m, double lo, double hi,
      double scale, double markClamped) {
    for (int i = 0; i < m; i++) {
      double xi = x[i];
      double c = Math.min(Math.max(xi, lo), hi);
      y[i] = c * scale;
      mark[i] = Math.abs(xi - c) * markClamped;
    }
  }

  /**
   * {@code t = e^y - 1} for {@code |y| <= 0.47}: {@code y (1 + y q(y))}, {@code q} the Taylor
   * polynomial {@code 1/2! + y/3! + ... + y^13/15!}; the product form keeps the sign of a zero.
   * With {@code fma}, {@link #expm1TaylorFma}.
   */
  private static void expm1Taylor(double[] y, double[] u, double[] t, int m, boolean fma) {
    if (fma) {
      expm1TaylorFma(y, u, t, m);
      return;
    }
    for (int i = 0; i < m; i++) {
      double v = y[i];
      double v2 = v * v;
      double c8 = 1.0 / 3628800 + v * (1.0 / 39916800);
      double c10 = 1.0 / 479001600 + v * (1.0 / 6227020800.0);
      double c12 = 1.0 / 87178291200.0 + v * (1.0 / 1307674368000.0);
      u[i] = (c8 + v2 * c10) + (v2 * v2) * c12;
    }
    for (int i = 0; i < m; i++) {
      double v = y[i];
      double v2 = v * v;
      double v4 = v2 * v2;
      double c0 = 1.0 / 2 + v * (1.0 / 6);
      double c2 = 1.0 / 24 + v * (1.0 / 120);
      double c4 = 1.0 / 720 + v * (1.0 / 5040);
      double c6 = 1.0 / 40320 + v * (1.0 / 362880);
      double q = (c0 + v2 * c2) + v4 * ((c4 + v2 * c6) + v4 * u[i]);
      t[i] = v * (1 + v * q);
    }
  }

  /** {@link #expm1Taylor}'s polynomial, each multiply-add one {@link Math#fma}. */
  private static void expm1TaylorFma(double[] y, double[] u, double[] t, int m) {
    for (int i = 0; i < m; i++) {
      double v = y[i];
      double v2 = v * v;
      double c8 = Math.fma(v, 1.0 / 39916800, 1.0 / 3628800);
      double c10 = Math.fma(v, 1.0 / 6227020800.0, 1.0 / 479001600);
      double c12 = Math.fma(v, 1.0 / 1307674368000.0, 1.0 / 87178291200.0);
      u[i] = Math.fma(v2 * v2, c12, Math.fma(v2, c10, c8));
    }
    for (int i = 0; i < m; i++) {
      double v = y[i];
      double v2 = v * v;
      double v4 = v2 * v2;
      double q = Math.fma(v4 * v4, u[i], estrin8Fma(v, v2, v4, 1.0 / 2, 1.0 / 6, 1.0 / 24,
          1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320, 1.0 / 362880));
      t[i] = v * Math.fma(v, q, 1);
    }
  }

  /**
   * {@code a0 + a1 x + ... + a7 x^7} by Estrin's scheme, each multiply-add one {@link Math#fma};
   * {@code x2 = x^2}, {@code x4 = x^4}.
   */
  private static double estrin8Fma(double x, double x2, double x4, double a0, double a1,
      double a2, double a3, double a4, double a5, double a6, double a7) {
    return Math.fma(x4, Math.fma(x2, Math.fma(x, a7, a6), Math.fma(x, a5, a4)),
        Math.fma(x2, Math.fma(x, a3, a2), Math.fma(x, a1, a0)));
  }

  /** {@code t = (1 + t)^256}: {@code expm1(y)} to {@code e^(256 y)}. */
  private static void onePlusSquare8(double[] t, int m) {
    for (int i = 0; i < m; i++) {
      double p = 1 + t[i];
      p *= p;
      p *= p;
      p *= p;
      p *= p;
      p *= p;
      p *= p;
      p *= p;
      p *= p;
      t[i] = p;
    }
  }

  /** {@code expm1(y)} to {@code expm1(16 y)} by {@code expm1(2y) = e (e + 2)}, four times. */
  private static void double4(double[] t, int m) {
    for (int i = 0; i < m; i++) {
      double e = t[i];
      e *= e + 2;
      e *= e + 2;
      e *= e + 2;
      e *= e + 2;
      t[i] = e;
    }
  }

  /** {@code t = t / (t + c)}. */
  private static void overPlus(double[] t, double c, int m) {
    for (int i = 0; i < m; i++) {
      double e = t[i];
      t[i] = e / (e + c);
    }
  }

  /** {@code t = 1 / (1 + t)}. */
  private static void reciprocalOnePlus(double[] t, int m) {
    for (int i = 0; i < m; i++) {
      t[i] = 1 / (1 + t[i]);
    }
  }

  /**
   * {@code dst = ln(one + src)} without {@code log1p}'s correction, for {@code src > lo} (finite);
   * other elements are marked: {@code u = one + src = m 2^k} split by {@link #split} (the one
   * scalar pass), {@code ln m = 2 atanh(s)}, {@code s = (m - 1)/(m + 1)}, {@code |s| <= 0.1716},
   * its odd series to {@code s^17} (the next term below 2^-52 of the sum) in {@code s^2} by
   * Estrin's scheme; {@code ln u = k ln 2 + 2s + 2s z q(z)} (relative error below 2^-49, for
   * {@code u} near 1 too). Uses {@code w.u} and {@code w.y}; {@code dst} may be {@code w.t} or
   * {@code w.v}, not {@code src}. With {@code fma}, the series by {@link #atanhSeriesFma}.
   */
  private static void log(Work w, double[] src, double one, double lo, double[] dst, int m,
      boolean fma) {
    split(src, one, lo, w.u, w.y, w.mark, m);
    for (int i = 0; i < m; i++) {
      double r = w.y[i];
      w.y[i] = (r - 1) / (r + 1);
    }
    if (fma) {
      atanhSeriesFma(w.y, dst, m);
    } else {
      atanhSeries(w.y, dst, m);
    }
    double[] k = w.u;
    double[] s = w.y;
    for (int i = 0; i < m; i++) {
      double kk = k[i];
      dst[i] = kk * LN2_HI + (2 * s[i] + (dst[i] + kk * LN2_LO));
    }
  }

  /**
   * The one scalar pass (bit moves, which the JIT does not vectorise): {@code u = one + src}
   * as {@code m 2^k} with {@code m} in {@code [sqrt(1/2), sqrt 2)}, {@code k} into {@code k},
   * {@code m} into {@code mant}; the mark is 1 unless {@code lo < src <= Float.MAX_VALUE}.
   */
  private static void split(double[] src, double one, double lo, double[] k, double[] mant,
      double[] mark, int m) {
    for (int i = 0; i < m; i++) {
      double x = src[i];
      // bits - SQRT_HALF_BITS = k 2^52 + r, 0 <= r < 2^52: u = m 2^k, m's bits SQRT_HALF_BITS + r
      long d = Double.doubleToRawLongBits(one + x) - SQRT_HALF_BITS;
      k[i] = d >> 52;
      mant[i] = Double.longBitsToDouble((d & FRACTION) + SQRT_HALF_BITS);
      mark[i] = x > lo && x <= MAX_FLOAT ? 0 : 1;
    }
  }

  /** {@code dst = 2s z q(z)}, {@code z = s^2}, {@code q = 1/3 + z/5 + ... + z^7/17}. */
  private static void atanhSeries(double[] s, double[] dst, int m) {
    for (int i = 0; i < m; i++) {
      double r = s[i];
      double z = r * r;
      double z2 = z * z;
      double z4 = z2 * z2;
      double c0 = 1.0 / 3 + z * (1.0 / 5);
      double c1 = 1.0 / 7 + z * (1.0 / 9);
      double c2 = 1.0 / 11 + z * (1.0 / 13);
      double c3 = 1.0 / 15 + z * (1.0 / 17);
      double q = (c0 + z2 * c1) + z4 * (c2 + z2 * c3);
      dst[i] = 2 * r * z * q;
    }
  }

  /** {@link #atanhSeries}, each multiply-add one {@link Math#fma}. */
  private static void atanhSeriesFma(double[] s, double[] dst, int m) {
    for (int i = 0; i < m; i++) {
      double z = s[i] * s[i];
      double z2 = z * z;
      dst[i] = 2 * s[i] * z * estrin8Fma(z, z2, z2 * z2, 1.0 / 3, 1.0 / 5, 1.0 / 7, 1.0 / 9,
          1.0 / 11, 1.0 / 13, 1.0 / 15, 1.0 / 17);
    }
  }

  /**
   * {@code ln(1 + y)} from {@code ln u}, {@code u = 1 + y} rounded: plus the first-order
   * correction {@code (y - (u - 1)) / u}, so that a tiny {@code y} keeps all its digits.
   */
  private static void log1pCorrection(double[] y, double[] dst, int m) {
    for (int i = 0; i < m; i++) {
      double yi = y[i];
      double u = 1 + yi;
      dst[i] += (yi - (u - 1)) / u;
    }
  }

  /** {@code y = -min(|x|, cap) * scale} (NaN stays NaN). */
  private static void negAbsClamp(double[] x, double[] y, int m, double cap, double scale) {
    for (int i = 0; i < m; i++) {
      y[i] = -Math.min(Math.abs(x[i]), cap) * scale;
    }
  }

  /** {@code t = max(x, 0) + v} ({@code -0} gives {@code +0}; NaN stays NaN). */
  private static void plusPositivePart(double[] x, double[] v, double[] t, int m) {
    for (int i = 0; i < m; i++) {
      t[i] = Math.max(x[i], 0.0) + v[i];
    }
  }

  /**
   * Adds to the mark: non-zero unless {@code t (1 ± 2^-36)} split to the same 24-bit
   * significand (the exact value rounds as {@code t} does) and {@code |t|} is a normal float
   * (NaN propagates into the mark); {@code normal}: the caller's clamp has made every unmarked
   * {@code t} a normal float already (e^x on [-87.3, 88.7]).
   */
  private static void settle(double[] t, double[] mark, int m, boolean normal) {
    for (int i = 0; i < m; i++) {
      double p = t[i];
      double lo = p - p * SETTLE;
      double hi = p + p * SETTLE;
      double cl = lo * SPLIT_24;
      double ch = hi * SPLIT_24;
      mark[i] += Math.abs((cl - (cl - lo)) - (ch - (ch - hi)));
    }
    if (normal) {
      return;
    }
    for (int i = 0; i < m; i++) {
      double g = Math.abs(t[i]);
      mark[i] += Math.abs(g - Math.min(Math.max(g, MIN_NORMAL), MAX_FLOAT));
    }
  }

  /**
   * The lane's result, rounded, for every marked element. Finding them costs one vectorised
   * pass: the marks (each {@code >= 0} or NaN, so a sum is 0 only when all its terms are) are
   * summed by columns of {@link #COLUMNS}, and only the columns with a non-zero sum are scanned.
   */
  private static void redo(Scalar op, float[] a, float[] out, int from, Work w, int m) {
    double[] mark = w.mark;
    double[] col = w.col;
    int rows = m / COLUMNS;
    java.util.Arrays.fill(col, 0);
    for (int r = 0; r < rows; r++) {
      addRow(mark, r * COLUMNS, col);
    }
    Scalar.DoubleLane lane = op.doubleLane();
    for (int j = 0; j < COLUMNS; j++) {
      if (col[j] != 0) {
        for (int i = j; i < rows * COLUMNS; i += COLUMNS) {
          if (mark[i] != 0) {
            out[from + i] = (float) lane.apply(a[from + i], 0, 0);
          }
        }
      }
    }
    for (int i = rows * COLUMNS; i < m; i++) {
      if (mark[i] != 0) {
        out[from + i] = (float) lane.apply(a[from + i], 0, 0);
      }
    }
  }

  private static void addRow(double[] mark, int base, double[] col) {
    for (int j = 0; j < COLUMNS; j++) {
      col[j] += mark[base + j];
    }
  }
}
