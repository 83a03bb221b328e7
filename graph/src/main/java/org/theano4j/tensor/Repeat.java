package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.Arrays;
import java.util.List;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.apigen.Api;
import org.theano4j.ndarray.NDArray;

/**
 * NumPy's {@code repeat(x, repeats, axis)}: each element of {@code x} along {@code axis}
 * (non-negative) repeated; inputs {@code (x, repeats)}, with {@code repeats} an integer scalar
 * (the same count for every element) or vector (one count per element along the axis, or a
 * single count for all).
 * {@link #sourceIndex} is the one run-time rule (and error text) of every backend.
 */
public record Repeat(int axis) implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    if (inputs.size() != 2) {
      throw new IllegalArgumentException("repeat takes (x, repeats), got " + inputs.size()
          + " inputs");
    }
    Variable x = inputs.get(0);
    Variable r = inputs.get(1);
    if (axis < 0 || axis >= x.ndim()) {
      throw new IllegalArgumentException("repeat: axis " + axis + " is out of range for rank "
          + x.ndim());
    }
    if (!r.dtype().isInteger() || r.ndim() > 1) {
      throw new IllegalArgumentException("repeat: repeats must be an integer scalar or vector,"
          + " got " + r.type());
    }
    int[] shape = x.type().shape();
    int n = shape[axis];
    if (r.ndim() == 1 && n != UNKNOWN && r.type().dim(0) != UNKNOWN && r.type().dim(0) != n
        && r.type().dim(0) != 1) {
      throw new IllegalArgumentException("repeat: " + r.type().dim(0) + " repeats for "
          + n + " elements along axis " + axis);
    }
    shape[axis] = UNKNOWN;
    if (r instanceof Constant) {
      long[] reps = ((Constant) r).value().toLongArray();
      // One count per element fixes the length; a single count (a scalar or a vector of
      // one, which broadcasts) needs the axis's length.
      boolean perElement = r.ndim() == 1 && reps.length != 1;
      if (perElement || n != UNKNOWN) {
        shape[axis] = sourceIndex(perElement ? reps.length : n, reps).length;
      }
    }
    return List.of(new TensorType(x.dtype(), shape));
  }

  /**
   * For an axis of {@code length} elements and the values of {@code repeats} (one value for
   * a scalar), the input position of each output position along the axis.
   *
   * @throws IllegalArgumentException for a negative count, a vector whose length is not
   *     {@code length}, or a result longer than an array can be
   */
  public int[] sourceIndex(int length, long[] repeats) {
    // A single count (a scalar, or a vector of one, as NumPy broadcasts it) applies to all.
    boolean scalar = repeats.length == 1;
    if (!scalar && repeats.length != length) {
      throw new IllegalArgumentException("repeat: " + repeats.length + " repeats for "
          + length + " elements along axis " + axis);
    }
    long total = 0;
    for (int i = 0; i < length; i++) {
      long c = repeats[scalar ? 0 : i];
      if (c < 0) {
        throw new IllegalArgumentException("repeat: repeats must be non-negative, got " + c
            + (scalar ? "" : " at position " + i) + " of " + Arrays.toString(repeats));
      }
      total += c;
      if (total > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("repeat: the result along axis " + axis
            + " would have " + total + " elements, more than an array can hold");
      }
    }
    int[] src = new int[(int) total];
    for (int i = 0, k = 0; i < length; i++) {
      for (long c = repeats[scalar ? 0 : i]; c > 0; c--) {
        src[k++] = i;
      }
    }
    return src;
  }

  @Override
  public String describe() {
    return "Repeat{axis=" + axis + "}";
  }

  /** NumPy's {@code repeat(x, repeats)}: repeats the elements of the flattened tensor. */
  @Api
  static Variable repeat(Variable x, Object repeats) {
    return repeat(T.flatten(x), repeats, 0);
  }

  /**
   * NumPy's {@code repeat(x, repeats, axis)}: {@code repeats} is an int, an {@code int[]} or
   * {@code long[]} (one count per element along {@code axis}), or an integer scalar or vector
   * variable; a negative axis counts from the end.
   */
  @Api
  static Variable repeat(Variable x, Object repeats, int axis) {
    Variable r;
    if (repeats instanceof Integer || repeats instanceof Long) {
      r = T.constant(NDArray.scalar(((Number) repeats).longValue()));
    } else if (repeats instanceof int[]) {
      r = T.constant(NDArray.of((int[]) repeats, ((int[]) repeats).length));
    } else if (repeats instanceof long[]) {
      r = T.constant(NDArray.of((long[]) repeats, ((long[]) repeats).length));
    } else if (repeats instanceof Variable) {
      r = (Variable) repeats;
    } else {
      throw new IllegalArgumentException("repeat: repeats must be an int, int[], long[] or an"
          + " integer variable, got " + (repeats == null ? "null"
          : repeats.getClass().getSimpleName()));
    }
    return T.node(new Repeat(T.normaliseAxes(x, new int[] {axis}).get(0)), x, r);
  }
}
