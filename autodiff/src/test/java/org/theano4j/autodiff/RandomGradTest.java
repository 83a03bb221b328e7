package org.theano4j.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.random.RandomStreams;
import org.theano4j.tensor.T;

/**
 * Gradients around random draws: a draw is noise, constant for the gradient (its state and
 * size carry none, as Theano's random ops), so dropout and the reparameterised normal
 * differentiate through the arithmetic around it.
 */
class RandomGradTest {
  @Test
  void dropoutGradientIsTheMaskDrawnInTheSameCall() {
    RandomStreams srng = new RandomStreams(2);
    Variable x = T.dvector("x");
    Variable mask = T.cast(srng.binomial(x.shape(), 1, 0.5), DType.FLOAT64);
    Variable g = Grad.grad(x.mul(mask).sum(), x);
    Function f = Theano.compile(List.of(x), List.of(mask, g));
    List<NDArray> out = f.call(new double[] {1, 2, 3, 4, 5, 6, 7, 8});
    assertThat(out.get(1).toDoubleArray()).isEqualTo(out.get(0).toDoubleArray());
    assertThat(out.get(0).toDoubleArray()).contains(0.0, 1.0);
  }

  @Test
  void reparameterisedNormalDifferentiatesInMeanAndScale() {
    RandomStreams srng = new RandomStreams(4);
    Variable mu = T.dscalar("mu");
    Variable sigma = T.dscalar("sigma");
    Variable z = srng.normal(new int[] {6}, 0, 1, DType.FLOAT64);
    Variable cost = mu.add(sigma.mul(z)).sum();
    List<Variable> g = Grad.grad(cost, List.of(mu, sigma));
    Function f = Theano.function(List.of(mu, sigma), List.of(z, g.get(0), g.get(1)))
        .onUnusedInput(org.theano4j.compile.UnusedInputPolicy.IGNORE).build();
    List<NDArray> out = f.call(0.5, 2.0);
    double sum = 0;
    for (double v : out.get(0).toDoubleArray()) {
      sum += v;
    }
    assertThat(out.get(1).getDouble()).isEqualTo(6.0);
    assertThat(out.get(2).getDouble()).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void theStateGetsNoGradient() {
    RandomStreams srng = new RandomStreams(4);
    Variable z = srng.uniform(new int[] {3});
    Variable g = Grad.grad(z.sum(), srng.states().get(0));
    // an integer variable's gradient is zeros (Theano's rule for discrete variables)
    assertThat(Theano.compile(List.of(), List.of(g)).call().get(0).toDoubleArray())
        .containsExactly(0.0, 0.0);
  }
}
