package org.theano4j.tensor;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * Numerically stable softmax, or its logarithm when {@code log}, along the last axis (the
 * rows of a matrix). Integer inputs give a float result.
 */
public record Softmax(boolean log) implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable x = inputs.get(0);
    if (x.ndim() < 1) {
      throw new IllegalArgumentException((log ? "log_softmax" : "softmax")
          + " needs a vector or matrix, got a scalar");
    }
    return List.of(new TensorType(x.dtype().upgradeToFloat(), x.type().shape()));
  }

  @Override
  public String describe() {
    return log ? "LogSoftmax" : "Softmax";
  }
}
