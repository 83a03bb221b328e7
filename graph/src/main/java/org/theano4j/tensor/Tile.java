package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.apigen.Api;
import java.util.ArrayList;

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

  /**
   * NumPy's {@code tile(x, reps)}: when {@code reps} is longer than {@code x}'s rank, {@code x}
   * gets leading length-1 axes; when shorter, {@code reps} gets leading 1s.
   */
  @Api
  static Variable tile(Variable x, int... reps) {
    if (reps.length == 0) {
      throw new IllegalArgumentException("tile: give at least one repetition count");
    }
    Variable v = x;
    if (reps.length > x.ndim()) {
      Object[] pattern = new Object[reps.length];
      int lead = reps.length - x.ndim();
      for (int d = 0; d < pattern.length; d++) {
        pattern[d] = d < lead ? "x" : (Object) (d - lead);
      }
      v = T.dimshuffle(x, pattern);
    }
    List<Integer> full = new ArrayList<>();
    for (int d = 0; d < v.ndim() - reps.length; d++) {
      full.add(1);
    }
    for (int r : reps) {
      full.add(r);
    }
    return T.node(new Tile(full), v);
  }
}
