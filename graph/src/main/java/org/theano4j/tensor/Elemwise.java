package org.theano4j.tensor;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/** A scalar function applied elementwise with broadcasting. */
public record Elemwise(ScalarOp scalar) implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    if (inputs.size() != scalar.arity()) {
      throw new IllegalArgumentException(scalar.opName() + " takes " + scalar.arity()
          + " inputs, got " + inputs.size());
    }
    List<DType> dtypes = new ArrayList<>();
    for (Variable v : inputs) {
      dtypes.add(v.dtype());
    }
    DType out = scalar.outputDType(dtypes);
    return List.of(new TensorType(out, StaticShapes.broadcast(inputs)));
  }

  @Override
  public String describe() {
    return "Elemwise{" + scalar.opName() + "}";
  }
}
