package org.theano4j.ndarray;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShapesTest {
  @Test
  void sliceIndicesWithHugeStepsDoNotOverflow() {
    // Python: len(range(5)[::2**31-1]) == 1, starting at 0; negative steps start at 4.
    assertThat(Shapes.sliceIndices(5, null, null, Integer.MAX_VALUE)).containsExactly(0, 5, 1);
    assertThat(Shapes.sliceIndices(5, 1, 4, Integer.MAX_VALUE - 1)).containsExactly(1, 4, 1);
    assertThat(Shapes.sliceIndices(5, null, null, -Integer.MAX_VALUE)).containsExactly(4, -1, 1);
    assertThat(Shapes.sliceIndices(5, null, null, Integer.MIN_VALUE)).containsExactly(4, -1, 1);
    assertThat(Shapes.sliceIndices(5, 0, null, Integer.MIN_VALUE)[2]).isEqualTo(1);
  }

  @Test
  void slicingAViewWithAHugeStepKeepsOneElement() {
    NDArray a = NDArray.of(new double[] {1, 2, 3, 4, 5}, 5);
    assertThat(a.slice(0, null, null, Integer.MAX_VALUE).toDoubleArray()).containsExactly(1);
    assertThat(a.slice(0, null, null, Integer.MIN_VALUE).toDoubleArray()).containsExactly(5);
  }
}
