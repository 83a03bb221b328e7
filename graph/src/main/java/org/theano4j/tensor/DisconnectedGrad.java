package org.theano4j.tensor;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * Identity in the forward pass that disconnects its input from the gradient (Theano's
 * {@code disconnected_grad}): a variable reached only through it counts as not being part
 * of the cost, so the disconnected-input policy applies.
 */
public record DisconnectedGrad() implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    if (inputs.size() != 1) {
      throw new IllegalArgumentException("disconnectedGrad takes one input, got "
          + inputs.size());
    }
    return List.of(inputs.get(0).type());
  }
}
