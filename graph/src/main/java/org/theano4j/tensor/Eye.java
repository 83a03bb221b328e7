package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.apigen.Api;
import org.theano4j.Theano;

/**
 * {@code eye(n, m, k)} of {@code dtype}: an {@code n x m} matrix with ones on diagonal
 * {@code k} (0 the main one, positive above, negative below) and zeros elsewhere, from three
 * integer scalars, as NumPy's {@code eye}.
 */
public record Eye(DType dtype) implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    String[] what = {"n", "m", "k"};
    for (int i = 0; i < 3; i++) {
      StaticShapes.requireScalar(inputs.get(i), "eye " + what[i]);
      StaticShapes.requireInteger(inputs.get(i), "eye " + what[i]);
    }
    return List.of(new TensorType(dtype, staticDim(inputs.get(0), "n"),
        staticDim(inputs.get(1), "m")));
  }

  private static int staticDim(Variable v, String what) {
    Long c = StaticShapes.constantLong(v);
    if (c == null) {
      return UNKNOWN;
    }
    return checkDim(c, what);
  }

  /** A dimension of the result, checked: non-negative and an int (shared with the kernels). */
  public static int checkDim(long v, String what) {
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("eye: " + what + " is " + v
          + "; dimensions must be non-negative");
    }
    return (int) v;
  }

  @Override
  public String describe() {
    return "Eye{" + dtype + "}";
  }

  /** The {@code n x n} identity matrix of {@link Theano#floatX()}. */
  @Api
  static Variable eye(Object n) {
    return eye(n, n, 0);
  }

  /**
   * The {@code n x m} matrix of {@link Theano#floatX()} with ones on diagonal {@code k}
   * (positive above the main one, negative below), as NumPy's {@code eye(n, m, k)}.
   */
  @Api
  static Variable eye(Object n, Object m, Object k) {
    return eye(n, m, k, Theano.floatX());
  }

  /** {@link #eye(Object, Object, Object)} of {@code dtype}. */
  @Api
  static Variable eye(Object n, Object m, Object k, DType dtype) {
    return T.node(new Eye(dtype), T.asTensor(n, null), T.asTensor(m, null),
        T.asTensor(k, null));
  }
}
