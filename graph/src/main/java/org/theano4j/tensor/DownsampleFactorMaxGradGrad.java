package org.theano4j.tensor;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * Theano's {@code DownsampleFactorMaxGradGrad}: the gradient of {@link MaxPoolGrad} with
 * respect to its output gradient, from {@code x}, {@code maxout} and {@code ggx} (a tensor of
 * {@code x}'s shape): each window's result is the sum of {@code ggx} over the window's
 * elements equal to its maximum. This is the exact transpose of {@code MaxPoolGrad}'s linear
 * map, so with ties it adds the tied elements' values, where Theano's takes one of them;
 * without ties the two agree.
 */
public record DownsampleFactorMaxGradGrad(Pool2d options) implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable x = inputs.get(0);
    options.checkInput(x, "x");
    PoolGradTypes.checkPooled(options, x, inputs.get(1), "maxout");
    Variable ggx = inputs.get(2);
    if (!PoolGradTypes.compatible(x.type(), ggx.type())) {
      throw new IllegalArgumentException("DownsampleFactorMaxGradGrad: ggx must have x's type "
          + x.type() + ", got " + ggx.type());
    }
    return List.of(inputs.get(1).type());
  }

  @Override
  public String describe() {
    return "DownsampleFactorMaxGradGrad{" + options.describeOptions() + "}";
  }

  /** The node {@code DownsampleFactorMaxGradGrad(x, maxout, ggx)}. */
  public static Variable of(Pool2d options, Variable x, Variable maxout, Variable ggx) {
    return T.node(new DownsampleFactorMaxGradGrad(options), x, maxout, ggx);
  }
}
