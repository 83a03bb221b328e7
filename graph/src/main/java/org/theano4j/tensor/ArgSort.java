package org.theano4j.tensor;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.apigen.Api;

/**
 * The int64 indices that sort {@code x} along {@code axis} (non-negative), with the order of
 * {@link Sort}: ascending, NaNs last, and ties in index order. The tie rule is that of NumPy's
 * {@code argsort(kind="stable")}; NumPy's default quicksort may order ties differently.
 */
public record ArgSort(int axis) implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable x = inputs.get(0);
    Sort.requireAxis("argsort", axis, x);
    return List.of(new TensorType(DType.INT64, x.type().shape()));
  }

  @Override
  public String describe() {
    return "ArgSort{axis=" + axis + "}";
  }

  /** The int64 indices that sort {@code x} along its last axis ({@link ArgSort}). */
  @Api
  static Variable argsort(Variable x) {
    return argsort(x, -1);
  }

  /** The int64 indices that sort {@code x} along {@code axis}; ties in index order. */
  @Api
  static Variable argsort(Variable x, int axis) {
    return T.node(new ArgSort(Sort.numpyAxis(x, axis)), x);
  }
}
