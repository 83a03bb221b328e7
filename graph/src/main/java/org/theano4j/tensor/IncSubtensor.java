package org.theano4j.tensor;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * A copy of {@code x} with {@code x[entries]} set to (or incremented by) {@code y}; inputs are
 * {@code x, y}, then the entries' scalars.
 */
public record IncSubtensor(List<IndexEntry> entries, boolean set) implements Op {
  public IncSubtensor {
    entries = List.copyOf(entries);
  }

  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable x = inputs.get(0);
    Variable y = inputs.get(1);
    int[] sub = Subtensor.staticShape(entries, x, inputs.subList(2, inputs.size()));
    AdvancedIncSubtensor.checkBroadcastsTo(y, sub, x);
    return List.of(x.type());
  }

  @Override
  public String describe() {
    return (set ? "SetSubtensor{" : "IncSubtensor{") + Subtensor.describeEntries(entries) + "}";
  }
}
