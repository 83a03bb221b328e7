package org.theano4j.ndarray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.theano4j.testing.TestArrays.gaussian;

import org.junit.jupiter.api.Test;

/**
 * {@link NDArray#copyInto} of 2-D float views whose last axis is strided (transposed, stepped
 * slices, offset views; sizes on and off the 32-element tiles) into contiguous arrays: every
 * element equals the source's element read by index, bit for bit.
 */
class StridedCopyTest {
  private static void checkCopy(NDArray view) {
    NDArray dst = NDArray.zeros(view.dtype(), view.shape());
    NDArray.copyInto(view, dst);
    assertThat(dst.isContiguous()).isTrue();
    for (int i = 0; i < view.shape(0); i++) {
      for (int j = 0; j < view.shape(1); j++) {
        assertThat(Double.doubleToRawLongBits(dst.getDouble(i, j)))
            .as("%s (%d, %d)", java.util.Arrays.toString(view.shape()), i, j)
            .isEqualTo(Double.doubleToRawLongBits(view.getDouble(i, j)));
      }
    }
  }

  @Test
  void transposedSteppedAndOffsetViewsCopyElementByElement() {
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (int[] shape : new int[][] {{1, 1}, {1, 7}, {5, 1}, {32, 32}, {33, 65}, {100, 37}}) {
        NDArray a = gaussian(t, shape[0] * 131L + shape[1], shape);
        checkCopy(a.transpose());
        checkCopy(a.slice(1, 0, shape[1], 2).transpose());
        checkCopy(a.slice(0, shape[0] - 1, null, -1).slice(1, null, null, 3));
        if (shape[0] > 1) {
          checkCopy(a.slice(0, 1, shape[0], 1).transpose());
        }
      }
    }
  }
}
