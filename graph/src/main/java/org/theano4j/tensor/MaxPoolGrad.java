package org.theano4j.tensor;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * Theano's {@code MaxPoolGrad}: the gradient of max pooling with respect to its input, from
 * the input {@code x}, the pooled output {@code maxout} and the output gradient {@code gz}.
 * Each window's gradient goes to every element of the window equal to its maximum (as Theano's
 * {@code MaxPoolGrad}: with ties, each tied element receives the whole gradient); elements in
 * several windows add the gradients of each.
 */
public record MaxPoolGrad(Pool2d options) implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable x = inputs.get(0);
    options.checkInput(x, "x");
    PoolGradTypes.checkPooled(options, x, inputs.get(1), "maxout");
    PoolGradTypes.checkPooled(options, x, inputs.get(2), "gz");
    return List.of(x.type());
  }

  @Override
  public String describe() {
    return "MaxPoolGrad{" + options.describeOptions() + "}";
  }

  /** The node {@code MaxPoolGrad(x, maxout, gz)} (used by the gradient rules). */
  public static Variable of(Pool2d options, Variable x, Variable maxout, Variable gz) {
    return T.node(new MaxPoolGrad(options), x, maxout, gz);
  }
}
