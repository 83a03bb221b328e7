package org.theano4j.jvm;

/**
 * float32 sums accumulated in pairs of floats instead of doubles, so that the loop adds
 * sixteen floats per AVX-512 instruction with no float-to-double conversion (JDK 17 does not
 * vectorise that conversion: 0.22 ns per element, most of the eight double lanes' 0.31).
 *
 * <p><b>A lane</b> sums a sequence of float32 elements, exactly so (what {@link
 * ReduceKernels} promises, {@link Lane} replays one element at a time, and ReduceBitExactTest
 * replays as a direct loop): a pair of floats {@code (hi, lo)} and a double {@code d}, all 0
 * at the start. The elements go in two at a time, {@code a} then {@code b}: {@code (hi, e1) =
 * twoSum(hi, a)}, {@code (hi, e2) = twoSum(hi, b)}, {@code lo = lo + (e1 + e2)}; an odd last
 * element alone: {@code (hi, e) = twoSum(hi, a)}, {@code lo = lo + e}. After every {@link
 * #FOLD_STEPS} steps of two, and at the end, the pair is folded into the double: {@code d = d
 * + ((double) hi + (double) lo)}, {@code hi = lo = 0}. The lane's sum is {@code d}.
 * {@code twoSum(a, b)} is {@code s = a + b}, {@code t = s − a}, {@code e = (a − (s − t)) +
 * (b − t)}: {@code s + e == a + b} exactly (Knuth), rounding included.
 *
 * <p><b>Rows</b> of at least {@link #MIN_LENGTH} elements ({@link #sum}): element {@code i}
 * goes to lane {@code i mod LANES}; the row, cut into rows of {@code LANES} elements (the last
 * one shorter), goes in two whole rows at a time as above, then the rest row by row, each
 * element alone. The lanes' sums are added in double in eight interleaved chains (lane
 * {@code j} to chain {@code j mod 8}) combined {@code ((c0+c1)+(c2+c3))+((c4+c5)+(c6+c7))}.
 * <b>Columns</b> ({@link #columns}: a float32 sum over a block of axes followed by kept axes
 * of at least {@link #MIN_COLUMNS} elements, {@code sum(x, axis 0)}): each output element is
 * one lane over its elements in row-major order.
 *
 * <p>Accuracy: a pair's {@code hi + lo} differs from the exact sum of what went in since the
 * last fold only by the roundings of the {@code lo} additions. In {@code 16} steps {@code lo}
 * gathers at most 32 error terms of half an ulp of the running sum each, so every rounding of
 * {@code lo} is below about {@code 2^-24 · 16 · 2^-23 = 2^-43} of the lane's running sum since
 * the fold, and a fold's error is below about {@code 2^-39} of the sum of the magnitudes of its
 * 32 elements: over a whole lane, {@code 2^-39} of the sum of its magnitudes plus one double
 * rounding per fold (one per 32 elements). One double accumulator has up to one rounding
 * (2^-53) per element: the two bounds meet at a few thousand elements per lane, and beyond
 * that the lanes' is the smaller. SumLanesTest measures both against exact sums.
 *
 * <p>A float pair can overflow where a double would not (partial sums beyond 3.4e38), and
 * {@code twoSum} of an infinity gives NaN: when a row's or a column's sum is not finite, it is
 * summed again in double ({@link ReduceKernels#sumDoubleLanes} for a row, one chain for a
 * column), whose result is then the answer, infinities and NaN as a double sum gives them.
 */
final class FloatPairSums {
  /** The lanes of a row: element {@code i} goes to lane {@code i mod LANES}. */
  static final int LANES = 1024;

  /** Steps of two elements between two folds of a lane's pair into its double. */
  static final int FOLD_STEPS = 16;

  /**
   * Rows at least this long are summed in pairs; shorter ones in double lanes, since a row's
   * 1,024 lanes to fold and add are about 2,000 elements' worth of work.
   */
  static final int MIN_LENGTH = 8192;

  /**
   * Sums over a block of axes followed by kept axes take the pairs when the kept axes after
   * the block hold at least this many elements: columns wide enough for the vectorised loop.
   */
  static final int MIN_COLUMNS = 256;

