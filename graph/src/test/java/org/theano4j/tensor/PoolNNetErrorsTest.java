package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;

/**
 * Bad input to pool2d and the NN compositions that the rows files' error cases cannot hold:
 * arguments refused by a factory before any node is built (an {@code IllegalArgumentException}
 * naming what was wrong and what was expected), and a shape known only at the call.
 */
class PoolNNetErrorsTest {
  @Test
  void pool2dNeedsTwoWindowLengths() {
    assertThatThrownBy(() -> T.pool2d(T.dtensor4("x"), new int[] {2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pool2d of 'x' TensorType(float64, (?, ?, ?, ?)), created at "
            + "PoolNNetErrorsTest.java:22: ws must have 2 entries (rows, cols), got [2]");
  }

  @Test
  void anUnknownModeListsTheFour() {
    assertThatThrownBy(() -> Pool2d.ws(2, 2).mode("avg"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pool2d: unknown mode 'avg' (expected one of 'max', 'sum', "
            + "'average_inc_pad', 'average_exc_pad')");
    assertThat(Pool2d.ws(2, 2).mode("average").mode()).isEqualTo(PoolMode.AVERAGE_INC_PAD);
  }

  @Test
  void aGradientInputOfAnotherShapeFailsAtTheCall() {
    Variable x = T.dmatrix("x");
    Variable gz = T.dmatrix("gz");
    Pool2d o = Pool2d.ws(2, 2);
    Function f = Theano.function(List.of(x, gz),
        List.of(MaxPoolGrad.of(o, x, T.pool2d(x, o), gz))).build();
    assertThatThrownBy(() -> f.call(NDArray.zeros(org.theano4j.ndarray.DType.FLOAT64, 4, 4),
        NDArray.zeros(org.theano4j.ndarray.DType.FLOAT64, 3, 2)))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("gz has shape [3, 2], expected the pooled output's shape [2, 2]");
  }

  @Test
  void batchNormRefusesBadArguments() {
    Variable x = T.dtensor4("x");
    Variable v = T.dvector("g");
    assertThatThrownBy(() -> T.batchNormTrain(x, v, v, "channel"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchNormTrain: axes must be \"per-activation\", \"spatial\" or an int[],"
            + " got channel");
    assertThatThrownBy(() -> T.batchNormTrain(x, v, v, "spatial", 1e-6, 0.1, null, null))
        .hasMessage("batchNormTrain: epsilon must be at least 1e-5, as in Theano, got 1.0E-6");
    assertThatThrownBy(() -> T.batchNormTrain(x, v, v, "spatial", 1e-4, 0.1, v, null))
        .hasMessage("batchNormTrain: give both runningMean and runningVar or neither, got "
            + "only runningMean");
    assertThatThrownBy(() -> T.batchNormTrain(x, T.dmatrix("g2"), v, "spatial"))
        .hasMessageStartingWith("batchNormTrain: gamma 'g2' TensorType(float64, (?, ?))")
        .hasMessageEndingWith("has rank 2, expected 4 (length 1 on the axes [0, 2, 3]) or 1 "
            + "(without them)");
    assertThatThrownBy(() -> T.batchNormInference(x, T.dtensor4("g4"), v, v, v, "spatial",
        1e-4)).hasMessageContaining("gamma 'g4' TensorType(float64, (?, ?, ?, ?))")
        .hasMessageEndingWith("must have length 1 (broadcastable) on the normalised axes "
            + "[0, 2, 3], or leave them out");
    assertThatThrownBy(() -> T.batchNormTrain(x, v, v, new int[] {0, 0}))
        .hasMessage("batchNormTrain: axis 0 repeated in [0, 0]");
    assertThatThrownBy(() -> T.batchNormInference(x, v, v, v, v, new int[0], 1e-4))
        .hasMessage("batchNormInference: axes must not be empty");
  }
}
