package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.Arrays;
import java.util.List;
import org.theano4j.apigen.Api;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * Theano's {@code conv2d_grad_wrt_inputs}: the gradient of {@code conv2d(input, filters,
 * options)} with respect to its input, given the gradient of its output (the transposed
 * convolution). Inputs {@code (grad, filters, rows, cols)}: {@code grad} of the convolution's
 * output shape, the filters, and the input's spatial size as integer scalars (with a stride
 * above 1 several input sizes give one output size, so it cannot be inferred).
 *
 * @param options the convolution's options
 */
public record Conv2dGradInputs(Conv2dOptions options) implements Op {
  static final String NAME = "conv2d_grad_wrt_inputs";

  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable grad = inputs.get(0);
    Variable f = inputs.get(1);
    Conv2d.requireRank4(NAME, "grad", grad);
    Conv2d.requireRank4(NAME, "filters", f);
    Conv2d.requireFloats(NAME, "grad", grad, "filters", f);
    Long rows = Conv2d.requireSize(NAME, "the input's rows", inputs.get(2));
    Long cols = Conv2d.requireSize(NAME, "the input's cols", inputs.get(3));
    int cg = f.type().dim(1);
    int[] input = {grad.type().dim(0), cg == UNKNOWN ? UNKNOWN : cg * options.numGroups(),
        rows == null ? UNKNOWN : rows.intValue(), cols == null ? UNKNOWN : cols.intValue()};
    ConvGeometry g = ConvGeometry.of(input, f.type().shape(), options);
    g.requireOutput(NAME, "grad", grad.type().shape());
    return List.of(new TensorType(grad.dtype(), g.inputShape()));
  }

  @Override
  public String describe() {
    return "Conv2dGradInputs{" + options.theano() + "}";
  }

  /**
   * Theano's {@code conv2d_grad_wrt_inputs(output_grad, filters, input_shape, ...)}: the
   * gradient of {@code T.conv2d(input, filters, options)} with respect to {@code input} (the
   * transposed convolution), for an input of shape {@code inputShape} ({@code (batch,
   * channels, rows, cols)}; batch and channels may be -1, they follow from {@code grad} and
   * {@code filters}).
   */
  @Api
  static Variable conv2dGradInputs(Variable grad, Variable filters, int[] inputShape,
      Conv2dOptions options) {
    return conv2dGradInputs(grad, filters, boxed(NAME, inputShape), options);
  }

  /**
   * {@code conv2d_grad_wrt_inputs} with a symbolic input shape: four entries, each a number or
   * an integer scalar variable (e.g. {@code x.shape(2)}); batch and channels may be null.
   */
  @Api
  static Variable conv2dGradInputs(Variable grad, Variable filters, List<?> inputShape,
      Conv2dOptions options) {
    requireFour(NAME, "input_shape", inputShape);
    Variable out = T.node(new Conv2dGradInputs(options), grad, filters,
        size(NAME, inputShape.get(2)), size(NAME, inputShape.get(3)));
    requireAgrees(NAME, "input_shape", inputShape, out);
    return out;
  }

  static List<Object> boxed(String op, int[] shape) {
    if (shape == null) {
      throw new IllegalArgumentException(op + ": the shape must not be null");
    }
    Object[] b = new Object[shape.length];
    for (int i = 0; i < shape.length; i++) {
      b[i] = shape[i] < 0 ? null : (Object) shape[i];
    }
    return Arrays.asList(b);
  }

  static void requireFour(String op, String what, List<?> shape) {
    if (shape == null || shape.size() != 4) {
      throw new IllegalArgumentException(op + ": " + what + " must have 4 entries, got "
          + (shape == null ? "null" : shape.size() + " " + shape));
    }
    for (int i = 2; i < 4; i++) {
      if (shape.get(i) == null) {
        throw new IllegalArgumentException(op + ": " + what + "[" + i + "] (a spatial size) "
            + "must be given, got " + shape);
      }
    }
  }

  /** A spatial size: an int64 constant for a number, else the integer scalar variable. */
  static Variable size(String op, Object s) {
    if (s instanceof Variable) {
      return (Variable) s;
    }
    if (s instanceof Integer || s instanceof Long) {
      return T.constant(((Number) s).longValue());
    }
    throw new IllegalArgumentException(op + ": a spatial size must be an int, a long or an "
        + "integer scalar variable, got " + s + (s == null ? "" : " (" + s.getClass()
        .getSimpleName() + ")"));
  }

  /** The shape's numbers for the first two axes must be the node's static sizes, if known. */
  static void requireAgrees(String op, String what, List<?> shape, Variable out) {
    for (int d = 0; d < 2; d++) {
      Object s = shape.get(d);
      int known = out.type().dim(d);
      if (s instanceof Number && known != UNKNOWN && ((Number) s).intValue() != known) {
        throw new IllegalArgumentException(op + ": " + what + "[" + d + "] is " + s
            + " but the other arguments make it " + known + " (" + what + " " + shape
            + ", result " + out.type().shapeString() + ")");
      }
    }
  }
}
