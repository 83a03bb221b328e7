package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.List;
import org.theano4j.apigen.Api;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * Theano's {@code conv2d_grad_wrt_weights}: the gradient of {@code conv2d(input, filters,
 * options)} with respect to the filters, given the input and the gradient of the output.
 * Inputs {@code (input, grad, rows, cols)}, the last two the filters' spatial size as integer
 * scalars.
 *
 * @param options the convolution's options
 */
public record Conv2dGradWeights(Conv2dOptions options) implements Op {
  static final String NAME = "conv2d_grad_wrt_weights";

  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable x = inputs.get(0);
    Variable grad = inputs.get(1);
    Conv2d.requireRank4(NAME, "input", x);
    Conv2d.requireRank4(NAME, "grad", grad);
    Conv2d.requireFloats(NAME, "input", x, "grad", grad);
    Long rows = Conv2d.requireSize(NAME, "the filters' rows", inputs.get(2));
    Long cols = Conv2d.requireSize(NAME, "the filters' cols", inputs.get(3));
    int c = x.type().dim(1);
    int groups = options.numGroups();
    int[] filters = {grad.type().dim(1), c == UNKNOWN || c % groups != 0 ? UNKNOWN
        : c / groups, rows == null ? UNKNOWN : rows.intValue(),
        cols == null ? UNKNOWN : cols.intValue()};
    ConvGeometry g = ConvGeometry.of(x.type().shape(), filters, options);
    g.requireOutput(NAME, "grad", grad.type().shape());
    return List.of(new TensorType(x.dtype(), g.filterShape()));
  }

  @Override
  public String describe() {
    return "Conv2dGradWeights{" + options.theano() + "}";
  }

  /**
   * Theano's {@code conv2d_grad_wrt_weights(input, output_grad, filter_shape, ...)}: the
   * gradient of {@code T.conv2d(input, filters, options)} with respect to {@code filters}, for
   * filters of shape {@code filterShape} ({@code (out, channels / num_groups, rows, cols)};
   * the first two may be -1, they follow from {@code grad} and {@code input}).
   */
  @Api
  static Variable conv2dGradWeights(Variable input, Variable grad, int[] filterShape,
      Conv2dOptions options) {
    return conv2dGradWeights(input, grad, Conv2dGradInputs.boxed(NAME, filterShape), options);
  }

  /**
   * {@code conv2d_grad_wrt_weights} with a symbolic filter shape: four entries, each a number
   * or an integer scalar variable; the first two may be null.
   */
  @Api
  static Variable conv2dGradWeights(Variable input, Variable grad, List<?> filterShape,
      Conv2dOptions options) {
    Conv2dGradInputs.requireFour(NAME, "filter_shape", filterShape);
    Variable out = T.node(new Conv2dGradWeights(options), input, grad,
        Conv2dGradInputs.size(NAME, filterShape.get(2)),
        Conv2dGradInputs.size(NAME, filterShape.get(3)));
    Conv2dGradInputs.requireAgrees(NAME, "filter_shape", filterShape, out);
    return out;
  }
}
