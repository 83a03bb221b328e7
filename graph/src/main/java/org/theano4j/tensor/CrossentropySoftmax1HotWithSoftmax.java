package org.theano4j.tensor;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * {@link CrossentropySoftmax1Hot} that also returns the softmax it computes on the way:
 * outputs {@code (loss, softmax(z))}, as Theano's {@code crossentropy_softmax_1hot}. The
 * optimiser uses it when a graph needs both (the tutorial's cost and its gradient), so each
 * row's exponentials are computed once.
 */
public record CrossentropySoftmax1HotWithSoftmax() implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    TensorType loss = new CrossentropySoftmax1Hot().outputTypes(inputs).get(0);
    return List.of(loss, inputs.get(0).type());
  }
}
