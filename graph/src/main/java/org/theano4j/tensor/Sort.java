package org.theano4j.tensor;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.apigen.Api;

/**
 * The values of {@code x} sorted in ascending order along {@code axis} (non-negative; the
 * {@link T#sort} facade takes NumPy's negative axes). NaNs sort last, as in NumPy; equal
 * values keep their order (a stable sort), and {@code -0.0} equals {@code 0.0}.
 */
public record Sort(int axis) implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable x = inputs.get(0);
    requireAxis("sort", axis, x);
    return List.of(x.type());
  }

  /** The check shared by {@link Sort} and {@link ArgSort}. */
  static void requireAxis(String what, int axis, Variable x) {
    if (x.ndim() == 0) {
      throw new IllegalArgumentException(what + " needs a tensor of rank 1 or more, got a "
          + "scalar");
    }
    if (axis < 0 || axis >= x.ndim()) {
      throw new IllegalArgumentException(what + ": axis " + axis + " is out of range for rank "
          + x.ndim());
    }
  }

  @Override
  public String describe() {
    return "Sort{axis=" + axis + "}";
  }

  /** {@code x} sorted along its last axis ({@link Sort}: NaNs last, stable). */
  @Api
  static Variable sort(Variable x) {
    return sort(x, -1);
  }

  /** {@code x} sorted along {@code axis} (negative counts from the end, as NumPy). */
  @Api
  static Variable sort(Variable x, int axis) {
    return T.node(new Sort(numpyAxis(x, axis)), x);
  }

  /** NumPy's axis, non-negative; a scalar is left to the op to reject. */
  static int numpyAxis(Variable x, int axis) {
    return x.ndim() == 0 ? axis : T.normaliseAxes(x, new int[] {axis}).get(0);
  }
}
