package org.theano4j.tensor;

import java.util.List;
import org.theano4j.apigen.Api;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/**
 * Theano's {@code conv2d(input, filters)} ({@code theano.tensor.nnet.conv2d}): input
 * {@code (batch, channels, rows, cols)}, filters {@code (out, channels / num_groups, rows,
 * cols)}, output {@code (batch, out, out_rows, out_cols)}; the options and the geometry are
 * {@link Conv2dOptions} and {@link ConvGeometry}. float32 or float64 (both inputs of one
 * dtype), as Theano's convolution implementations require.
 *
 * @param options border mode, subsample, dilation, groups and flip
 */
public record Conv2d(Conv2dOptions options) implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable x = inputs.get(0);
    Variable f = inputs.get(1);
    requireRank4("conv2d", "input", x);
    requireRank4("conv2d", "filters", f);
    requireFloats("conv2d", "input", x, "filters", f);
    ConvGeometry g = ConvGeometry.of(x.type().shape(), f.type().shape(), options);
    return List.of(new TensorType(x.dtype(), g.outputShape()));
  }

  @Override
  public String describe() {
    return "Conv2d{" + options.theano() + "}";
  }

  /**
   * Theano's {@code conv2d(input, filters)} with the default options: a true (flipped)
   * convolution, border mode {@code valid}, stride 1. See {@link Conv2dOptions}.
   */
  @Api
  static Variable conv2d(Variable input, Variable filters) {
    return T.node(new Conv2d(Conv2dOptions.defaults()), input, filters);
  }

  /**
   * Theano's {@code conv2d(input, filters, border_mode=..., subsample=..., filter_flip=...,
   * filter_dilation=..., num_groups=...)}: input {@code (batch, channels, rows, cols)},
   * filters {@code (out, channels / num_groups, rows, cols)}, both float32 or both float64.
   */
  @Api
  static Variable conv2d(Variable input, Variable filters, Conv2dOptions options) {
    return T.node(new Conv2d(options), input, filters);
  }

  /** {@code v} must be a 4-d tensor. */
  static void requireRank4(String op, String what, Variable v) {
    if (v.ndim() != 4) {
      throw new IllegalArgumentException(op + ": " + what + " must be a 4-d tensor (batch, "
          + "channels, rows, cols), got rank " + v.ndim() + " " + v.type().shapeString());
    }
  }

  /** {@code a} and {@code b} must both be float32 or both float64. */
  static void requireFloats(String op, String aName, Variable a, String bName, Variable b) {
    for (Variable v : List.of(a, b)) {
      if (v.dtype() != DType.FLOAT32 && v.dtype() != DType.FLOAT64) {
        throw new IllegalArgumentException(op + ": " + (v == a ? aName : bName)
            + " must be float32 or float64 (Theano's convolutions are float only), got "
            + v.dtype() + "; cast it first, e.g. T.cast(x, DType.FLOAT32)");
      }
    }
    if (a.dtype() != b.dtype()) {
      throw new IllegalArgumentException(op + ": " + aName + " and " + bName + " must have "
          + "one dtype, got " + a.dtype() + " and " + b.dtype() + "; cast one first, e.g. "
          + "T.cast(" + bName + ", DType." + a.dtype().name() + ")");
    }
  }

  /** {@code v} must be an integer scalar (a spatial size given to a gradient op). */
  static Long requireSize(String op, String what, Variable v) {
    if (v.ndim() != 0 || !v.dtype().isInteger()) {
      throw new IllegalArgumentException(op + ": " + what + " must be an integer scalar, got "
          + v.type());
    }
    Long c = StaticShapes.constantLong(v);
    return c == null ? null : (long) ConvGeometry.spatialSize(op, what, c);
  }
}
