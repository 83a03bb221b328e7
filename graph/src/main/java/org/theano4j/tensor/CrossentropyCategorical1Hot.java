package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * {@code out[i] = -log(coding[i, labels[i]])} for a probability matrix and integer labels
 * (Theano's {@code crossentropy_categorical_1hot}).
 */
public record CrossentropyCategorical1Hot() implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable p = inputs.get(0);
    Variable y = inputs.get(1);
    if (p.ndim() != 2 || !p.dtype().isFloat()) {
      throw new IllegalArgumentException("coding distribution must be a float matrix, got "
          + p.type());
    }
    if (y.ndim() != 1 || !y.dtype().isInteger()) {
      throw new IllegalArgumentException("labels must be an integer vector, got " + y.type());
    }
    int n = p.type().dim(0);
    int m = y.type().dim(0);
    if (n != UNKNOWN && m != UNKNOWN && n != m) {
      throw new IllegalArgumentException(n + " rows of probabilities but " + m + " labels");
    }
    return List.of(new TensorType(p.dtype(), n != UNKNOWN ? n : m));
  }
}
