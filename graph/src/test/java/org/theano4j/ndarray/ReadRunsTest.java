package org.theano4j.ndarray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.theano4j.testing.TestArrays.gaussian;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link NDArray#readFloats}, {@link NDArray#readDoubles} and float32 {@link NDArray#copyInto}
 * over views of every layout
 * (contiguous, transposed, reversed, every other column, broadcast rows and columns, a 3-d
 * permutation, an offset slice, 0-d and empty), for ranges that start and end inside rows
 * and span several: each element against the view's own multi-index read
 * ({@link NDArray#getDouble(int...)}).
 */
class ReadRunsTest {
  private static List<NDArray> views(DType t) {
    List<NDArray> out = new ArrayList<>();
    out.add(gaussian(t, 1, 7, 13));
    out.add(gaussian(t, 2, 13, 7).transpose());
    out.add(gaussian(t, 3, 7, 13).slice(0, null, null, -1).slice(1, null, null, -1));
    out.add(gaussian(t, 4, 7, 26).slice(1, null, null, 2));
    out.add(gaussian(t, 5, 13).broadcastTo(7, 13));
    out.add(gaussian(t, 6, 7, 1).broadcastTo(7, 13));
    out.add(gaussian(t, 7, 3, 5, 4).dimshuffle(2, 0, 1));
    out.add(gaussian(t, 8, 9, 15).slice(0, 1, 8, 1).slice(1, 2, 15, 1));
    out.add(gaussian(t, 9));
    out.add(gaussian(t, 10, 0, 5));
    return out;
  }

  /** The element at flat row-major index {@code flat}, by multi-index. */
  private static double at(NDArray v, int flat) {
    int[] shape = v.shape();
    int[] idx = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = flat % shape[d];
      flat /= shape[d];
    }
    return v.getDouble(idx);
  }

  @Test
  void floatRunsAreTheElementsOfTheView() {
    for (NDArray v : views(DType.FLOAT32)) {
      int n = v.size();
      for (int start = 0; start <= n; start += Math.max(1, n / 9)) {
        for (int len : new int[] {0, 1, 5, 13, 14, 40, n - start}) {
          if (len < 0 || start + len > n) {
            continue;
          }
          float[] got = new float[len + 3];
          got[0] = got[len + 2] = -7f; // the reads start at offset 1 and touch nothing else
          v.readFloats(start, got, 1, len);
          for (int k = 0; k < len; k++) {
            assertThat(got[1 + k]).as("%s [%d + %d]", v, start, k)
                .isEqualTo((float) at(v, start + k));
          }
          assertThat(got[0]).isEqualTo(-7f);
          assertThat(got[len + 2]).isEqualTo(-7f);
        }
      }
    }
  }

  @Test
  void doubleRunsAreTheElementsOfTheView() {
    for (DType t : new DType[] {DType.FLOAT64, DType.FLOAT32, DType.INT64}) {
      for (NDArray v : views(t)) {
        int n = v.size();
        double[] got = new double[n];
        v.readDoubles(0, got, 0, n);
        for (int k = 0; k < n; k++) {
          assertThat(got[k]).as("%s %s [%d]", t, v, k).isEqualTo(at(v, k));
        }
      }
    }
  }

  @Test
  void float32CopiesOfEveryLayoutAreTheElementsBitForBit() {
    for (NDArray v : views(DType.FLOAT32)) {
      NDArray dst = NDArray.zeros(DType.FLOAT32, v.shape());
      NDArray.copyInto(v, dst);
      for (int k = 0; k < v.size(); k++) {
        assertThat(Float.floatToRawIntBits((float) at(dst, k))).as("%s [%d]", v, k)
            .isEqualTo(Float.floatToRawIntBits((float) at(v, k)));
      }
    }
  }

  @Test
  void readFloatsOfAnotherTypeIsAClearError() {
    assertThatThrownBy(() -> NDArray.zeros(DType.FLOAT64, 2, 3).readFloats(0, new float[6], 0, 6))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("float64").hasMessageContaining("expected float32");
  }
}
