package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * The eight-lane sums ({@link ReduceKernels#sumFloatLanes}, {@link ReduceKernels#sumDoubleLanes}:
 * rows of at least {@link ReduceKernels#lanesMin} elements) against the exact sum of their
 * elements (BigDecimal) and against one double accumulator in row-major order, through
 * compiled {@code T.sum} graphs too.
 */
class SumLanesTest {
  private static float[] values(long seed, int n, double scale, double mean) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (mean + scale * r.nextGaussian());
    }
    return v;
  }

  private static NDArray array(float[] v, int... shape) {
    NDArray a = NDArray.zeros(DType.FLOAT32, shape);
    a.storage().floats().put(0, v);
    return a;
  }

  private static double sequential(float[] v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += v[i];
    }
    return s;
  }

  private static double exact(float[] v, int from, int to) {
    double[] d = new double[to - from];
    for (int i = from; i < to; i++) {
      d[i - from] = v[i];
    }
    return exact(d, 0, d.length);
  }

  @Test
  void lanesAreWithinDoubleRoundingOfTheExactSumAndRoundToTheSameFloat() {
    // lengths around the chunk and lane boundaries, and the Mlp tutorial's W1 (784 x 500)
    int[] lengths = {1024, 1031, 2048 + 7, 10_000, 392_000};
    for (int k = 0; k < lengths.length; k++) {
      int n = lengths[k];
      float[] v = values(11 + k, n, 0.05, k % 2 == 0 ? 0 : 0.003);
      NDArray x = array(v, n);
      double lanes = ReduceKernels.sumFloatLanes(new ReduceKernels.ArraySource().of(x), 0, n);
      double exact = exact(v, 0, n);
      double seq = sequential(v, 0, n);
      double bound = n * Math.ulp(1.0) * sumAbs(v);
      assertThat(Math.abs(lanes - exact)).as("n=%d", n).isLessThanOrEqualTo(bound);
      assertThat(Math.abs(seq - exact)).as("n=%d", n).isLessThanOrEqualTo(bound);
      assertThat((float) lanes).as("float32 sum, n=%d", n).isEqualTo((float) seq);
    }
  }

  private static double sumAbs(float[] v) {
    double s = 0;
    for (float f : v) {
      s += Math.abs(f);
    }
    return s;
  }

  @Test
  void compiledWholeSumsOfMatricesViewsAndRowsUseTheLanes() {
    float[] v = values(3, 784 * 500 + 40, 0.1, 0.01);
    Variable x = T.tensor(DType.FLOAT32, 2, "x");
    Function all = Theano.function(List.of(x), List.of(T.sum(x, new int[] {0, 1}))).build();
    Function rows = Theano.function(List.of(x), List.of(T.sum(x, new int[] {1}))).build();
    NDArray full = array(v, 784 * 500 + 40);
    // an offset view: the matrix starts 40 elements into its storage
    NDArray m = full.reshape(1, 784 * 500 + 40).slice(1, 40, 784 * 500 + 40, 1).reshape(784, 500);
    double got = all.call(m).get(0).getDouble();
    assertThat(got).isEqualTo((double) (float) exact(v, 40, v.length));
    // three rows of 2,000: fewer than four rows, so each row goes through the lanes
    NDArray r = array(java.util.Arrays.copyOf(v, 6000), 3, 2000);
    NDArray s = rows.call(r).get(0);
    for (int i = 0; i < 3; i++) {
      assertThat(s.getDouble(i)).as("row %d", i)
          .isEqualTo((double) (float) exact(v, i * 2000, (i + 1) * 2000));
    }
  }

  /**
   * float32 rows of at least {@link FloatPairSums#MIN_LENGTH} elements, summed in pairs of
   * floats: within the double chain's error bound of the exact sum, rounding to the float32
   * that the exact sum rounds to, and over 30 rows no further from the exact sums in total
   * than twice the eight double lanes (measured: below them).
   */
  @Test
  void floatPairSumsAreWithinTheDoubleBoundOfTheExactSum() {
    int[] lengths = {8192, 8193, 10_240 + 3, 100_000, 392_000, 1_000_000};
    double pairsErr = 0;
    double lanesErr = 0;
    for (int k = 0; k < 30; k++) {
      int n = lengths[k % lengths.length];
      // mean 0 (cancelling), a small offset, all positive; magnitudes over 7 decades
      Random r = new Random(200 + k);
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        double m = (k % 3 == 2) ? Math.abs(r.nextGaussian()) : r.nextGaussian();
        v[i] = (float) ((k % 3 == 1 ? 0.003 : 0) + m * Math.pow(10, r.nextInt(7) - 3));
      }
      ReduceKernels.Source src = new ReduceKernels.ArraySource().of(array(v, n));
      double pairs = FloatPairSums.sum(src, true, 0, n);
      double lanes = ReduceKernels.sumFloatLanes(src, 0, n);
      double exact = exact(v, 0, n);
      double bound = (n - 1) * Math.ulp(1.0) / 2 * sumAbs(v);
      assertThat(Math.abs(pairs - exact)).as("n=%d", n).isLessThanOrEqualTo(bound);
      assertThat((float) pairs).as("float32 sum, n=%d", n).isEqualTo((float) exact);
      pairsErr += Math.abs(pairs - exact);
      lanesErr += Math.abs(lanes - exact);
    }
    assertThat(pairsErr).isLessThanOrEqualTo(2 * lanesErr);
  }

  /**
   * Column sums in pairs of floats ({@code sum(x, axis 0)} of 1000×1000 and 4000×300
   * float32, offset data, magnitudes over 7 decades): each column within the double chain's
   * error bound of its exact sum and rounding to the float32 the exact sum rounds to.
   */
  @Test
  void columnPairSumsAreWithinTheDoubleBoundOfTheExactSums() {
    Variable x = T.tensor(DType.FLOAT32, 2, "x");
    Function cols = Theano.function(List.of(x), List.of(T.sum(x, new int[] {0}))).build();
    int[][] shapes = {{1000, 1000}, {4000, 300}};
    for (int[] sh : shapes) {
      int rows = sh[0];
      int width = sh[1];
      Random r = new Random(rows);
      float[] v = new float[rows * width];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (0.003 + r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
      }
      NDArray got = cols.call(array(v, rows, width)).get(0);
      for (int c = 0; c < width; c++) {
        double[] col = new double[rows];
        double abs = 0;
        for (int q = 0; q < rows; q++) {
          col[q] = v[q * width + c];
          abs += Math.abs(col[q]);
        }
        double exact = exact(col, 0, rows);
        double g = got.getDouble(c);
        // g is float32; it is the exact sum rounded, within half an ulp of float32
        assertThat(g).as("%dx%d column %d", rows, width, c).isEqualTo((double) (float) exact);
        assertThat(Math.abs(g - exact)).isLessThanOrEqualTo(
            Math.ulp((float) exact) / 2 + (rows - 1) * Math.ulp(1.0) / 2 * abs);
      }
    }
  }

  /**
   * Where a float pair overflows (partial sums beyond float32's range that a double holds) or
   * meets an infinity or NaN, the row's sum is the eight double lanes': finite, the infinity,
   * or NaN.
   */
  @Test
  void floatPairSumsFallBackToDoublesOnOverflowInfinityAndNaN() {
    int n = 20_000;
    Random r = new Random(9);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    // lane 5 meets 3e38 three times before -3e38 three times: its float partial sum overflows
    float[] big = v.clone();
    for (int q = 0; q < 3; q++) {
      big[5 + q * FloatPairSums.LANES] = 3e38f;
      big[5 + (q + 3) * FloatPairSums.LANES] = -3e38f;
    }
    // (the double lanes' own result: while lane 5 of eight holds 6e38, the small elements it
    // meets are absorbed, so it is not the exact sum; the sum is finite, and the double one)
    double lanes = ReduceKernels.sumFloatLanes(new ReduceKernels.ArraySource().of(array(big, n)),
        0, n);
    assertThat(lanes).isFinite();
    assertThat(sumOf(big)).isEqualTo((double) (float) lanes);
    float[] inf = v.clone();
    inf[12_345] = Float.POSITIVE_INFINITY;
    assertThat(sumOf(inf)).isEqualTo(Double.POSITIVE_INFINITY);
    inf[7] = Float.NEGATIVE_INFINITY;
    assertThat(sumOf(inf)).isNaN();
    float[] nan = v.clone();
    nan[19_999] = Float.NaN;
    assertThat(sumOf(nan)).isNaN();
  }

  /** The compiled float32 sum of {@code v}, read back as a double. */
  private static double sumOf(float[] v) {
    Variable x = T.tensor(DType.FLOAT32, 1, "x");
    Function all = Theano.function(List.of(x), List.of(T.sum(x, new int[] {0}))).build();
    return all.call(array(v, v.length)).get(0).getDouble();
  }

  /** Rows read through a strided view (the general path) give the contiguous copy's bits. */
  @Test
  void compiledFloat32PairSumsOfContiguousAndStridedInputsAgreeBitForBit() {
    float[] v = values(21, 4 * 9000, 1.5, 0.01);
    Variable x = T.tensor(DType.FLOAT32, 2, "x");
    Function rows = Theano.function(List.of(x), List.of(T.sum(x, new int[] {1}))).build();
    Function all = Theano.function(List.of(x), List.of(T.mean(x, new int[] {0, 1}))).build();
    NDArray full = array(v, 4, 9000);
    NDArray strided = full.slice(0, 0, 4, 2);
    NDArray copy = strided.copy();
    assertThat(strided.isContiguous()).isFalse();
    NDArray a = rows.call(strided).get(0);
    NDArray b = rows.call(copy).get(0);
    for (int i = 0; i < 2; i++) {
      assertThat(a.getDouble(i)).isEqualTo(b.getDouble(i));
      assertThat(a.getDouble(i)).isEqualTo((double) (float) exact(v, 18_000 * i, 18_000 * i + 9000));
    }
    assertThat(all.call(strided).get(0).getDouble()).isEqualTo(all.call(copy).get(0).getDouble());
  }

  private static double exact(double[] v, int from, int to) {
    BigDecimal s = BigDecimal.ZERO;
    for (int i = from; i < to; i++) {
      s = s.add(new BigDecimal(v[i]));
    }
    return s.doubleValue();
  }

  /**
   * float64: within the same error bound as one chain (n − 1 roundings of at most half an ulp
   * of the running sums), and in practice no less accurate: over 40 rows, the lanes' total
   * error against the exact sums is at most the chain's.
   */
  @Test
  void float64LanesAreWithinTheChainsBoundOfTheExactSum() {
    int[] lengths = {1024, 1031, 2048 + 7, 10_000, 392_000};
    double lanesErr = 0;
    double chainErr = 0;
    for (int k = 0; k < 40; k++) {
      int n = lengths[k % lengths.length];
      Random r = new Random(100 + k);
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = (k % 2 == 0 ? 0 : 0.003) + r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3);
      }
      NDArray x = NDArray.zeros(DType.FLOAT64, n);
      x.writeDoubles(0, v, 0, n);
      double lanes = ReduceKernels.sumDoubleLanes(new ReduceKernels.ArraySource().of(x), 0, n);
      double seq = 0;
      double abs = 0;
      for (double e : v) {
        seq += e;
        abs += Math.abs(e);
      }
      double exact = exact(v, 0, n);
      double bound = (n - 1) * Math.ulp(1.0) / 2 * abs;
      assertThat(Math.abs(lanes - exact)).as("n=%d", n).isLessThanOrEqualTo(bound);
      assertThat(Math.abs(seq - exact)).as("n=%d", n).isLessThanOrEqualTo(bound);
      lanesErr += Math.abs(lanes - exact);
      chainErr += Math.abs(seq - exact);
    }
    assertThat(lanesErr).isLessThanOrEqualTo(chainErr);
  }

  @Test
  void compiledFloat64SumsOfContiguousAndStridedInputsAgreeBitForBit() {
    Random r = new Random(5);
    double[] v = new double[2 * 3 * 2000];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4);
    }
    Variable x = T.tensor(DType.FLOAT64, 2, "x");
    Function rows = Theano.function(List.of(x), List.of(T.sum(x, new int[] {1}))).build();
    Function all = Theano.function(List.of(x), List.of(T.mean(x, new int[] {0, 1}))).build();
    NDArray full = NDArray.zeros(DType.FLOAT64, 6, 2000);
    full.writeDoubles(0, v, 0, v.length);
    // every other row: a strided view, and its contiguous copy
    NDArray strided = full.slice(0, 0, 6, 2);
    NDArray copy = strided.copy();
    assertThat(strided.isContiguous()).isFalse();
    NDArray a = rows.call(strided).get(0);
    NDArray b = rows.call(copy).get(0);
    for (int i = 0; i < 3; i++) {
      assertThat(a.getDouble(i)).isEqualTo(b.getDouble(i));
      double e = exact(v, 4000 * i, 4000 * i + 2000);
      double abs = 0;
      for (int j = 4000 * i; j < 4000 * i + 2000; j++) {
        abs += Math.abs(v[j]);
      }
      assertThat(Math.abs(a.getDouble(i) - e)).isLessThanOrEqualTo(1999 * Math.ulp(1.0) / 2 * abs);
    }
    assertThat(all.call(strided).get(0).getDouble()).isEqualTo(all.call(copy).get(0).getDouble());
  }
}
