package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/**
 * Matrix and vector products: vector·vector (a scalar), matrix·vector, vector·matrix and
 * matrix·matrix. Float32/float64 go to BLAS.
 */
public record Dot() implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable a = inputs.get(0);
    Variable b = inputs.get(1);
    if (a.ndim() < 1 || a.ndim() > 2 || b.ndim() < 1 || b.ndim() > 2) {
      throw new IllegalArgumentException("Dot takes vectors and matrices, got ranks " + a.ndim()
          + " and " + b.ndim());
    }
    if (a.dtype() == DType.BOOL || b.dtype() == DType.BOOL) {
      throw new IllegalArgumentException("Dot of bool tensors; cast them first");
    }
    int ka = a.type().dim(a.ndim() - 1);
    int kb = b.type().dim(b.ndim() == 1 ? 0 : 0);
    if (ka != UNKNOWN && kb != UNKNOWN && ka != kb) {
      throw new IllegalArgumentException("inner dimensions differ: " + a.type().shapeString()
          + " · " + b.type().shapeString() + " (" + ka + " vs " + kb + ")");
    }
    DType out = DType.promote(a.dtype(), b.dtype());
    int[] shape;
    if (a.ndim() == 1 && b.ndim() == 1) {
      shape = new int[0];
    } else if (a.ndim() == 2 && b.ndim() == 1) {
      shape = new int[] {a.type().dim(0)};
    } else if (a.ndim() == 1) {
      shape = new int[] {b.type().dim(1)};
    } else {
      shape = new int[] {a.type().dim(0), b.type().dim(1)};
    }
    return List.of(new TensorType(out, shape));
  }
}
