package org.theano4j.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * The gradient of a long elementwise chain compiles (its {@code shape_i} nodes used to move
 * one node per pass through the chain and exhaust the canonicalize pass cap) and has the
 * value of a forward-mode derivative computed by a direct loop.
 */
class LongChainGradTest {
  private static final int PAIRS = 25;

  @Test
  void gradientOfTwentyFiveMulAddPairs() {
    Variable x = T.dvector("x");
    Variable y = x;
    for (int i = 0; i < PAIRS; i++) {
      y = y.mul(x).add(0.5);
    }
    Variable g = Grad.grad(T.sum(y), x);
    double[] xs = {0.3, -0.9, 0.7, 1.01};
    for (Mode mode : List.of(Mode.FAST_RUN, Mode.FAST_COMPILE)) {
      NDArray got = Theano.function(List.of(x), List.of(g)).mode(mode).build()
          .call(NDArray.of(xs, xs.length)).get(0);
      for (int k = 0; k < xs.length; k++) {
        // Dual numbers: (v, d) = value and derivative of y with respect to x[k].
        double v = xs[k];
        double d = 1;
        for (int i = 0; i < PAIRS; i++) {
          d = d * xs[k] + v;
          v = v * xs[k] + 0.5;
        }
        assertThat(got.getDouble(k)).as("%s dy/dx[%d]", mode, k)
            .isCloseTo(d, within(1e-9 * Math.max(1, Math.abs(d))));
      }
    }
  }
}
