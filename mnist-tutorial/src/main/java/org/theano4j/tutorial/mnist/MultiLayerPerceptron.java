package org.theano4j.tutorial.mnist;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.T;
import org.theano4j.tutorial.mnist.data.LegacyRandomState;

/**
 * The class {@code MLP} of Theano's {@code mlp.py}: one {@link HiddenLayer} of tanh units and
 * a {@link LogisticRegression} layer on top of it (zero-initialised), with the L1 norm and the
 * squared L2 norm of the two weight matrices for regularisation.
 *
 * <pre>{@code
 * MultiLayerPerceptron mlp = new MultiLayerPerceptron(new LegacyRandomState(1234), x, 784, 500, 10);
 * Variable cost = mlp.negativeLogLikelihood(y).add(mlp.L1.mul(0.00)).add(mlp.L2sqr.mul(0.0001));
 * }</pre>
 */
public final class MultiLayerPerceptron implements TutorialFunctions.Network {
  public final HiddenLayer hiddenLayer;
  public final LogisticRegression logRegressionLayer;
  /** {@code sum(|W_hidden|) + sum(|W|)}. */
  public final Variable L1;
  /** {@code sum(W_hidden²) + sum(W²)}. */
  public final Variable L2sqr;
  /** {@code hiddenLayer.params + logRegressionLayer.params}. */
  public final List<SharedVariable> params;
  private final double l1Reg;
  private final double l2Reg;

  /**
   * The network with the cost {@code nll + l1Reg·L1 + l2Reg·L2sqr} (mlp.py's {@code L1_reg},
   * {@code L2_reg}).
   */
  public MultiLayerPerceptron(LegacyRandomState rng, Variable input, int nIn, int nHidden,
      int nOut, double l1Reg, double l2Reg) {
    hiddenLayer = new HiddenLayer(rng, input, nIn, nHidden);
    logRegressionLayer = new LogisticRegression(hiddenLayer.output, nHidden, nOut);
    L1 = T.abs(hiddenLayer.W).sum().add(T.abs(logRegressionLayer.W).sum());
    L2sqr = T.sqr(hiddenLayer.W).sum().add(T.sqr(logRegressionLayer.W).sum());
    List<SharedVariable> all = new ArrayList<>(hiddenLayer.params);
    all.addAll(logRegressionLayer.params);
    params = List.copyOf(all);
    this.l1Reg = l1Reg;
    this.l2Reg = l2Reg;
  }

  /** The logistic layer's negative log-likelihood of {@code y}. */
  public Variable negativeLogLikelihood(Variable y) {
    return logRegressionLayer.negativeLogLikelihood(y);
  }

  @Override
  public LogisticRegression output() {
    return logRegressionLayer;
  }

  /**
   * mlp.py's cost: {@code nll(y) + L1_reg·L1 + L2_reg·L2_sqr}. A term whose coefficient is 0
   * (mlp.py's {@code L1_reg = 0.00}) is left out: with finite weights it adds exactly zero to
   * the cost and to every gradient, and Theano's canonicalizer ({@code local_mul_zero})
   * removes it from Theano's graph the same way; kept, its gradient ({@code 0·sign(W)}) would
   * cost a pass over the 784×500 weights every step.
   */
  @Override
  public Variable cost(Variable y) {
    Variable cost = negativeLogLikelihood(y);
    if (l1Reg != 0) {
      cost = cost.add(L1.mul(l1Reg));
    }
    if (l2Reg != 0) {
      cost = cost.add(L2sqr.mul(l2Reg));
    }
    return cost;
  }

  @Override
  public List<SharedVariable> params() {
    return params;
  }
}
