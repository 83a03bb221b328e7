package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;

/**
 * {@code repeat}'s run-time counts are checked by the op's one rule on both backends: the same
 * message from the JVM backend and the CUDA lowering ({@link CudaOpTableTest#BACKEND}).
 */
class CudaRepeatErrorsTest {
  @ParameterizedTest
  @ValueSource(strings = {"jvm", "cuda"})
  void badCountsGiveTheSameErrorOnEveryBackend(String which) {
    String backend = which.equals("jvm") ? "jvm" : CudaOpTableTest.BACKEND;
    Variable x = T.dmatrix("x");
    Variable r = T.lvector("r");
    Function f = Theano.function(List.of(x, r), List.of(T.repeat(x, r, 0)))
        .backend(backend).build();
    NDArray x23 = NDArray.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertThatThrownBy(() -> f.call(x23, NDArray.of(new long[] {1, 2, 3}, 3)))
        .hasMessageContaining("repeat: 3 repeats for 2 elements along axis 0");
    assertThatThrownBy(() -> f.call(x23, NDArray.of(new long[] {-1, 2}, 2)))
        .hasMessageContaining("repeat: repeats must be non-negative, got -1 at position 0");
    assertThat(f.call(x23, NDArray.of(new long[] {0, 2}, 2)).get(0).toDoubleArray())
        .containsExactly(4, 5, 6, 4, 5, 6);
  }
}
