package org.theano4j.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * {@code fastMath(true)} is the JVM backend's: the CUDA backends refuse it when the function is
 * built (before anything is linked, so without a GPU too), and compile as before without it.
 */
class CudaFastMathTest {
  @ParameterizedTest
  @ValueSource(strings = {"cuda", "cuda-interp"})
  void theCudaBackendsRefuseFastMath(String backend) {
    Variable x = T.fvector("x");
    assertThatThrownBy(() -> Theano.function(List.of(x), List.of(T.exp(x))).backend(backend)
        .fastMath(true).build())
        .isInstanceOf(TheanoException.class)
        .hasMessage("fastMath(true): the '" + backend + "' backend has no fast-math functions "
            + "(only the 'jvm' backend has); compile without fastMath or with backend(\"jvm\")");
  }

  @Test
  void withoutItTheInterpreterBackendRuns() {
    Variable x = T.fvector("x");
    float[] out = Theano.function(List.of(x), List.of(T.exp(x))).backend("cuda-interp")
        .fastMath(false).build().call(NDArray.of(new float[] {0f, 1f}, 2)).get(0)
        .toFloatArray();
    assertThat(out).containsExactly(1f, (float) Math.exp(1));
  }
}
