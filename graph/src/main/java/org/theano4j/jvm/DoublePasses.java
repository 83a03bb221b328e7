package org.theano4j.jvm;

import org.theano4j.tensor.DoubleMath;
import org.theano4j.tensor.Scalar;

/**
 * float64 {@code exp}, {@code expm1}, {@code tanh}, {@code sigmoid}, {@code softplus},
 * {@code log} and {@code log1p} pass by pass over blocks of up to 1,024 elements, so that the
 * JIT vectorises each pass: bit for bit {@link DoubleMath}'s functions,
 * the scalar table's double lanes, whose steps each pass applies in the same order
 * ({@code DoublePassesTest}). The per-element functions cost 4 ns ({@code Math.exp}, the JIT's
 * stub) to 18–24 ns ({@code StrictMath}'s {@code tanh} and {@code expm1} on JDK 17); C2
 * vectorises a loop only when its body is small, hence one loop per step (as
 * {@link FloatPasses}).
 *
 * <p>One pass is scalar: {@code 2^k} from the bits of {@code k + 1.5 * 2^52}
 * ({@link DoubleMath#twoToK}; JDK 17 does not vectorise the moves between doubles and longs),
 * and for the logarithms the split of the argument into mantissa and exponent. The first pass
 * of the exponentials marks the elements outside the steps' range (NaN, infinities, {@code |x|
 * > 708}, and {@code |x| < 2^-54} for {@code expm1} and {@code tanh}) with a non-zero double;
 * the scalar pass, which has a branch per element anyway, lists them (a vectorised search of
 * the marks measured 0.34 ns per element, a sixth of the whole), and they are recomputed by
 * the lane at the end.
 */
final class DoublePasses {
  /** Elements per block: the work arrays' length. */
  static final int BLOCK = 1024;
  /** Extra elements per work array: see {@link FloatPasses}' work arrays (4K aliasing). */
  private static final int STAGGER = 72;

  /** Per thread: the argument, the steps' values, the marks. Lengths staggered. */
  private static final class Work {
    final double[] x = new double[BLOCK + 0 * STAGGER];
    final double[] y = new double[BLOCK + 1 * STAGGER];
    final double[] ks = new double[BLOCK + 2 * STAGGER];
    final double[] hi = new double[BLOCK + 3 * STAGGER];
    final double[] lo = new double[BLOCK + 4 * STAGGER];
    final double[] c = new double[BLOCK + 5 * STAGGER];
    final double[] mark = new double[BLOCK + 6 * STAGGER];
    final double[] v = new double[BLOCK + 7 * STAGGER];
    /** The marked indices; softplus's two stages may list an element twice. */
    final int[] index = new int[2 * BLOCK];
  }

  private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

  private DoublePasses() {}

  /** True if {@code op} is computed here. */
  static boolean has(Scalar op) {
    return switch (op) {
      case EXP, EXPM1, TANH, SIGMOID, SOFTPLUS, LOG, LOG1P -> true;
      default -> false;
    };
  }

  /**
   * {@code out[i] = op(a[i])} for the first {@code n} elements ({@link #has}{@code (op)});
   * {@code out} may be {@code a}.
   */
  static void apply(Scalar op, double[] a, double[] out, int n) {
    Work w = WORK.get();
    if (n <= BLOCK && a != out) { // the layout loops' chunks: no copies
      block(op, w, a, out, n);
      return;
    }
    for (int o = 0; o < n; o += BLOCK) {
      int m = Math.min(BLOCK, n - o);
      System.arraycopy(a, o, w.x, 0, m);
      block(op, w, w.x, w.y, m);
      System.arraycopy(w.y, 0, out, o, m);
    }
  }

  /** {@code y = op(x)} for {@code m <= BLOCK} elements, {@code x} and {@code y} distinct. */
  private static void block(Scalar op, Work w, double[] x, double[] y, int m) {
    int marked = op == Scalar.SOFTPLUS ? softplusBlock(w, x, y, m)
        : op == Scalar.LOG || op == Scalar.LOG1P ? logBlock(op, w, x, y, m, 0)
        : expBlock(op, w, x, y, m);
    Scalar.DoubleLane lane = op.doubleLane(); // DoubleMath's function of op
    for (int j = 0; j < marked; j++) {
      int i = w.index[j];
      y[i] = lane.apply(x[i], 0, 0);
    }
  }

  /**
   * The exponential family: {@code x} to {@code y}; returns how many elements are marked
   * (their indices in {@code w.index}), whose results are left to the scalar function.
   */
  private static int expBlock(Scalar op, Work w, double[] x, double[] y, int m) {
    double[] arg = x; // exp and expm1 reduce x itself: marked elements' garbage is replaced
    switch (op) {
      case EXP -> markExp(x, w.mark, m, 0);
      case EXPM1 -> markExp(x, w.mark, m, DoubleMath.TINY);
      case TANH -> {
        tanhArgument(x, w.c, w.mark, m); // c is free until the polynomial
        arg = w.c;
      }
      case SIGMOID -> {
        sigmoidArgument(x, w.c, w.mark, m);
        arg = w.c;
      }
      default -> throw new AssertionError(op + " has no float64 passes");
    }
    int marked = expSteps(arg, w, m);
    switch (op) {
      case EXP -> expFinish(w.hi, w.c, w.lo, y, m);
      case EXPM1 -> expm1Finish(w.hi, w.c, w.lo, y, m);
      case SIGMOID -> {
        expFinish(w.hi, w.c, w.lo, y, m); // e^-|x|
        sigmoidFinish(y, x, m);
      }
      default -> {
        expm1Finish(w.hi, w.c, w.lo, y, m);
        tanhSmall(w.c, x, w.hi, m); // hi is spent: it takes tanhSmall's value
        tanhCombine(y, w.hi, x, m);
      }
    }
    return marked;
  }

