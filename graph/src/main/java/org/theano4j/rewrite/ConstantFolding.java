package org.theano4j.rewrite;

import org.theano4j.TheanoException;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.jvm.Kernels;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.ARange;
import org.theano4j.tensor.Alloc;

/**
 * Constant folding: a node whose inputs are all constants is evaluated now with the JVM
 * kernels and replaced by a constant. Results of more than {@link #MAX_ELEMENTS} elements are
 * left to run time (so are {@code arange}/{@code alloc} whose size is not known statically),
 * and so are nodes that fail: their error is reported by the call, with the user's line.
 */
final class ConstantFolding {
  /** The largest result folded. */
  static final int MAX_ELEMENTS = 100_000;

  private ConstantFolding() {}

  static final Rule RULE = Rule.of("constant-fold", (node, ctx) -> fold(node));

  private static Variable fold(Apply node) {
    if (node.inputs().isEmpty()) {
      return null;
    }
    for (Variable v : node.inputs()) {
      if (!(v instanceof Constant)) {
        return null;
      }
    }
    TensorType t = node.output(0).type();
    if (t.isFullyKnown() ? Shapes.size(t.shape()) > MAX_ELEMENTS
        : node.op() instanceof ARange || node.op() instanceof Alloc) {
      return null;
    }
    NDArray[] in = new NDArray[node.inputs().size()];
    for (int i = 0; i < in.length; i++) {
      in[i] = ((Constant) node.input(i)).value();
    }
    NDArray out;
    try {
      out = Kernels.forNode(node).run(node, in)[0];
    } catch (TheanoException | IllegalArgumentException | IndexOutOfBoundsException
        | ArithmeticException | UnsupportedOperationException e) {
      // No kernel, or the node fails on these values: leave it to run time, where the
      // error names the node and the user's line.
      return null;
    }
    if (out.size() > MAX_ELEMENTS || out.dtype() != t.dtype()) {
      return null;
    }
    return new Constant(out, null);
  }
}
