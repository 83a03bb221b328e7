package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/** {@code out[i] = a[i] · b[i]} for rank-3 {@code a} (B,m,k) and {@code b} (B,k,n). */
public record BatchedDot() implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    TensorType a = inputs.get(0).type();
    TensorType b = inputs.get(1).type();
    if (a.ndim() != 3 || b.ndim() != 3) {
      throw new IllegalArgumentException("BatchedDot takes two rank-3 tensors, got ranks "
          + a.ndim() + " and " + b.ndim());
    }
    check(a.dim(0), b.dim(0), "batch sizes", a, b);
    check(a.dim(2), b.dim(1), "inner dimensions", a, b);
    return List.of(new TensorType(DType.promote(a.dtype(), b.dtype()),
        a.dim(0) != UNKNOWN ? a.dim(0) : b.dim(0), a.dim(1), b.dim(2)));
  }

  private static void check(int x, int y, String what, TensorType a, TensorType b) {
    if (x != UNKNOWN && y != UNKNOWN && x != y) {
      throw new IllegalArgumentException(what + " differ: " + a.shapeString() + " and "
          + b.shapeString());
    }
  }
}
