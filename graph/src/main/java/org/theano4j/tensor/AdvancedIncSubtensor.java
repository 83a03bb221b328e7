package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * A copy of {@code x} with the advanced-indexed elements set to, or incremented by,
 * {@code y}; repeated indices accumulate when incrementing (NumPy's {@code add.at}) and the
 * last write wins when setting. Inputs: {@code x, y}, then the index tensors.
 */
public record AdvancedIncSubtensor(List<Boolean> advanced, boolean set) implements Op {
  public AdvancedIncSubtensor {
    advanced = List.copyOf(advanced);
  }

  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable x = inputs.get(0);
    Variable y = inputs.get(1);
    int[] sub = AdvancedSubtensor.staticShape(advanced, x, inputs.subList(2, inputs.size()));
    checkBroadcastsTo(y, sub, x);
    return List.of(x.type());
  }

  /** Checks that {@code y} broadcasts to {@code target} and casts safely to x's dtype. */
  static void checkBroadcastsTo(Variable y, int[] target, Variable x) {
    if (y.ndim() > target.length) {
      throw new IllegalArgumentException("value of rank " + y.ndim()
          + " does not fit a selection of rank " + target.length);
    }
    for (int i = 0; i < y.ndim(); i++) {
      int ys = y.type().dim(i);
      int ts = target[target.length - y.ndim() + i];
      if (ys != 1 && ys != UNKNOWN && ts != UNKNOWN && ys != ts) {
        throw new IllegalArgumentException("value of shape " + y.type().shapeString()
            + " does not broadcast to the selection's shape " + new TensorType(x.dtype(),
            target).shapeString());
      }
    }
    if (!y.dtype().canCastSafelyTo(x.dtype())) {
      throw new IllegalArgumentException("value of dtype " + y.dtype()
          + " cannot be stored into " + x.dtype() + " without loss; cast it first");
    }
  }

  @Override
  public String describe() {
    return (set ? "AdvancedSetSubtensor{" : "AdvancedIncSubtensor{")
        + AdvancedSubtensor.pattern(advanced) + "}";
  }
}
