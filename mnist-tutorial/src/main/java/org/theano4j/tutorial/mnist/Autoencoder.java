package org.theano4j.tutorial.mnist;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.theano4j.Theano;
import org.theano4j.autodiff.Grad;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.random.RandomStreams;
import org.theano4j.tensor.T;
import org.theano4j.tutorial.mnist.data.LegacyRandomState;

/**
 * The class {@code dA} of Theano's {@code dA.py}: a denoising autoencoder with tied weights,
 * {@code y = sigmoid(x̃·W + b)}, {@code z = sigmoid(y·Wᵀ + b')}, where {@code x̃} is the input
 * with each pixel kept with probability {@code 1 - corruption} (a binomial mask drawn by
 * {@link RandomStreams} inside the compiled function) and the cost is the cross-entropy of the
 * reconstruction {@code z} against the uncorrupted input.
 *
 * <p>W is uniform in {@code ±4·sqrt(6 / (nHidden + nVisible))} drawn from {@code numpyRng}
 * (NumPy's legacy {@code RandomState}, so the numbers are NumPy's), b and b' zeros.
 */
public final class Autoencoder {
  /** The symbolic input, one example per row. */
  public final Variable x;
  /** Weights, {@code nVisible × nHidden}, shared by the encoder and (transposed) the decoder. */
  public final SharedVariable W;
  /** Hidden biases ({@code b}). */
  public final SharedVariable bHid;
  /** Visible biases ({@code b_prime}). */
  public final SharedVariable bVis;
  /** {@code [W, b, b_prime]}. */
  public final List<SharedVariable> params;
  private final RandomStreams theanoRng;

  public Autoencoder(LegacyRandomState numpyRng, RandomStreams theanoRng, Variable input,
      int nVisible, int nHidden) {
    this.x = input;
    this.theanoRng = theanoRng;
    double bound = 4 * Math.sqrt(6.0 / (nHidden + nVisible));
    this.W = Theano.shared(NDArray.of(numpyRng.uniform(-bound, bound,
        Math.multiplyExact(nVisible, nHidden)), nVisible, nHidden).astype(Theano.floatX()), "W");
    this.bHid = Theano.shared(NDArray.zeros(Theano.floatX(), nHidden), "b");
    this.bVis = Theano.shared(NDArray.zeros(Theano.floatX(), nVisible), "b_prime");
    this.params = List.of(W, bHid, bVis);
  }

  /**
   * {@code binomial(size=input.shape, n=1, p=1 - corruptionLevel) * input}: each pixel kept
   * with probability {@code 1 - corruptionLevel}, else zero; a new mask each call.
   */
  public Variable corruptedInput(Variable input, double corruptionLevel) {
    if (!(corruptionLevel >= 0 && corruptionLevel <= 1)) {
      throw new IllegalArgumentException("corruption level must be in [0, 1], got "
          + corruptionLevel);
    }
    return T.cast(theanoRng.binomial(input.shape(), 1, 1 - corruptionLevel), input.dtype())
        .mul(input);
  }

  /** {@code sigmoid(input·W + b)}. */
  public Variable hiddenValues(Variable input) {
    return T.sigmoid(T.dot(input, W).add(bHid));
  }

  /** {@code sigmoid(hidden·Wᵀ + b')}. */
  public Variable reconstructedInput(Variable hidden) {
    return T.sigmoid(T.dot(hidden, W.T()).add(bVis));
  }

  /** The cost and the SGD updates of one step, as {@code dA.get_cost_updates}. */
  public record CostUpdates(Variable cost, Map<SharedVariable, Variable> updates) {}

  /**
   * The mean over the minibatch of {@code -Σ x·log z + (1 - x)·log(1 - z)} (summed over the
   * pixels), with {@code param - learningRate·T.grad(cost, param)} for every parameter.
   */
  public CostUpdates costUpdates(double corruptionLevel, double learningRate) {
    Variable tildeX = corruptedInput(x, corruptionLevel);
    Variable y = hiddenValues(tildeX);
    Variable z = reconstructedInput(y);
    Variable l = T.sum(x.mul(T.log(z)).add(T.sub(1, x).mul(T.log(T.sub(1, z)))), 1).neg();
    Variable cost = T.mean(l);
    Map<SharedVariable, Variable> updates = new LinkedHashMap<>();
    for (SharedVariable p : params) {
      updates.put(p, p.sub(Grad.grad(cost, p).mul(learningRate)));
    }
    return new CostUpdates(cost, updates);
  }
}
