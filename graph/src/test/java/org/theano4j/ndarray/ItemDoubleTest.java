package org.theano4j.ndarray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link NDArray#itemDouble()}: the one element of a one-element array of any rank. */
class ItemDoubleTest {
  @Test
  void readsTheOneElementOfAnyRankAndOfAView() {
    assertThat(NDArray.of(new float[] {2.5f}).itemDouble()).isEqualTo(2.5);
    assertThat(NDArray.of(new double[] {-0.0}, 1, 1, 1).itemDouble()).isEqualTo(-0.0);
    // a view at a non-zero offset: element [1, 2] of a 2x3 matrix
    NDArray m = NDArray.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertThat(m.slice(0, 1, 2, null).slice(1, 2, 3, null).itemDouble()).isEqualTo(6.0);
  }

  @Test
  void refusesAnArrayWithoutExactlyOneElement() {
    assertThatThrownBy(() -> NDArray.of(new double[] {1, 2}, 2).itemDouble())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 elements").hasMessageContaining("[2]");
    assertThatThrownBy(() -> NDArray.of(new double[0], 0).itemDouble())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 elements");
  }
}
