package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * {@link FloatPairSums}' vectorised rows and columns, and {@link FloatPairSums.Lane}'s replay,
 * against {@link PairOrder}'s direct loops, in double before any rounding to float32 (the
 * pairs are accurate enough that another order of the same additions rarely changes the
 * float32 result, so float32 outputs alone would not pin the order).
 */
class FloatPairSumsTest {
  /** Magnitudes over nine decades, so that the orders' roundings differ. */
  private static double[] values(long seed, int n) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4));
    }
    return v;
  }

  private static NDArray array(double[] v, int... shape) {
    NDArray a = NDArray.zeros(DType.FLOAT32, shape);
    a.writeDoubles(0, v, 0, v.length);
    return a;
  }

  @Test
  void rowsAreThePairOrderBitForBitInDouble() {
    int l = FloatPairSums.LANES;
    // even and odd counts of whole rows of lanes, partial last rows, more than one fold
    int[] lengths = {8192, 8193, 9 * l, 9 * l + 5, 10 * l + 1023, 64 * l + 3, 100_017};
    for (int k = 0; k < lengths.length; k++) {
      int n = lengths[k];
      double[] v = values(40 + k, n);
      ReduceKernels.Source src = new ReduceKernels.ArraySource().of(array(v, n));
      double want = PairOrder.row(v, 0, n);
      assertThat(FloatPairSums.sum(src, true, 0, n)).as("n=%d", n).isEqualTo(want);
      // the same elements read as doubles (the general path's reads)
      assertThat(FloatPairSums.sum(src, false, 0, n)).as("n=%d, read as doubles", n)
          .isEqualTo(want);
    }
  }

  @Test
  void columnsAndTheLaneReplayAreThePairOrderBitForBitInDouble() {
    int[] rowCounts = {0, 1, 2, 3, 31, 32, 33, 64, 65, 1000};
    int[] widths = {1, 256, 1000, 1024};
    FloatPairSums.Lane lane = new FloatPairSums.Lane();
    for (int rows : rowCounts) {
      for (int width : widths) {
        int stride = width + 3;
        double[] v = values(7L * rows + width, Math.max(rows * stride, 1));
        ReduceKernels.Source src = new ReduceKernels.ArraySource().of(array(v, v.length));
        double[] out = new double[width];
        FloatPairSums.columns(src, 2, stride, rows, width - 2 > 0 ? width - 2 : width, out);
        int w = width - 2 > 0 ? width - 2 : width;
        for (int c = 0; c < w; c++) {
          double[] col = new double[rows];
          lane.clear();
          for (int r = 0; r < rows; r++) {
            col[r] = v[2 + r * stride + c];
            lane.add((float) col[r]);
          }
          double want = PairOrder.column(col);
          assertThat(out[c]).as("%d rows, %d columns: column %d", rows, w, c).isEqualTo(want);
          assertThat(lane.sum()).as("%d rows: lane replay of column %d", rows, c)
              .isEqualTo(want);
        }
      }
    }
  }

  @Test
  void aColumnThatOverflowsInFloatsIsItsDoubleChain() {
    int rows = 40;
    int width = 300;
    double[] v = values(3, rows * width);
    for (int r = 0; r < 6; r++) {
      v[r * width + 17] = r < 3 ? 3e38f : -3e38f;
    }
    ReduceKernels.Source src = new ReduceKernels.ArraySource().of(array(v, v.length));
    double[] out = new double[width];
    FloatPairSums.columns(src, 0, width, rows, width, out);
    double chain = 0;
    for (int r = 0; r < rows; r++) {
      chain += v[r * width + 17];
    }
    assertThat(chain).isFinite();
    assertThat(out[17]).isEqualTo(chain);
  }
}
