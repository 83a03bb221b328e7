package org.theano4j.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * Costs and gradients stay finite where the exact value is finite, at extreme arguments. The
 * references are the closed forms in float64 (softmax minus one-hot; 1 - sigmoid(x) =
 * sigmoid(-x); -softplus), evaluated here directly.
 */
class StabilityTest {

  private static List<NDArray> run(Mode mode, List<Variable> in, List<Variable> out,
      Object... args) {
    return Theano.function(in, out).mode(mode).build().call(args);
  }

  private static double sigmoid(double x) {
    return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }

  /** categoricalCrossentropy(softmax(z), y) with a logit gap of 100..1000: finite gradient. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void crossentropyOfSoftmaxHasAFiniteGradientAtLargeLogitGaps(Mode mode) {
    Variable z = T.dmatrix("z");
    Variable y = T.ivector("y");
    Variable cost = T.categoricalCrossentropy(T.softmax(z), y).sum();
    Variable g = Grad.grad(cost, z);
    for (double gap : new double[] {1, 100, 104, 200, 1000}) {
      NDArray zv = NDArray.of(new double[] {0, gap, gap, 0}, 2, 2);
      NDArray yv = NDArray.of(new int[] {0, 0}, 2);
      List<NDArray> r = run(mode, List.of(z, y), List.of(cost, g), zv, yv);
      // row 0: z = [0, gap], label 0: loss = logsumexp - 0; row 1: z = [gap, 0], label 0.
      double lse = gap + Math.log1p(Math.exp(-gap));
      double expected = lse + (lse - gap);
      assertThat(r.get(0).getDouble()).as("cost at gap %s", gap)
          .isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
      double p01 = sigmoid(gap); // softmax([0, gap])[1]
      double[] want = {-(1 - (1 - p01)), p01, (p01) - 1, 1 - p01};
      // softmax([0, gap]) = [1 - p01, p01]; gradient = softmax - onehot(0)
      want[0] = (1 - p01) - 1;
      want[1] = p01;
      want[2] = p01 - 1; // softmax([gap, 0])[0] = p01
      want[3] = 1 - p01;
      double[] got = r.get(1).toDoubleArray();
      for (int i = 0; i < 4; i++) {
        assertThat(got[i]).as("gradient[%d] at gap %s", i, gap).isCloseTo(want[i], within(1e-12));
      }
    }
  }

  /** log(1 - sigmoid(x)) = -softplus(x): finite at x = 1e4 (FAST_RUN stabilises it). */
  @Test
  void logOneMinusSigmoidIsFiniteAtLargeX() {
    Variable x = T.dvector("x");
    Variable f = T.log(T.sub(1, T.sigmoid(x)));
    Variable g = Grad.grad(f.sum(), x);
    double[] xs = {-1e4, -30, 0, 30, 1e4};
    List<NDArray> r = run(Mode.FAST_RUN, List.of(x), List.of(f, g), NDArray.of(xs, xs.length));
    for (int i = 0; i < xs.length; i++) {
      double softplus = Math.max(xs[i], 0) + Math.log1p(Math.exp(-Math.abs(xs[i])));
      assertThat(r.get(0).toDoubleArray()[i]).as("value at %s", xs[i])
          .isCloseTo(-softplus, within(1e-9 * Math.max(1, softplus)));
      // d/dx log(1 - sigmoid(x)) = -sigmoid(x)
      assertThat(r.get(1).toDoubleArray()[i]).as("gradient at %s", xs[i])
          .isCloseTo(-sigmoid(xs[i]), within(1e-12));
    }
  }

  /** log(sigmoid(x)) and its gradient 1 - sigmoid(x) = sigmoid(-x): finite at x = -1e4. */
  @Test
  void logSigmoidHasAFiniteGradientAtLargeNegativeX() {
    Variable x = T.dvector("x");
    Variable f = T.log(T.sigmoid(x));
    Variable g = Grad.grad(f.sum(), x);
    double[] xs = {-1e4, -30, 0, 30, 1e4};
    List<NDArray> r = run(Mode.FAST_RUN, List.of(x), List.of(f, g), NDArray.of(xs, xs.length));
    for (int i = 0; i < xs.length; i++) {
      double softplusNeg = Math.max(-xs[i], 0) + Math.log1p(Math.exp(-Math.abs(xs[i])));
      assertThat(r.get(0).toDoubleArray()[i]).as("value at %s", xs[i])
          .isCloseTo(-softplusNeg, within(1e-9 * Math.max(1, softplusNeg)));
      assertThat(r.get(1).toDoubleArray()[i]).as("gradient at %s", xs[i])
          .isCloseTo(sigmoid(-xs[i]), within(1e-12));
    }
  }
}
