package org.theano4j.tensor;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/** The length of one axis as an int64 scalar (Theano's {@code Shape_i}). */
public record ShapeI(int axis) implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    int nd = inputs.get(0).ndim();
    if (axis < 0 || axis >= nd) {
      throw new IllegalArgumentException("axis " + axis + " is out of range for rank " + nd);
    }
    return List.of(new TensorType(DType.INT64));
  }

  @Override
  public String describe() {
    return "Shape_i{" + axis + "}";
  }
}
