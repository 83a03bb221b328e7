package org.theano4j.tutorial.mnist;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.T;
import org.theano4j.tutorial.mnist.data.LegacyRandomState;
import org.theano4j.tutorial.mnist.data.MnistSplit;

/**
 * The network of Theano's {@code convolutional_mlp.py} ({@code evaluate_lenet5}): the minibatch
 * reshaped to {@code (batch, 1, 28, 28)}, two {@link LeNetConvPoolLayer}s (20 then 50 filters
 * of 5×5, 2×2 max-pooling: 28 → 24 → 12, 12 → 8 → 4), the second one's output flattened to
 * {@code 50·4·4 = 800} features, a {@link HiddenLayer} of 500 tanh units and a
 * {@link LogisticRegression} on top; cost the negative log-likelihood. The weights are drawn
 * from one {@code RandomState} in the tutorial's order: layer 0's filters, layer 1's, then the
 * hidden layer's.
 *
 * <pre>{@code
 * LeNet5 net = new LeNet5(new LegacyRandomState(23455), x, 500, 20, 50);
 * Variable cost = net.cost(y);
 * }</pre>
 */
public final class LeNet5 implements TutorialFunctions.Network {
  /** The filters' side and the pooling window's, as in the tutorial. */
  static final int FILTER = 5;
  static final int POOL = 2;
  /** The hidden layer's tanh units. */
  static final int HIDDEN = 500;

  public final LeNetConvPoolLayer layer0;
  public final LeNetConvPoolLayer layer1;
  public final HiddenLayer layer2;
  public final LogisticRegression layer3;
  /** {@code layer3.params + layer2.params + layer1.params + layer0.params}, as the tutorial. */
  public final List<SharedVariable> params;

  /**
   * @param x the minibatch, {@code batchSize} rows of 784 pixels
   * @param nkerns0 filters of the first layer (the tutorial's {@code nkerns[0]}, 20)
   * @param nkerns1 filters of the second layer ({@code nkerns[1]}, 50)
   */
  public LeNet5(LegacyRandomState rng, Variable x, int batchSize, int nkerns0, int nkerns1) {
    int side = MnistSplit.ROWS;
    int[] pool = {POOL, POOL};
    Variable layer0Input = x.reshape(batchSize, 1, side, side);
    layer0 = new LeNetConvPoolLayer(rng, layer0Input, new int[] {nkerns0, 1, FILTER, FILTER},
        pool, "0");
    int side1 = (side - FILTER + 1) / POOL; // 12
    layer1 = new LeNetConvPoolLayer(rng, layer0.output,
        new int[] {nkerns1, nkerns0, FILTER, FILTER}, pool, "1");
    int side2 = (side1 - FILTER + 1) / POOL; // 4
    layer2 = new HiddenLayer(rng, T.flatten(layer1.output, 2), nkerns1 * side2 * side2, HIDDEN);
    layer3 = new LogisticRegression(layer2.output, HIDDEN, MnistSplit.CLASSES);
    List<SharedVariable> all = new ArrayList<>(layer3.params);
    all.addAll(layer2.params);
    all.addAll(layer1.params);
    all.addAll(layer0.params);
    params = List.copyOf(all);
  }

  @Override
  public LogisticRegression output() {
    return layer3;
  }

  @Override
  public Variable cost(Variable y) {
    return layer3.negativeLogLikelihood(y);
  }

  @Override
  public List<SharedVariable> params() {
    return params;
  }
}
