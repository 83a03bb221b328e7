package org.theano4j.tensor;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/** A vector of {@code dtype} built from scalars. */
public record MakeVector(DType dtype) implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    for (int i = 0; i < inputs.size(); i++) {
      StaticShapes.requireScalar(inputs.get(i), "element " + i);
      if (!inputs.get(i).dtype().canCastSafelyTo(dtype)) {
        throw new IllegalArgumentException("element " + i + " of dtype "
            + inputs.get(i).dtype() + " does not fit a " + dtype + " vector");
      }
    }
    return List.of(new TensorType(dtype, inputs.size()));
  }

  @Override
  public String describe() {
    return "MakeVector{" + dtype + "}";
  }
}
