package org.theano4j.tensor;

import java.util.List;
import org.theano4j.apigen.Api;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * Theano's {@code fill_diagonal(a, val)}: a copy of the matrix {@code a} (any dtype, rectangular
 * allowed) with its {@code min(rows, cols)} main-diagonal elements set to the scalar
 * {@code val}. As Theano, {@code val}'s dtype must cast safely to {@code a}'s
 * ({@link org.theano4j.ndarray.DType#canCastSafelyTo}: float32 into float64, int8 into int32,
 * bool into anything), so {@code val} is stored unchanged, or rounded to the nearest double for
 * int64 into float64, as NumPy's assignment does. A {@code val} that would change the matrix's
 * dtype (a float into an integer matrix, int64 into float32) is refused, as Theano refuses it;
 * NumPy's {@code np.fill_diagonal} would convert it unsafely (2.7 into an integer matrix is 2).
 */
public record FillDiagonal() implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable a = inputs.get(0);
    Variable val = inputs.get(1);
    if (a.ndim() != 2) {
      throw new IllegalArgumentException("fill_diagonal needs a matrix, got rank " + a.ndim()
          + " " + a.type().shapeString());
    }
    if (val.ndim() != 0) {
      throw new IllegalArgumentException("fill_diagonal: val must be a scalar, got rank "
          + val.ndim() + " " + val.type().shapeString());
    }
    if (!val.dtype().canCastSafelyTo(a.dtype())) {
      throw new IllegalArgumentException("fill_diagonal: val of dtype " + val.dtype()
          + " does not fit the " + a.dtype() + " matrix without changing its dtype (expected "
          + "a val of a dtype that casts safely to " + a.dtype() + "); cast it first, e.g. "
          + "T.cast(val, DType." + a.dtype().name() + "), which truncates a float toward zero "
          + "as NumPy's fill_diagonal does");
    }
    return List.of(a.type());
  }

  /**
   * Theano's {@code fill_diagonal}: a copy of the matrix {@code a} with its main diagonal
   * ({@code min(rows, cols)} elements) set to the scalar {@code val}; a Java number takes
   * {@code a}'s dtype where exact.
   */
  @Api
  static Variable fillDiagonal(Variable a, Object val) {
    return T.node(new FillDiagonal(), a, T.asTensor(val, a));
  }
}
