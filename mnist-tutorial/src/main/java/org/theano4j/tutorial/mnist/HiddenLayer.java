package org.theano4j.tutorial.mnist;

import java.util.List;
import org.theano4j.Theano;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;
import org.theano4j.tutorial.mnist.data.LegacyRandomState;

/**
 * The fully connected tanh layer of Theano's {@code mlp.py} ({@code HiddenLayer}):
 * {@code output = tanh(input·W + b)}, W uniform in {@code ±sqrt(6 / (nIn + nOut))} drawn from
 * {@code rng} (NumPy's legacy {@code RandomState}, so the numbers are NumPy's), b zeros.
 */
public final class HiddenLayer {
  /** The symbolic input, one example per row. */
  public final Variable input;
  /** Weights, {@code nIn × nOut}, named {@code W_hidden}. */
  public final SharedVariable W;
  /** Biases, {@code nOut}, named {@code b_hidden}. */
  public final SharedVariable b;
  /** {@code tanh(input·W + b)}. */
  public final Variable output;
  /** {@code [W, b]}. */
  public final List<SharedVariable> params;

  public HiddenLayer(LegacyRandomState rng, Variable input, int nIn, int nOut) {
    this.input = input;
    this.W = Theano.shared(initialW(rng, nIn, nOut), "W_hidden");
    this.b = Theano.shared(NDArray.zeros(Theano.floatX(), nOut), "b_hidden");
    this.output = T.tanh(T.dot(input, W).add(b));
    this.params = List.of(W, b);
  }

  /**
   * {@code numpy.asarray(rng.uniform(low=-sqrt(6/(nIn+nOut)), high=sqrt(6/(nIn+nOut)),
   * size=(nIn, nOut)), dtype=floatX)}: drawn in double, rounded once to floatX.
   */
  static NDArray initialW(LegacyRandomState rng, int nIn, int nOut) {
    double bound = Math.sqrt(6.0 / (nIn + nOut));
    return NDArray.of(rng.uniform(-bound, bound, Math.multiplyExact(nIn, nOut)), nIn, nOut)
        .astype(Theano.floatX());
  }
}
