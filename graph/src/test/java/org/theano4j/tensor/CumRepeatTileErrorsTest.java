package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * Bad arguments of {@code cumsum}, {@code cumprod}, {@code repeat} and {@code tile} that
 * {@code CumRepeatTileRows}' error cases cannot hold: those the factories refuse before any node
 * is built, and those known only at the call; and the static shape of a single count. The
 * refusals at node build and the other static types are in {@code CumRepeatTileRows}.
 */
class CumRepeatTileErrorsTest {
  private static final NDArray X23 = NDArray.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);

  @Test
  void axisOutOfRange() {
    assertThatThrownBy(() -> T.cumsum(T.dmatrix("x"), 2))
        .hasMessageContaining("axis 2 is out of range");
    assertThatThrownBy(() -> T.cumprod(T.dmatrix("x"), -3))
        .hasMessageContaining("axis -3 is out of range");
    assertThatThrownBy(() -> T.repeat(T.dvector("x"), 2, 1))
        .hasMessageContaining("axis 1 is out of range");
  }

  @Test
  void repeatsOfTheWrongKind() {
    assertThatThrownBy(() -> T.repeat(T.dvector("x"), 1.5, 0))
        .hasMessageContaining("repeats must be an int, int[], long[] or an integer variable,"
            + " got Double");
  }

  /**
   * A vector of one count broadcasts over the axis like a scalar count (found by the NumPy
   * differential test: {@code repeat(x, [2], 0)} of a (0,) input was typed (2,), so DEBUG
   * refused the empty result).
   */
  @Test
  void aSingleCountVectorBroadcastsInTheStaticShape() {
    Variable empty = T.tensor(DType.FLOAT32, new int[] {0}, "e");
    assertThat(T.repeat(empty, new int[] {2}, 0).type().shape()).containsExactly(0);
    Variable known = T.tensor(DType.FLOAT64, new int[] {2, 3}, "x");
    assertThat(T.repeat(known, new int[] {2}, 1).type().shape()).containsExactly(2, 6);
    assertThat(T.repeat(T.dmatrix("u"), new int[] {2}, 1).type().shape())
        .containsExactly(TensorType.UNKNOWN, TensorType.UNKNOWN);
    for (Mode mode : Mode.values()) {
      Function f = Theano.function(List.of(empty), List.of(T.repeat(empty, new int[] {2}, 0)))
          .mode(mode).build();
      assertThat(f.call(NDArray.zeros(DType.FLOAT32, 0)).get(0).shape()).as("%s", mode)
          .containsExactly(0);
    }
    Function g = Theano.function(List.of(known), List.of(T.repeat(known, new int[] {2}, 1)))
        .mode(Mode.DEBUG).build();
    assertThat(g.call(X23).get(0).toDoubleArray())
        .containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6);
  }

  @Test
  void badCountsAreRefusedAtTheCall() {
    Variable x = T.dmatrix("x");
    Variable r = T.lvector("r");
    Function f = Theano.function(List.of(x, r), List.of(T.repeat(x, r, 1))).build();
    assertThatThrownBy(() -> f.call(X23, NDArray.of(new long[] {1, 2}, 2)))
        .hasMessageContaining("repeat: 2 repeats for 3 elements along axis 1");
    assertThatThrownBy(() -> f.call(X23, NDArray.of(new long[] {1, -2, 0}, 3)))
        .hasMessageContaining("repeat: repeats must be non-negative, got -2 at position 1");
    assertThat(f.call(X23, NDArray.of(new long[] {0, 2, 1}, 3)).get(0).toDoubleArray())
        .containsExactly(2, 2, 3, 5, 5, 6);
  }

  @Test
  void tileArguments() {
    assertThatThrownBy(() -> T.tile(T.dmatrix("x"), 2, -1))
        .hasMessageContaining("tile: repetitions must be non-negative, got [2, -1]");
    assertThatThrownBy(() -> T.tile(T.dmatrix("x")))
        .hasMessageContaining("tile: give at least one repetition count");
  }
}
