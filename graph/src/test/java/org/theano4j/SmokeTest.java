package org.theano4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

class SmokeTest {
  @Test
  void affineSoftmaxAndUpdate() {
    Variable x = T.matrix("x");
    SharedVariable w = Theano.shared(NDArray.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2), "W");
    SharedVariable b = Theano.shared(NDArray.of(new float[] {0.5f, -0.5f}, 2), "b");
    Variable z = T.dot(x, w).add(b);
    Variable p = T.softmax(z);
    Function f = Theano.compile(List.of(x), List.of(z, p, z.sum()), Map.of(b, b.mul(2)));
    List<NDArray> r = f.call(NDArray.of(new float[] {1, 0, 1, 0, 1, 0}, 2, 3));
    // z row0 = [1+5, 2+6] + b = [6.5, 7.5]; row1 = [3, 4] + b = [3.5, 3.5]
    assertThat(r.get(0).toFloatArray()).containsExactly(6.5f, 7.5f, 3.5f, 3.5f);
    double e = Math.exp(-1);
    assertThat(r.get(1).getDouble(0, 0)).isCloseTo(e / (1 + e), within(1e-6));
    assertThat(r.get(1).getDouble(1, 1)).isCloseTo(0.5, within(1e-6));
    assertThat(r.get(2).getDouble()).isCloseTo(21.0, within(1e-5));
    assertThat(r.get(2).dtype()).isEqualTo(DType.FLOAT32);
    assertThat(b.getValue().toFloatArray()).containsExactly(1f, -1f);
  }
}
