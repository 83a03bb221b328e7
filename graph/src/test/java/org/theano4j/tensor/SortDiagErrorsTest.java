package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;

/**
 * Bad input to sort, argsort and eye that {@code SortDiagRows}' error cases cannot hold: an axis
 * out of range (refused by the factory before any node is built) and a negative size known only
 * at the call. The refusals at node build and the static types are in {@code SortDiagRows}.
 */
class SortDiagErrorsTest {
  @Test
  void sortAxisOutOfRangeIsRefused() {
    assertThatThrownBy(() -> T.sort(T.matrix("m"), 2)).hasMessageContaining("axis 2 is out of "
        + "range");
    assertThatThrownBy(() -> T.argsort(T.matrix("m"), -3)).hasMessageContaining("axis -3");
  }

  @Test
  void eyeOfANegativeSizeFailsAtRunTime() {
    Variable n = T.lscalar("n");
    Function f = Theano.function(List.of(n), List.of(T.eye(n, 2, 0))).build();
    assertThatThrownBy(() -> f.call(NDArray.scalar(-4L)))
        .hasMessageContaining("eye: n is -4; dimensions must be non-negative");
  }
}
