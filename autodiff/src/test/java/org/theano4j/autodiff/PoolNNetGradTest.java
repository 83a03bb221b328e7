package org.theano4j.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.DownsampleFactorMaxGradGrad;
import org.theano4j.tensor.MaxPoolGrad;
import org.theano4j.tensor.Pool2d;
import org.theano4j.tensor.T;

/**
 * Gradients of pool2d and the NN compositions through {@link Grad} where the values matter
 * beyond finite differences: ties in max pooling (documented: every tied element receives the
 * window's gradient, as Theano's {@code MaxPoolGrad}), the ops the rules build, and the
 * logits cross-entropy at saturated logits.
 */
class PoolNNetGradTest {
  @Test
  void maxPoolingGivesATiedWindowsGradientToEveryMaximum() {
    Variable x = T.dmatrix("x");
    Variable g = Grad.grad(T.sum(T.pool2d(x, new int[] {2, 2})), x);
    Function f = Theano.function(List.of(x), List.of(g)).build();
    // window 1: 1 twice; window 2: 3 once; window 3 (rows 2-3, cols 0-1): -1 four times
    double[] in = {1, 0, 3, 2, 1, -2, 0, 0, -1, -1, 5, 5, -1, -1, 5, 4};
    double[] want = {1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0};
    assertThat(f.call(NDArray.of(in, 4, 4)).get(0).toDoubleArray()).containsExactly(want);
  }

  @Test
  void theRulesBuildTheanosGradientOps() {
    Variable x = T.dtensor4("x");
    Pool2d o = Pool2d.ws(3, 3).stride(2, 2).pad(1, 1);
    Variable gx = Grad.grad(T.sum(T.mul(T.pool2d(x, o), 2.0)), x);
    assertThat(gx.owner().op()).isEqualTo(new MaxPoolGrad(o));
    // differentiated with respect to its output gradient, MaxPoolGrad gives its transpose
    Variable w = T.dtensor4("w");
    Variable gz = T.dtensor4("gz");
    Variable mpg = MaxPoolGrad.of(o, x, T.pool2d(x, o), gz);
    Variable back = Grad.grad(T.sum(T.mul(mpg, w)), List.of(gz)).get(0);
    Apply node = back.owner();
    assertThat(node.op()).isEqualTo(new DownsampleFactorMaxGradGrad(o));
  }

  @Test
  void sigmoidBinaryCrossentropyIsFiniteAndExactAtSaturatedLogits() {
    Variable z = T.dvector("z");
    Variable t = T.dvector("t");
    Variable loss = T.sigmoidBinaryCrossentropy(z, t);
    Variable g = Grad.grad(T.sum(loss), z);
    Function f = Theano.function(List.of(z, t), List.of(loss, g)).build();
    List<NDArray> out = f.call(NDArray.of(new double[] {1000, -1000, 1000, -1000, 40}, 5),
        NDArray.of(new double[] {1, 0, 0, 1, 1}, 5));
    // log(1 + exp(-40)) = 4.248354255291589e-18: no cancellation against 40
    assertThat(out.get(0).toDoubleArray()).containsExactly(0, 0, 1000, 1000,
        4.248354255291589e-18);
    assertThat(out.get(1).toDoubleArray()).containsExactly(0, 0, 1, -1,
        -4.248354255291589e-18);
  }
}
