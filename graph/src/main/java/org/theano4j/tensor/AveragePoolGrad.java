package org.theano4j.tensor;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * Theano's {@code AveragePoolGrad}: the gradient of sum or average pooling with respect to
 * its input {@code x} (read for its shape only), from the output gradient {@code gz}: each
 * window's gradient divided by the mode's divisor and spread over the window's input
 * elements.
 */
public record AveragePoolGrad(Pool2d options) implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable x = inputs.get(0);
    options.checkInput(x, "x");
    if (options.mode() == PoolMode.MAX) {
      throw new IllegalArgumentException("AveragePoolGrad is the gradient of the sum and "
          + "average modes, got mode 'max' (its gradient is MaxPoolGrad)");
    }
    PoolGradTypes.checkPooled(options, x, inputs.get(1), "gz");
    return List.of(x.type());
  }

  @Override
  public String describe() {
    return "AveragePoolGrad{" + options.describeOptions() + "}";
  }

  /** The node {@code AveragePoolGrad(x, gz)} (used by the gradient rules). */
  public static Variable of(Pool2d options, Variable x, Variable gz) {
    return T.node(new AveragePoolGrad(options), x, gz);
  }
}
