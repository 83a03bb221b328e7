package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * The per-row loss {@code -log(softmax(z)[i, y[i]])} computed stably from the logits, as
 * {@code logsumexp(z[i]) - z[i, y[i]]} (Theano's {@code crossentropy_softmax_1hot}). Inputs: a
 * float matrix of logits and an integer label vector. The stabilise phase builds it from
 * {@code -log(softmax(z))[arange(n), y]}; its gradient with respect to {@code z} is
 * {@code softmax(z) - onehot(y)} (times the incoming gradient per row).
 */
public record CrossentropySoftmax1Hot() implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable z = inputs.get(0);
    Variable y = inputs.get(1);
    if (z.ndim() != 2 || !z.dtype().isFloat()) {
      throw new IllegalArgumentException("logits must be a float matrix, got " + z.type());
    }
    if (y.ndim() != 1 || !y.dtype().isInteger()) {
      throw new IllegalArgumentException("labels must be an integer vector, got " + y.type());
    }
    int n = z.type().dim(0);
    int m = y.type().dim(0);
    if (n != UNKNOWN && m != UNKNOWN && n != m) {
      throw new IllegalArgumentException(n + " rows of logits but " + m + " labels");
    }
    return List.of(new TensorType(z.dtype(), n != UNKNOWN ? n : m));
  }
}
