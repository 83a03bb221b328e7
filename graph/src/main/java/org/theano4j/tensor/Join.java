package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/** Concatenation of tensors of equal rank along {@code axis}; dtypes are promoted. */
public record Join(int axis) implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("concatenate needs at least one tensor");
    }
    int nd = inputs.get(0).ndim();
    if (axis < 0 || axis >= nd) {
      throw new IllegalArgumentException("axis " + axis + " is out of range for rank " + nd);
    }
    int[] out = inputs.get(0).type().shape();
    DType dt = inputs.get(0).dtype();
    for (int i = 1; i < inputs.size(); i++) {
      TensorType t = inputs.get(i).type();
      if (t.ndim() != nd) {
        throw new IllegalArgumentException("all tensors must have rank " + nd + "; input " + i
            + " has rank " + t.ndim());
      }
      dt = DType.promote(dt, t.dtype());
      for (int d = 0; d < nd; d++) {
        int s = t.dim(d);
        if (d == axis) {
          out[d] = out[d] == UNKNOWN || s == UNKNOWN ? UNKNOWN : out[d] + s;
        } else if (out[d] == UNKNOWN) {
          out[d] = s;
        } else if (s != UNKNOWN && s != out[d]) {
          throw new IllegalArgumentException("input " + i + " has shape " + t.shapeString()
              + ", which differs from the others off the join axis " + axis);
        }
      }
    }
    return List.of(new TensorType(dt, out));
  }

  @Override
  public String describe() {
    return "Join{axis=" + axis + "}";
  }
}
