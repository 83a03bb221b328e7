package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.Variable;
import org.theano4j.jvm.ReduceLayoutsTest.Kind;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * The float reduction kernels ({@link ReduceKernels#reduce}) against the summation orders
 * that the tutorials' pinned runs were recorded with, kept here as direct loops over a Java
 * array: bit for bit (NaN results only as NaN), float32 and float64, lengths around the lane
 * and chunk boundaries (0, 1, 7, 8, 1023, 1024, 1025), the MLP tutorial's W1 (392,000) and a
 * 1000×1000 matrix, every block of axes, offset views, with magnitudes spread over 16 decades
 * (so that another order of additions rounds differently) and with NaN, infinities and -0.0.
 *
 * <p>The orders: a block of axes followed by kept axes ({@code sum(x, axis 0)}) accumulates
 * each output element row after row in one double; a trailing block ({@code sum(x, axis 1)},
 * {@code sum(x)}) accumulates each row in one double in order, except sums and means of rows
 * of at least {@link ReduceKernels#lanesMin} elements (1,024 float32, 256 float64), which use
 * eight lanes (element {@code i} to lane {@code i mod 8} over the whole chunks of {@code
 * min(1024, n)} rounded down to a multiple of 8, combined {@code
 * ((a0+a1)+(a2+a3))+((a4+a5)+(a6+a7))}, then the rest in one chain added last); float32
 * rows of at least {@link FloatPairSums#MIN_LENGTH} elements, and float32 sums of a block
 * followed by kept axes of at least {@link FloatPairSums#MIN_COLUMNS} elements, in {@link
 * FloatPairSums}' pairs of floats ({@link PairOrder}).
 */
class ReduceBitExactTest {
  private static double init(Kind k) {
    return switch (k) {
      case SUM, MEAN -> 0;
      case PROD -> 1;
      case MAX -> Double.NEGATIVE_INFINITY;
      case MIN -> Double.POSITIVE_INFINITY;
    };
  }

  private static double step(Kind k, double acc, double e) {
    return switch (k) {
      case SUM, MEAN -> acc + e;
      case PROD -> acc * e;
      case MAX -> Math.max(acc, e);
      case MIN -> Math.min(acc, e);
    };
  }

  /** Values: magnitudes over 16 decades (products near 1), and special values if asked. */
  static double[] values(Kind k, int n, long seed, boolean specials) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = k == Kind.PROD ? 1 + 0.01 * r.nextGaussian()
          : r.nextGaussian() * Math.pow(10, r.nextInt(17) - 8);
    }
    if (specials && n > 0) {
      double[] s = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0};
      for (int j = 0; j < Math.max(1, n / 997); j++) {
        v[r.nextInt(n)] = s[r.nextInt(s.length)];
      }
      // a run of -0.0 (a whole column or row when short): max, min and prod keep its sign
      for (int i = 0; i < Math.min(n, 9); i++) {
        v[i] = -0.0;
      }
    }
    return v;
  }

  /** The array of {@code shape} holding {@code v} (rounded to {@code t}), {@code lead} elements into its storage. */
  private static NDArray array(DType t, double[] v, int lead, int... shape) {
    NDArray flat = NDArray.zeros(t, lead + v.length);
    flat.writeDoubles(lead, v, 0, v.length);
    NDArray a = flat.reshape(1, lead + v.length).slice(1, lead, lead + v.length, 1).reshape(shape);
    assertThat(a.isContiguous()).isTrue();
    return a;
  }

  /** The eight-lane row sum (elements already rounded to the dtype). */
  private static double lanes(double[] v, int start, int n) {
    int chunk = Math.min(1024, n) & ~7;
    double[] a = new double[8];
    int j = 0;
    for (; j + chunk <= n; j += chunk) {
      for (int i = 0; i < chunk; i++) {
        a[i % 8] += v[start + j + i];
      }
    }
    double tail = 0;
    for (; j < n; j++) {
      tail += v[start + j];
    }
    return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7])) + tail;
  }

  /** The float32 pair sum of a row; the eight-lane double sum when that is not finite. */
  private static double pairs(double[] v, int start, int n) {
    double s = PairOrder.row(v, start, n);
    return Double.isNaN(s) ? lanes(v, start, n) : s;
  }

  /** The recorded result of reducing consecutive {@code axes} of a contiguous array. */
  private static double[] reference(Kind k, DType t, double[] v, int[] shape, int[] axes) {
    double[] e = v.clone();
    for (int i = 0; i < e.length; i++) {
      e[i] = t.round(e[i]);
    }
    int outer = 1;
    int reduced = 1;
    int inner = 1;
    for (int d = 0; d < shape.length; d++) {
      if (d < axes[0]) {
        outer *= shape[d];
      } else if (d <= axes[axes.length - 1]) {
        reduced *= shape[d];
      } else {
        inner *= shape[d];
      }
    }
    double[] out = new double[outer * inner];
    boolean sum = k == Kind.SUM || k == Kind.MEAN;
    int lanesFrom = sum && inner == 1 && reduced >= ReduceKernels.lanesMin(t) ? 0 : outer;
    boolean columnPairs = sum && t == DType.FLOAT32 && inner >= FloatPairSums.MIN_COLUMNS;
    for (int o = 0; o < outer; o++) {
      for (int c = 0; c < inner; c++) {
        double acc;
        if (o >= lanesFrom) {
          acc = t == DType.FLOAT32 && reduced >= FloatPairSums.MIN_LENGTH
              ? pairs(e, o * reduced, reduced) : lanes(e, o * reduced, reduced);
        } else if (columnPairs) {
          double[] col = new double[reduced];
          for (int r = 0; r < reduced; r++) {
            col[r] = e[(o * reduced + r) * inner + c];
          }
          acc = PairOrder.column(col);
        } else {
          acc = init(k);
          for (int r = 0; r < reduced; r++) {
            acc = step(k, acc, e[(o * reduced + r) * inner + c]);
          }
        }
        out[o * inner + c] = t.round(k == Kind.MEAN ? acc / reduced : acc);
      }
    }
    return out;
  }

  private static void check(Kind k, DType t, int[] shape, int[] axes, boolean specials, int lead) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    if (k == Kind.MAX || k == Kind.MIN) {
      for (int a : axes) {
        if (shape[a] == 0) {
          return; // an error for an empty selection (ReduceLayoutsTest)
        }
      }
    }
    check(k, t, values(k, n, 31L * n + shape.length + axes[0], specials), shape, axes,
        "specials " + specials, lead);
  }

  private static void check(Kind k, DType t, double[] v, int[] shape, int[] axes, String what,
      int lead) {
    NDArray x = array(t, v, lead, shape);
    Variable xv = T.tensor(t, shape.length, "x");
    Variable r = ReduceLayoutsTest.reduce(k, xv, axes);
    NDArray got = ReduceKernels.reduce(r.owner(), new NDArray[] {x})[0];
    double[] want = reference(k, t, v, shape, axes);
    double[] g = got.toDoubleArray();
    assertThat(g).hasSize(want.length);
    for (int i = 0; i < want.length; i++) {
      if (Double.isNaN(want[i]) && Double.isNaN(g[i])) {
        continue;
      }
      if (Double.doubleToRawLongBits(g[i]) != Double.doubleToRawLongBits(want[i])) {
        assertThat(g[i]).as("%s %s of %s over axes %s (%s, %d leading), element %d",
            t, k, java.util.Arrays.toString(shape), java.util.Arrays.toString(axes), what,
            lead, i).isEqualTo(want[i]);
      }
    }
  }

  /** Every block of consecutive axes of {@code rank} axes. */
  private static List<int[]> blocks(int rank) {
    List<int[]> r = new ArrayList<>();
    for (int a = 0; a < rank; a++) {
      for (int b = a; b < rank; b++) {
        int[] axes = new int[b - a + 1];
        for (int q = 0; q < axes.length; q++) {
          axes[q] = a + q;
        }
        r.add(axes);
      }
    }
    return r;
  }

  private static void checkAll(int[] shape) {
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (Kind k : Kind.values()) {
        for (int[] axes : blocks(shape.length)) {
          for (boolean specials : new boolean[] {false, true}) {
            for (int lead : new int[] {0, 3}) {
              check(k, t, shape, axes, specials, lead);
            }
          }
        }
      }
    }
  }

  @Test
  void vectorsOfEveryLengthAroundTheLanesAndChunks() {
    for (int n : new int[] {0, 1, 7, 8, 255, 256, 257, 263, 1023, 1024, 1025, 2049, 8191, 8192,
        8193, 10_240, 12_289, 392_000}) {
      checkAll(new int[] {n});
    }
  }

  @Test
  void matricesAlongEveryAxis() {
    int[][] shapes = {{1000, 1000}, {784, 500}, {3, 2050}, {5, 1025}, {9, 1031}, {2050, 3},
        {1025, 7}, {8, 1}, {1, 8}, {0, 5}, {5, 0}, {13, 1023}, {1023, 13}, {7, 300}, {5, 263}};
    for (int[] shape : shapes) {
      checkAll(shape);
    }
  }

  @Test
  void threeDimensionalArraysAlongEveryBlockOfAxes() {
    int[][] shapes = {{6, 37, 1030}, {3, 1025, 5}, {7, 8, 1024}, {2, 0, 3}, {1, 1, 1}};
    for (int[] shape : shapes) {
      checkAll(shape);
    }
  }

  @Test
  void signedZerosInfinitiesAndNaNDecideExtremesAndProductsAlongBothAxes() {
    double z = -0.0;
    double inf = Double.POSITIVE_INFINITY;
    // columns (and rows) of only -0.0, of -0.0 and 0.0, of negatives and -0.0, with inf, NaN
    double[] v = {
      z, z, -1, inf, 3, z,
      z, 0.0, z, -inf, 4, Double.NaN,
      z, z, -2, 1, -inf, z,
      z, z, z, 2, inf, z,
      z, 0.0, -3, -5, 1, z};
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (Kind k : Kind.values()) {
        for (int[] axes : blocks(2)) {
          check(k, t, v, new int[] {5, 6}, axes, "signed zeros", 1);
          check(k, t, v, new int[] {6, 5}, axes, "signed zeros", 0);
        }
      }
    }
  }
}
