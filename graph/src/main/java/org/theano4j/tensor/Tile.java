package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * NumPy's {@code tile} for an input of rank {@code reps.size()} ({@link T#tile} pads the
 * input's shape or {@code reps} with leading 1s first, as NumPy does): the output's length
 * along axis {@code d} is {@code reps[d]} times the input's, and element {@code c} is the
 * input's element {@code c mod shape}.
 */
public record Tile(List<Integer> reps) implements Op {
  public Tile {
    reps = List.copyOf(reps);
    for (int r : reps) {
      if (r < 0) {
        throw new IllegalArgumentException("tile: repetitions must be non-negative, got "
            + reps);
      }
    }
  }

  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable x = inputs.get(0);
    if (x.ndim() != reps.size()) {
      throw new IllegalArgumentException("tile: " + reps.size() + " repetitions for an input"
          + " of rank " + x.ndim());
    }
    int[] shape = x.type().shape();
    for (int d = 0; d < shape.length; d++) {
      shape[d] = reps.get(d) == 0 ? 0 : shape[d] == UNKNOWN ? UNKNOWN
          : outLength(shape[d], reps.get(d), d);
    }
    return List.of(new TensorType(x.dtype(), shape));
  }

  /** The run-time output shape for an input of {@code shape}. */
  public int[] outputShape(int[] shape) {
    int[] out = new int[shape.length];
    for (int d = 0; d < shape.length; d++) {
      out[d] = outLength(shape[d], reps.get(d), d);
    }
    return out;
  }

  private static int outLength(int n, int r, int axis) {
    long len = (long) n * r;
    if (len > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("tile: axis " + axis + " would have " + len
          + " elements, more than an array can hold");
    }
    return (int) len;
  }

  @Override
  public String describe() {
    return "Tile{reps=" + reps + "}";
  }
}
