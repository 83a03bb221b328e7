package org.theano4j.tensor;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/** The shape of a tensor as an int64 vector. */
public record Shape() implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    return List.of(new TensorType(DType.INT64, inputs.get(0).ndim()));
  }
}