  /** Per thread: the lanes and the two read buffers. */
  private static final class Work {
    // arrays of equal length allocated one after the other sit at addresses equal modulo
    // 4 KiB, and a loop storing into one while loading another stalls on the false
    // dependency (docs/performance.md, "float32 transcendentals, round four")
    final float[] hi = new float[LANES];
    final float[] lo = new float[LANES + 72];
    final float[] a = new float[LANES + 144];
    final float[] b = new float[LANES + 216];
    final double[] d = new double[LANES];
    final double[] chains = new double[8];

    void clear(int width) {
      java.util.Arrays.fill(hi, 0, width, 0f);
      java.util.Arrays.fill(lo, 0, width, 0f);
      java.util.Arrays.fill(d, 0, width, 0);
    }
  }

  private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

  private FloatPairSums() {}

  /**
   * The sum of the {@code n} float32 elements of {@code x} from flat index {@code start}, in
   * {@link #LANES} lanes. {@code flat}: {@code x.floats} reads them (a contiguous array, a
   * fused program); otherwise they are read as doubles, which float32 values are exactly, and
   * narrowed back.
   */
  static double sum(ReduceKernels.Source x, boolean flat, int start, int n) {
    Work w = WORK.get();
    w.clear(LANES);
    int full = n / LANES;
    int rem = n % LANES;
    int r = addRows(x, flat, start, LANES, full, LANES, w);
    if (r < full) {
      addOne(w.hi, w.lo, readOwn(x, flat, start + r * LANES, LANES, w.a), LANES);
    }
    addOne(w.hi, w.lo, readOwn(x, flat, start + full * LANES, rem, w.a), rem);
    fold(w, LANES);
    double[] c = w.chains;
    java.util.Arrays.fill(c, 0);
    for (int i = 0; i < LANES; i += 8) {
      for (int k = 0; k < 8; k++) {
        c[k] += w.d[i + k];
      }
    }
    double s = ((c[0] + c[1]) + (c[2] + c[3])) + ((c[4] + c[5]) + (c[6] + c[7]));
    return Double.isFinite(s) ? s : ReduceKernels.sumDoubleLanes(x, start, n);
  }

  /**
   * The sums of {@code width} (at most {@link #LANES}) columns of {@code rows} contiguous
   * float32 rows {@code stride} elements apart, from flat index {@code start}, into {@code
   * out[0..width)}: each column one lane; a column whose sum is not finite is summed again in
   * one double chain.
   */
  static void columns(ReduceKernels.Source x, int start, int stride, int rows, int width,
      double[] out) {
    if (width > LANES) {
      throw new IllegalArgumentException(width + " columns at a time; at most " + LANES);
    }
    Work w = WORK.get();
    w.clear(width);
    int r = addRows(x, true, start, stride, rows, width, w);
    if (r < rows) {
      addOne(w.hi, w.lo, readOwn(x, true, start + r * stride, width, w.a), width);
    }
    fold(w, width);
    for (int i = 0; i < width; i++) {
      double s = w.d[i];
      if (!Double.isFinite(s)) {
        s = 0;
        for (int q = 0; q < rows; q++) {
          x.doubles(start + q * stride + i, w.chains, 0, 1);
          s += w.chains[0];
        }
      }
      out[i] = s;
    }
  }

  /**
   * Rows of {@code width} elements, {@code stride} apart from flat index {@code start}, two
   * at a time into lanes {@code 0..width)}, folding after every {@link #FOLD_STEPS} steps;
   * stops before an odd last row and returns how many rows went in.
   */
  private static int addRows(ReduceKernels.Source x, boolean flat, int start, int stride,
      int rows, int width, Work w) {
    int r = 0;
    while (r + 2 <= rows) {
      int m = Math.min(rows - r, 2 * FOLD_STEPS) & ~1;
      addPairs(x, flat, start + r * stride, stride, m, width, w);
      r += m;
      if (m == 2 * FOLD_STEPS) {
        fold(w, width);
      }
    }
    return r;
  }

