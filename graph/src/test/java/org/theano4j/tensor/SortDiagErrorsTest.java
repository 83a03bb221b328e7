package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/** Bad input to sort, argsort, eye and diag is refused with what was expected; static types. */
class SortDiagErrorsTest {
  @Test
  void sortOfAScalarIsRefused() {
    assertThatThrownBy(() -> T.sort(T.scalar("s")))
        .hasMessageContaining("sort needs a tensor of rank 1 or more, got a scalar");
    assertThatThrownBy(() -> T.argsort(T.scalar("s"), 0))
        .hasMessageContaining("argsort needs a tensor of rank 1 or more, got a scalar");
  }

  @Test
  void sortAxisOutOfRangeIsRefused() {
    assertThatThrownBy(() -> T.sort(T.matrix("m"), 2)).hasMessageContaining("axis 2 is out of "
        + "range");
    assertThatThrownBy(() -> T.argsort(T.matrix("m"), -3)).hasMessageContaining("axis -3");
  }

  @Test
  void diagOfRankThreeIsRefused() {
    assertThatThrownBy(() -> T.diag(T.tensor3("t")))
        .hasMessageContaining("diag needs a vector or a matrix, got rank 3");
  }

  @Test
  void eyeNeedsIntegerScalars() {
    assertThatThrownBy(() -> T.eye(2.5)).hasMessageContaining("eye n must be an integer");
    assertThatThrownBy(() -> T.eye(3, T.lvector("m"), 0))
        .hasMessageContaining("eye m must be a scalar, got rank 1");
  }

  @Test
  void eyeOfANegativeSizeFailsAtBuildOrRunTime() {
    assertThatThrownBy(() -> T.eye(-1)).hasMessageContaining("eye: n is -1; dimensions must be "
        + "non-negative");
    Variable n = T.lscalar("n");
    Function f = Theano.function(List.of(n), List.of(T.eye(n, 2, 0))).build();
    assertThatThrownBy(() -> f.call(NDArray.scalar(-4L)))
        .hasMessageContaining("eye: n is -4; dimensions must be non-negative");
  }

  @Test
  void staticTypes() {
    assertThat(T.eye(3).dtype()).isEqualTo(Theano.floatX());
    assertThat(T.eye(3, 5, 1).type().shape()).containsExactly(3, 5);
    assertThat(T.eye(T.lscalar("n"), 2, 0, DType.INT32).type().shape()).containsExactly(-1, 2);
    assertThat(T.diag(T.tensor(DType.FLOAT64, new int[] {4}, "v")).type().shape())
        .containsExactly(4, 4);
    assertThat(T.diag(T.tensor(DType.FLOAT64, new int[] {3, 5}, "m")).type().shape())
        .containsExactly(3);
    assertThat(T.argsort(T.imatrix("m")).dtype()).isEqualTo(DType.INT64);
    assertThat(T.sort(T.imatrix("m"), 0).dtype()).isEqualTo(DType.INT32);
  }
}
