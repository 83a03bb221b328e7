package org.theano4j.tensor;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/**
 * Index (int64) of the maximum ({@code max}) or minimum along {@code axis}; the first one on
 * ties. An axis of -1 means over the flattened tensor.
 */
public record ArgReduce(boolean max, int axis) implements Op {
  /** Marks a reduction over the flattened tensor. */
  public static final int FLAT = -1;

  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    int[] in = inputs.get(0).type().shape();
    if (axis == FLAT) {
      return List.of(new TensorType(DType.INT64));
    }
    if (axis < 0 || axis >= in.length) {
      throw new IllegalArgumentException("axis " + axis + " is out of range for rank "
          + in.length);
    }
    int[] out = new int[in.length - 1];
    for (int d = 0, k = 0; d < in.length; d++) {
      if (d != axis) {
        out[k++] = in[d];
      }
    }
    return List.of(new TensorType(DType.INT64, out));
  }

  @Override
  public String describe() {
    return (max ? "Argmax" : "Argmin") + "{axis=" + (axis == FLAT ? "None" : axis) + "}";
  }
}