  /**
   * {@code softplus x = max(x, 0) + log1p(e^-|x|)}: {@link #expBlock}'s {@code e^-|x|} (as for
   * the sigmoid) into {@code w.v}, {@link #logBlock}'s {@code log1p} of it into {@code y}, then
   * the positive part; an element marked by either stage is left to the scalar function.
   */
  private static int softplusBlock(Work w, double[] x, double[] y, int m) {
    sigmoidArgument(x, w.c, w.mark, m);
    int first = expSteps(w.c, w, m);
    expFinish(w.hi, w.c, w.lo, w.v, m); // e^-|x|
    int marked = logBlock(Scalar.LOG1P, w, w.v, y, m, first); // listed after the first stage's
    plusPositivePart(x, y, m);
    return marked;
  }

  /**
   * The steps of {@code e^arg} up to its finish: {@code hi} in {@code w.hi}, {@code c} in
   * {@code w.c}, {@code 2^k} in {@code w.lo}; lists the elements {@code w.mark} marks in
   * {@code w.index} and returns how many.
   */
  private static int expSteps(double[] arg, Work w, int m) {
    reduce(arg, w.ks, w.hi, w.lo, m);
    polyHigh(w.hi, w.lo, w.c, m);
    polyLow(w.hi, w.lo, w.c, m);
    small(w.hi, w.lo, w.c, m);
    return twoToK(w.ks, w.lo, w.mark, w.index, m); // lo is spent: it takes 2^k
  }

  /**
   * The logarithms: {@code x} to {@code y}, as {@link #expBlock}, the marked elements listed in
   * {@code w.index} after the {@code listed} already there (returns the new total); {@code k}
   * in {@code w.ks}, {@code m} in {@code w.hi}, {@code s} in {@code w.lo}, the series in
   * {@code w.c}, log1p's correction in {@code y}.
   */
  private static int logBlock(Scalar op, Work w, double[] x, double[] y, int m, int listed) {
    boolean log1p = op == Scalar.LOG1P;
    int marked = split(x, log1p, w.ks, w.hi, w.index, listed, m);
    logRatio(w.hi, w.lo, m);
    logSeriesHigh(w.lo, w.c, m);
    logSeries(w.lo, w.c, m);
    if (log1p) {
      log1pCorrection(x, y, m);
    } else {
      java.util.Arrays.fill(y, 0, m, 0.0);
    }
    logFinish(w.ks, w.hi, w.lo, w.c, y, m);
    return marked;
  }

  /**
   * The mark: {@code d + |d|} for {@code d = |x| - 708} (0 within the steps' range, positive
   * beyond, NaN for NaN) plus, with {@code tiny > 0}, the same of {@code tiny - |x|}.
   */
  static void markExp(double[] x, double[] mark, int m, double tiny) {
    double r = DoubleMath.EXP_RANGE;
    for (int i = 0; i < m; i++) {
      double ax = Math.abs(x[i]);
      double d = ax - r;
      double e = tiny - ax;
      mark[i] = (d + Math.abs(d)) + (e + Math.abs(e));
    }
  }

  /** {@code y = 2 min(|x|, 22)}; the mark: as {@link #markExp}'s for 2^-54, plus {@code x - x}. */
  static void tanhArgument(double[] x, double[] y, double[] mark, int m) {
    for (int i = 0; i < m; i++) {
      double xi = x[i];
      double e = DoubleMath.TINY - Math.abs(xi);
      y[i] = DoubleMath.tanhArgument(xi);
      mark[i] = (e + Math.abs(e)) + (xi - xi);
    }
  }

  /** {@code y = -|x|}; the mark as {@link #markExp}'s. */
  static void sigmoidArgument(double[] x, double[] y, double[] mark, int m) {
    double r = DoubleMath.EXP_RANGE;
    for (int i = 0; i < m; i++) {
      double ax = Math.abs(x[i]);
      double d = ax - r;
      y[i] = -ax;
      mark[i] = d + Math.abs(d);
    }
  }

  static void reduce(double[] y, double[] ks, double[] hi, double[] lo, int m) {
    for (int i = 0; i < m; i++) {
      double k = DoubleMath.kShifted(y[i]);
      ks[i] = k;
      hi[i] = DoubleMath.hi(y[i], k);
      lo[i] = DoubleMath.lo(k);
    }
  }