  /**
   * {@code rows} (even) rows two at a time into the lanes. The loop nest is a method of its
   * own, with the two additions written in the inner loop and no fold in it: with the inner
   * loop a method called from the row loop, C2 on JDK 17 compiled it into the caller without
   * vectorising it (1.1 ms for a million elements against 0.17, measured in one JVM), and
   * with the fold's loop in the same nest Temurin 25's C2 did not vectorise it either.
   */
  private static void addPairs(ReduceKernels.Source x, boolean flat, int start, int stride,
      int rows, int width, Work w) {
    float[] hi = w.hi;
    float[] lo = w.lo;
    float[] a = w.a;
    for (int r = 0; r < rows; r += 2) {
      read(x, flat, start + r * stride, width, a);
      float[] b = readOwn(x, flat, start + (r + 1) * stride, width, w.b);
      for (int i = 0; i < width; i++) {
        float h = hi[i];
        float p = a[i];
        float s = h + p;
        float t = s - h;
        float e1 = (h - (s - t)) + (p - t);
        float q = b[i];
        float u = s + q;
        float v = u - s;
        float e2 = (s - (u - v)) + (q - v);
        hi[i] = u;
        lo[i] = lo[i] + (e1 + e2);
      }
    }
  }

  /** Reads {@code m} elements into {@code dst}. */
  private static void read(ReduceKernels.Source x, boolean flat, int start, int m,
      float[] dst) {
    if (flat) {
      x.floats(start, dst, 0, m);
    } else {
      narrow(x, start, m, dst);
    }
  }

  /** Reads {@code m} elements into {@code dst} or a buffer of the source's own. */
  private static float[] readOwn(ReduceKernels.Source x, boolean flat, int start, int m,
      float[] dst) {
    if (flat) {
      return x.floats(start, m, dst);
    }
    narrow(x, start, m, dst);
    return dst;
  }

  private static void narrow(ReduceKernels.Source x, int start, int m, float[] dst) {
    double[] d = Scratch.doubles(0, m);
    x.doubles(start, d, 0, m);
    for (int i = 0; i < m; i++) {
      dst[i] = (float) d[i];
    }
  }

  /** A step of one, {@code a[i]} into lanes {@code i < m}. */
  private static void addOne(float[] hi, float[] lo, float[] a, int m) {
    for (int i = 0; i < m; i++) {
      float h = hi[i];
      float p = a[i];
      float s = h + p;
      float t = s - h;
      hi[i] = s;
      lo[i] = lo[i] + ((h - (s - t)) + (p - t));
    }
  }

  /** Each lane's pair into its double, and the pair back to 0. */
  private static void fold(Work w, int width) {
    float[] hi = w.hi;
    float[] lo = w.lo;
    double[] d = w.d;
    for (int i = 0; i < width; i++) {
      d[i] = d[i] + ((double) hi[i] + (double) lo[i]);
      hi[i] = 0f;
      lo[i] = 0f;
    }
  }

  /**
   * One lane fed one element at a time: the general path's replay of {@link #columns}' order
   * for elements it reads through a view (the same additions, in the same order, so the same
   * bits), with the one double chain beside it for a sum that is not finite.
   */
  static final class Lane {
    private float hi;
    private float lo;
    private double d;
    private double chain;
    private boolean half;
    private float pending;
    private int steps;

    /** Back to the empty sum. */
    Lane clear() {
      hi = 0f;
      lo = 0f;
      d = 0;
      chain = 0;
      half = false;
      steps = 0;
      return this;
    }

    /** The next element. */
    void add(float e) {
      chain += e;
      float h = hi;
      float s = h + e;
      float t = s - h;
      float err = (h - (s - t)) + (e - t);
      hi = s;
      if (!half) {
        pending = err;
        half = true;
        return;
      }
      half = false;
      lo = lo + (pending + err);
      if (++steps % FOLD_STEPS == 0) {
        d = d + ((double) hi + (double) lo);
        hi = 0f;
        lo = 0f;
      }
    }

    /** The sum of the elements so far (then {@link #clear} before the next sequence). */
    double sum() {
      if (half) {
        lo = lo + pending;
        half = false;
      }
      double s = d + ((double) hi + (double) lo);
      return Double.isFinite(s) ? s : chain;
    }
  }
}
