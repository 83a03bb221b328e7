package org.theano4j.tensor;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * Identity in the forward pass whose gradient is zero (Theano's {@code zero_grad}, also
 * called stop-gradient): the input stays connected to the cost, but nothing flows back.
 */
public record ZeroGrad() implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    if (inputs.size() != 1) {
      throw new IllegalArgumentException("zeroGrad takes one input, got " + inputs.size());
    }
    return List.of(inputs.get(0).type());
  }
}
