package org.theano4j.ndarray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.TensorType;

/**
 * Shapes no array can have are refused with the shape named, instead of wrapping around
 * (Issue 10, finding 7).
 */
class ShapeLimitsTest {
  @Test
  void dataWhoseShapeProductWrapsIsRefused() {
    // 2112351278 * 998034439 * 35 = 73788...e19 wraps a long to 6; the array is refused.
    assertThatThrownBy(() -> NDArray.of(new float[6], 2112351278, 998034439, 35))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2112351278, 998034439, 35]")
        .hasMessageContaining("too large");
  }

  @Test
  void zerosWhoseSizeWrapsToZeroIsRefused() {
    // 65536^4 = 2^64 is 0 modulo 2^64.
    assertThatThrownBy(() -> NDArray.zeros(DType.FLOAT32, 65536, 65536, 65536, 65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[65536, 65536, 65536, 65536] is too large");
  }

  @Test
  void negativeDimensionsAreRefused() {
    assertThatThrownBy(() -> NDArray.zeros(DType.FLOAT64, 2, -3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative dimension in shape [2, -3]");
    assertThatThrownBy(() -> Shapes.size(new int[] {-1, -1}))
        .hasMessageContaining("negative dimension");
  }

  @Test
  void nullDataShapeOrDtypeAreRefused() {
    assertThatThrownBy(() -> NDArray.of((float[]) null, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the data array is null");
    assertThatThrownBy(() -> NDArray.of(new float[2], (int[]) null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the shape is null");
    assertThatThrownBy(() -> NDArray.zeros(null, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the dtype is null");
    assertThatThrownBy(() -> NDArray.zeros(DType.INT8, (int[]) null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the shape is null");
    assertThat(NDArray.of(new boolean[] {true, false}).toLongArray()).containsExactly(1, 0);
  }

  @Test
  void sizeIsExactUpToTheIntLimit() {
    assertThat(Shapes.size(new int[] {})).isEqualTo(1);
    assertThat(Shapes.size(new int[] {Integer.MAX_VALUE})).isEqualTo(Integer.MAX_VALUE);
    // 46341 * 46340 = 2147441940 <= 2^31-1; 65536 * 32768 = 2^31 is one too many.
    assertThat(Shapes.size(new int[] {46341, 46340})).isEqualTo(2147441940);
    assertThatThrownBy(() -> Shapes.size(new int[] {65536, 32768}))
        .hasMessageContaining("too large");
  }

  @Test
  void zeroLengthDimensionsCountAsOneForTheLimit() {
    // NumPy refuses np.zeros((2**40, 2**40, 0)) too: its strides would not fit.
    assertThat(Shapes.size(new int[] {0, 1 << 20})).isEqualTo(0);
    assertThatThrownBy(() -> Shapes.size(new int[] {0, 1 << 20, 1 << 20}))
        .hasMessageContaining("too large");
    assertThat(NDArray.zeros(DType.INT8, 0, 1 << 30).strides()).containsExactly(1 << 30, 1);
  }

  @Test
  void byteCountsAboveOneStorageAreRefusedBeforeAllocating() {
    assertThat(Shapes.byteCount(DType.FLOAT32, 1 << 28)).isEqualTo(1 << 30);
    assertThat(Shapes.byteCount(DType.INT8, Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> Shapes.byteCount(DType.FLOAT64, 1 << 28))
        .hasMessageContaining("268435456 float64 elements take 2147483648 bytes");
    // 2^28 float64 elements are a valid shape but 2 GiB of bytes: refused, nothing allocated.
    assertThatThrownBy(() -> NDArray.zeros(DType.FLOAT64, 1 << 14, 1 << 14))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than the 2^31-1 bytes of one storage");
  }

  @Test
  void productOfAxesIsExact() {
    assertThat(Shapes.product(new int[] {2, 3, 5, 7}, List.of(1, 3))).isEqualTo(21);
    assertThat(Shapes.product(new int[] {2, 3}, List.of())).isEqualTo(1);
  }

  @Test
  void reshapeToAShapeWhoseProductWrapsIsRefused() {
    NDArray empty = NDArray.zeros(DType.FLOAT32, 0);
    // The product 2^64 wraps to 0 == the element count in 64-bit arithmetic.
    assertThatThrownBy(() -> empty.reshape(65536, 65536, 65536, 65536, 0))
        .hasMessageContaining("too large");
    assertThat(NDArray.zeros(DType.FLOAT32, 6).reshape(-1, 3).shape()).containsExactly(2, 3);
  }

  @Test
  void arangeLengthBeyondTheIntLimitIsRefused() {
    assertThatThrownBy(() -> Shapes.arangeLength(0, 1e10, 1))
        .hasMessageContaining("would have 1.0E10 elements");
    assertThatThrownBy(() -> Shapes.arangeLength(0, Double.NaN, 1))
        .hasMessageContaining("no defined length");
    assertThat(Shapes.arangeLength(0, 10, 3)).isEqualTo(4);
  }

  @Test
  void staticShapesNoArrayCanHaveAreRefused() {
    assertThatThrownBy(() -> new TensorType(DType.FLOAT32, 65536, TensorType.UNKNOWN, 65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad static shape [65536, -1, 65536]")
        .hasMessageContaining("too large");
    assertThat(new TensorType(DType.FLOAT32, 46341, TensorType.UNKNOWN, 46340).ndim())
        .isEqualTo(3);
  }
}
