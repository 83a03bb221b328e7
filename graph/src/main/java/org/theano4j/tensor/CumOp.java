package org.theano4j.tensor;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.apigen.Api;

/**
 * NumPy's {@code cumsum} ({@code product} false) or {@code cumprod} along {@code axis}
 * (non-negative; {@link T#cumsum(Variable)} flattens first for NumPy's {@code axis=None}).
 * The output has the input's shape; its dtype follows NumPy's sum rule
 * ({@link ReduceKind#outputDType}): bool and integers accumulate in int64, floats in their own
 * dtype.
 */
public record CumOp(boolean product, int axis) implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable x = inputs.get(0);
    if (axis < 0 || axis >= x.ndim()) {
      throw new IllegalArgumentException((product ? "cumprod" : "cumsum") + ": axis " + axis
          + " is out of range for rank " + x.ndim());
    }
    return List.of(new TensorType(outputDType(x.dtype()), x.type().shape()));
  }

  /** The dtype of the result for an input of {@code in}. */
  public DType outputDType(DType in) {
    return (product ? ReduceKind.PROD : ReduceKind.SUM).outputDType(in);
  }

  /**
   * The value a float line's running total starts from, before its first element: 1 for a
   * product; for a sum {@code -0.0}, IEEE's additive identity ({@code -0.0 + x == x} for every
   * x, {@code -0.0} included, where {@code 0.0 + -0.0} is {@code +0.0}), so the first element
   * comes out as it is, as NumPy's ({@code np.cumsum([-0.0])} is {@code [-0.0]}). Every
   * backend starts from it.
   */
  public double floatStart() {
    return product ? 1.0 : -0.0;
  }

  @Override
  public String describe() {
    return (product ? "CumProd" : "CumSum") + "{axis=" + axis + "}";
  }

  /** NumPy's {@code cumsum(x)}: the running sum of the flattened tensor. */
  @Api
  static Variable cumsum(Variable x) {
    return cumsum(T.flatten(x), 0);
  }

  /**
   * NumPy's {@code cumsum(x, axis)} (a negative axis counts from the end): bool and integers
   * accumulate in int64, as {@link T#sum}.
   */
  @Api
  static Variable cumsum(Variable x, int axis) {
    return T.node(new CumOp(false, T.normaliseAxes(x, new int[] {axis}).get(0)), x);
  }

  /** NumPy's {@code cumprod(x)}: the running product of the flattened tensor. */
  @Api
  static Variable cumprod(Variable x) {
    return cumprod(T.flatten(x), 0);
  }

  /** NumPy's {@code cumprod(x, axis)}; bool and integers accumulate in int64, as {@link T#prod}. */
  @Api
  static Variable cumprod(Variable x, int axis) {
    return T.node(new CumOp(true, T.normaliseAxes(x, new int[] {axis}).get(0)), x);
  }
}
