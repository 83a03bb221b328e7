package org.theano4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.theano4j.ndarray.NDArray;

/** Sizes in the readers use the exact {@code Shapes.size} (Issue 10, finding 7). */
class NpyShapeLimitTest {
  /** A little-endian float32 .npy file with this header shape and these elements. */
  private static byte[] npy(int[] shape, float... data) {
    byte[] header = Npy.header("<f4", shape);
    ByteBuffer b = ByteBuffer.allocate(header.length + 4 * data.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(header);
    for (float f : data) {
      b.putFloat(f);
    }
    return b.array();
  }

  @Test
  void npyWhoseShapeProductWrapsIsRefused() {
    // 2112351278 * 998034439 * 35 wraps a 64-bit product to 6: six floats used to be read
    // as an array of that shape.
    byte[] bytes = npy(new int[] {2112351278, 998034439, 35}, 1, 2, 3, 4, 5, 6);
    assertThatThrownBy(() -> Npy.fromBytes(bytes, "wrap.npy"))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("wrap.npy")
        .hasMessageContaining("[2112351278, 998034439, 35]").hasMessageContaining("overflow");
  }

  @Test
  void npyOfAValidShapeStillReads() {
    NDArray a = Npy.fromBytes(npy(new int[] {2, 3}, 1, 2, 3, 4, 5, 6), "ok.npy");
    assertThat(a.shape()).containsExactly(2, 3);
    assertThat(a.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
  }
}
