package org.theano4j.jvm;

/**
 * Sums of long float32 rows kept in pairs of floats instead of doubles, so that the loop adds
 * sixteen floats per AVX-512 instruction with no float-to-double conversion (JDK 17 does not
 * vectorise that conversion: 0.22 ns per element, most of the eight double lanes' 0.31).
 *
 * <p>The order, exactly (what {@link ReduceKernels} promises and ReduceBitExactTest replays
 * as a direct loop): element {@code i} of a row of {@code n} elements goes to lane {@code
 * i mod LANES}. Each lane holds a pair {@code (hi, lo)} of floats, both 0 at the start. The
 * row is taken {@code 2·LANES} elements at a time; a lane's two new elements {@code a} then
 * {@code b} go in by error-free additions, {@code (hi, e1) = twoSum(hi, a)}, {@code (hi, e2)
 * = twoSum(hi, b)}, then {@code lo = lo + (e1 + e2)}; after every {@link #RENORM_PASSES}
 * such steps {@code (hi, lo) = twoSum(hi, lo)}. The rest of the row (fewer than {@code
 * 2·LANES} elements) goes in {@code LANES} (then fewer) elements at a time, one element per
 * lane: {@code (hi, e) = twoSum(hi, a)}, {@code lo = lo + e}. At the end each lane is {@code
 * (double) hi + (double) lo}, and the lanes are added in double in eight interleaved chains
 * (lane {@code j} to chain {@code j mod 8}) combined {@code ((c0+c1)+(c2+c3))+((c4+c5)+
 * (c6+c7))}. {@code twoSum(a, b)} is {@code s = a + b}, {@code t = s − a}, {@code e = (a −
 * (s − t)) + (b − t)}: {@code s + e == a + b} exactly (Knuth), rounding included.
 *
 * <p>Accuracy: a lane's {@code hi + lo} differs from the exact sum of its elements only by the
 * roundings of the {@code lo} additions. A renormalisation leaves {@code |lo|} at most half an
 * ulp of {@code hi}, and the eight error terms of the next four steps are each at most half an
 * ulp of the running sum, so {@code |lo|} stays within about five ulps of it (2^-23 relative
 * each) and every step rounds by less than about 2^-44 of the lane's running sum, against
 * 2^-53 for one addition in double. A lane takes one element in 1,024, two per step: over a row
 * of a million elements, 512 steps per lane bound its error by about 2^-35 of its largest
 * partial sum, where the eight double lanes' 131,072 additions each give 2^-36.
 * SumLanesTest measures both against exact sums.
 *
 * <p>A float pair can overflow where a double would not (partial sums beyond 3.4e38), and
 * {@code twoSum} of an infinity gives NaN: when the result is not finite the row is summed
 * again by the double lanes ({@link ReduceKernels#sumDoubleLanes}), whose result is then the
 * answer, infinities and NaN as a double sum gives them.
 */
final class FloatPairSums {
  /** The lanes: element {@code i} of a row goes to lane {@code i mod LANES}. */
  static final int LANES = 1024;

  /** Steps of two elements per lane between two renormalisations of a lane's pair. */
  static final int RENORM_PASSES = 4;

  /**
   * Rows at least this long are summed in pairs; shorter ones in double lanes, since the
   * pairs' per-row work (1,024 lanes to convert and add) is about 2,000 elements' worth.
   */
  static final int MIN_LENGTH = 8192;

  /** Per thread: the lanes and the two read buffers, of lengths 72 floats apart. */
  private static final class Work {
    // arrays of equal length allocated one after the other sit at addresses equal modulo
    // 4 KiB, and a loop storing into one while loading another stalls on the false
    // dependency (docs/performance.md, "float32 transcendentals, round four")
    final float[] hi = new float[LANES];
    final float[] lo = new float[LANES + 72];
    final float[] a = new float[LANES + 144];
    final float[] b = new float[LANES + 216];
    final double[] chains = new double[8];
  }

  private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

  private FloatPairSums() {}

  /**
   * The sum of the {@code n} float32 elements of {@code x} from flat index {@code start} in
   * the order of the class comment. {@code flat}: {@code x.floats} reads them (a contiguous
   * array, a fused program); otherwise they are read as doubles, which float32 values are
   * exactly, and narrowed back.
   */
  static double sum(ReduceKernels.Source x, boolean flat, int start, int n) {
    Work w = WORK.get();
    java.util.Arrays.fill(w.hi, 0f);
    java.util.Arrays.fill(w.lo, 0, LANES, 0f);
    int j = addPairsOfChunks(x, flat, start, n, w);
    for (; j < n; j += LANES) {
      int m = Math.min(LANES, n - j);
      addOne(w.hi, w.lo, readOwn(x, flat, start + j, m, w.a), m);
    }
    double s = combine(w.hi, w.lo, w.chains);
    return Double.isFinite(s) ? s : ReduceKernels.sumDoubleLanes(x, start, n);
  }

  /**
   * The row's elements {@code 2·LANES} at a time, two per lane, with a renormalisation after
   * every {@link #RENORM_PASSES} steps; returns how many elements went in. The loop nest is a
   * method of its own, the two additions written in the inner loop: with that inner loop a
   * method called from {@link #sum}'s loop, C2 on JDK 17 compiled it into {@code sum}
   * without vectorising it (1.1 ms for a million elements against 0.17, measured in one
   * JVM; docs/performance.md, "Round eleven").
   */
  private static int addPairsOfChunks(ReduceKernels.Source x, boolean flat, int start, int n,
      Work w) {
    float[] hi = w.hi;
    float[] lo = w.lo;
    float[] a = w.a;
    int j = 0;
    int steps = 0;
    for (; j + 2 * LANES <= n; j += 2 * LANES) {
      read(x, flat, start + j, LANES, a);
      float[] b = readOwn(x, flat, start + j + LANES, LANES, w.b);
      for (int i = 0; i < LANES; i++) {
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
      if (++steps % RENORM_PASSES == 0) {
        renormalise(hi, lo, LANES);
      }
    }
    return j;
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

  /** One element per lane, {@code a[i]} into lane {@code i < m}. */
  private static void addOne(float[] hi, float[] lo, float[] a, int m) {
    for (int i = 0; i < m; i++) {
      float h = hi[i];
      float x = a[i];
      float s = h + x;
      float t = s - h;
      hi[i] = s;
      lo[i] = lo[i] + ((h - (s - t)) + (x - t));
    }
  }

  /** {@code (hi, lo) = twoSum(hi, lo)} in every lane: {@code |lo|} back to half an ulp. */
  private static void renormalise(float[] hi, float[] lo, int m) {
    for (int i = 0; i < m; i++) {
      float h = hi[i];
      float x = lo[i];
      float s = h + x;
      float t = s - h;
      hi[i] = s;
      lo[i] = (h - (s - t)) + (x - t);
    }
  }

  /** The lanes in double, added in eight interleaved chains combined pairwise. */
  private static double combine(float[] hi, float[] lo, double[] c) {
    java.util.Arrays.fill(c, 0);
    for (int i = 0; i < LANES; i += 8) {
      for (int k = 0; k < 8; k++) {
        c[k] += (double) hi[i + k] + (double) lo[i + k];
      }
    }
    return ((c[0] + c[1]) + (c[2] + c[3])) + ((c[4] + c[5]) + (c[6] + c[7]));
  }
}
