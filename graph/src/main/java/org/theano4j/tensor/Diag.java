package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.apigen.Api;

/**
 * NumPy's {@code diag}: a vector of length {@code n} becomes the {@code n x n} matrix with it
 * on the main diagonal (zeros elsewhere); an {@code m x n} matrix gives its main diagonal, a
 * vector of length {@code min(m, n)} (a new array).
 */
public record Diag() implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable x = inputs.get(0);
    int[] s = x.type().shape();
    if (s.length == 1) {
      return List.of(new TensorType(x.dtype(), s[0], s[0]));
    }
    if (s.length == 2) {
      int n = s[0] == UNKNOWN || s[1] == UNKNOWN ? UNKNOWN : Math.min(s[0], s[1]);
      return List.of(new TensorType(x.dtype(), n));
    }
    throw new IllegalArgumentException("diag needs a vector or a matrix, got rank "
        + s.length);
  }

  /**
   * NumPy's {@code diag}: a vector becomes the square matrix with it on the diagonal; a matrix
   * gives its main diagonal as a vector.
   */
  @Api
  static Variable diag(Variable x) {
    return T.node(new Diag(), x);
  }
}
