package org.theano4j.tutorial.mnist;

import java.util.List;
import org.theano4j.Theano;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;
import org.theano4j.tutorial.mnist.data.LegacyRandomState;

/**
 * The class {@code LeNetConvPoolLayer} of Theano's {@code convolutional_mlp.py}: a
 * convolution ({@code T.conv2d}, a true, flipped convolution, border mode {@code valid}), 2×2
 * max-pooling with the border dropped ({@code T.pool2d}, {@code ignore_border=True}) and
 * {@code tanh(pooled + b.dimshuffle('x', 0, 'x', 'x'))}. The filters are uniform in
 * {@code ±sqrt(6 / (fan_in + fan_out))} with {@code fan_in = prod(filter_shape[1:])} and
 * {@code fan_out = filter_shape[0] · prod(filter_shape[2:]) // prod(poolsize)}, drawn from
 * {@code rng} (NumPy's legacy {@code RandomState}) in double and rounded once to floatX; the
 * biases are zeros.
 */
public final class LeNetConvPoolLayer {
  /** Filters {@code (n_filters, channels, rows, cols)}. */
  public final SharedVariable W;
  /** One bias per filter. */
  public final SharedVariable b;
  /** {@code tanh(pool2d(conv2d(input, W)) + b)}. */
  public final Variable output;
  /** {@code [W, b]}. */
  public final List<SharedVariable> params;

  /**
   * @param filterShape {@code (n_filters, channels, rows, cols)}
   * @param poolSize the pooling window, {@code (rows, cols)}
   * @param name suffix of the parameters' names ({@code W0}, {@code b0} for "0")
   */
  public LeNetConvPoolLayer(LegacyRandomState rng, Variable input, int[] filterShape,
      int[] poolSize, String name) {
    if (filterShape.length != 4 || poolSize.length != 2) {
      throw new IllegalArgumentException("expected a filter shape of 4 and a pool size of 2 "
          + "numbers, got " + filterShape.length + " and " + poolSize.length);
    }
    this.W = Theano.shared(initialW(rng, filterShape, poolSize), "W" + name);
    this.b = Theano.shared(NDArray.zeros(Theano.floatX(), filterShape[0]), "b" + name);
    Variable pooled = T.pool2d(T.conv2d(input, W), poolSize);
    this.output = T.tanh(pooled.add(b.dimshuffle("x", 0, "x", "x")));
    this.params = List.of(W, b);
  }

  /** The tutorial's {@code W_bound}: {@code sqrt(6 / (fan_in + fan_out))}. */
  static double bound(int[] filterShape, int[] poolSize) {
    int fanIn = filterShape[1] * filterShape[2] * filterShape[3];
    // numpy's // on the integer products, as the tutorial's fan_out
    int fanOut = filterShape[0] * filterShape[2] * filterShape[3] / (poolSize[0] * poolSize[1]);
    return Math.sqrt(6.0 / (fanIn + fanOut));
  }

  /**
   * {@code numpy.asarray(rng.uniform(low=-W_bound, high=W_bound, size=filter_shape),
   * dtype=floatX)}.
   */
  static NDArray initialW(LegacyRandomState rng, int[] filterShape, int[] poolSize) {
    double bound = bound(filterShape, poolSize);
    int n = Math.multiplyExact(Math.multiplyExact(filterShape[0], filterShape[1]),
        filterShape[2] * filterShape[3]);
    return NDArray.of(rng.uniform(-bound, bound, n), filterShape).astype(Theano.floatX());
  }
}
