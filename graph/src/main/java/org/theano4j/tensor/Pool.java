package org.theano4j.tensor;

import java.util.List;
import org.theano4j.apigen.Api;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * Theano's {@code Pool} ({@code theano.tensor.signal.pool.pool_2d}): each window of the last
 * two axes of a float tensor (any leading axes) reduced to one element by {@code options}'
 * mode; the window geometry is {@link Pool2d}'s. Its gradients are the ops
 * {@link MaxPoolGrad} and {@link AveragePoolGrad}, as in Theano.
 */
public record Pool(Pool2d options) implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable x = inputs.get(0);
    options.checkInput(x, "input");
    return List.of(options.pooledType(x));
  }

  @Override
  public String describe() {
    return "Pool{" + options.describeOptions() + "}";
  }

  /**
   * Theano's {@code pool_2d(input, ws)}: max pooling of the last two axes of {@code input}
   * (float32 or float64, rank at least 2) with windows of {@code ws = {rows, cols}}, stride
   * = ws, no padding, partial windows at the border dropped ({@code ignore_border=True}).
   *
   * @throws IllegalArgumentException if {@code ws} does not have two entries
   */
  @Api
  static Variable pool2d(Variable input, int[] ws) {
    if (ws == null || ws.length != 2) {
      throw new IllegalArgumentException("pool2d of " + (input == null ? "null"
          : input.describe()) + ": ws must have 2 entries (rows, cols), got "
          + (ws == null ? "null" : java.util.Arrays.toString(ws)));
    }
    return pool2d(input, Pool2d.ws(ws[0], ws[1]));
  }

  /**
   * Theano's {@code pool_2d(input, ws, ignore_border, stride, pad, mode)} with the options
   * {@link Pool2d} (e.g. {@code Pool2d.ws(3, 3).stride(2, 2).pad(1, 1).mode("sum")}).
   */
  @Api
  static Variable pool2d(Variable input, Pool2d options) {
    return T.node(new Pool(options), input);
  }
}
