package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

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
}