  static void polyHigh(double[] hi, double[] lo, double[] u, int m) {
    for (int i = 0; i < m; i++) {
      u[i] = DoubleMath.polyHigh(hi[i], lo[i]);
    }
  }

  /** {@code p = polyLow(hi, lo, u)}, in place of {@code u}. */
  static void polyLow(double[] hi, double[] lo, double[] u, int m) {
    for (int i = 0; i < m; i++) {
      u[i] = DoubleMath.polyLow(hi[i], lo[i], u[i]);
    }
  }

  /** {@code c = small(hi, lo, p)}, in place of {@code p}. */
  static void small(double[] hi, double[] lo, double[] p, int m) {
    for (int i = 0; i < m; i++) {
      p[i] = DoubleMath.small(hi[i], lo[i], p[i]);
    }
  }

  /**
   * The scalar pass: {@code 2^k} into {@code scale}, and the indices of the marked elements
   * into {@code index}; returns how many.
   */
  static int twoToK(double[] ks, double[] scale, double[] mark, int[] index, int m) {
    int count = 0;
    for (int i = 0; i < m; i++) {
      scale[i] = DoubleMath.twoToK(ks[i]);
      if (mark[i] != 0) {
        index[count++] = i;
      }
    }
    return count;
  }

  static void expFinish(double[] hi, double[] c, double[] scale, double[] out, int m) {
    for (int i = 0; i < m; i++) {
      out[i] = DoubleMath.expFinish(hi[i], c[i], scale[i]);
    }
  }

  static void expm1Finish(double[] hi, double[] c, double[] scale, double[] out,
      int m) {
    for (int i = 0; i < m; i++) {
      out[i] = DoubleMath.expm1Finish(hi[i], c[i], scale[i]);
    }
  }

  /** {@code y = max(x, 0) + y}. */
  static void plusPositivePart(double[] x, double[] y, int m) {
    for (int i = 0; i < m; i++) {
      y[i] = Math.max(x[i], 0.0) + y[i];
    }
  }

  /** {@code e = sigmoidFinish(e, x)}, in place. */
  static void sigmoidFinish(double[] e, double[] x, int m) {
    for (int i = 0; i < m; i++) {
      e[i] = DoubleMath.sigmoidFinish(e[i], x[i]);
    }
  }

  static void tanhSmall(double[] c, double[] x, double[] v, int m) {
    for (int i = 0; i < m; i++) {
      v[i] = DoubleMath.tanhSmall(c[i], x[i]);
    }
  }

  /** {@code t = tanhCombine(t, v, x)}, in place. */
  static void tanhCombine(double[] t, double[] v, double[] x, int m) {
    for (int i = 0; i < m; i++) {
      t[i] = DoubleMath.tanhCombine(t[i], v[i], x[i]);
    }
  }

  /**
   * The scalar pass of the logarithms (bit moves): {@code u = x} ({@code log}) or {@code 1 + x}
   * ({@code log1p}) split as {@code m 2^k}; the indices outside the steps' range (log: not a
   * positive normal; log1p: {@code x <= -1}, {@code +inf}, {@code |x| < 2^-54}, NaN), where
   * {@code u = 1} stands in, go to {@code index} after the {@code listed} already there;
   * returns the new total.
   */
  static int split(double[] x, boolean log1p, double[] k, double[] mant, int[] index,
      int listed, int m) {
    int count = listed;
    for (int i = 0; i < m; i++) {
      double xi = x[i];
      boolean in = log1p
          ? xi > -1 && xi <= Double.MAX_VALUE && Math.abs(xi) >= DoubleMath.TINY
          : xi >= Double.MIN_NORMAL && xi <= Double.MAX_VALUE;
      double u = !in ? 1 : log1p ? 1 + xi : xi;
      k[i] = DoubleMath.exponent(u);
      mant[i] = DoubleMath.mantissa(u);
      if (!in) {
        index[count++] = i;
      }
    }
    return count;
  }

  static void logRatio(double[] mant, double[] s, int m) {
    for (int i = 0; i < m; i++) {
      s[i] = DoubleMath.logRatio(mant[i]);
    }
  }

  static void logSeriesHigh(double[] s, double[] h, int m) {
    for (int i = 0; i < m; i++) {
      h[i] = DoubleMath.logSeriesHigh(s[i]);
    }
  }

  /** {@code r = logSeries(s, h)}, in place of {@code h}. */
  static void logSeries(double[] s, double[] h, int m) {
    for (int i = 0; i < m; i++) {
      h[i] = DoubleMath.logSeries(s[i], h[i]);
    }
  }

  static void log1pCorrection(double[] x, double[] c, int m) {
    for (int i = 0; i < m; i++) {
      c[i] = DoubleMath.log1pCorrection(x[i]);
    }
  }

  /** {@code y = logFinish(k, m, s, r, y)}: {@code y} holds the correction, in place. */
  static void logFinish(double[] k, double[] mant, double[] s, double[] r, double[] y, int m) {
    for (int i = 0; i < m; i++) {
      y[i] = DoubleMath.logFinish(k[i], mant[i], s[i], r[i], y[i]);
    }
  }
}
