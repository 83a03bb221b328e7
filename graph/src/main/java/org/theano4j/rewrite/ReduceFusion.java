package org.theano4j.rewrite;

import org.theano4j.graph.Apply;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.FusedReduce;
import org.theano4j.tensor.Reduce;

/**
 * Reduction fusion (Theano/PyTensor's {@code local_careduce_fusion}): a sum, mean, product,
 * maximum or minimum of an elementwise node's float result that nothing else reads (not a
 * graph output either) becomes one {@link FusedReduce} of the elementwise node's inputs: one
 * pass over the inputs instead of writing the elementwise array and reading it again. Each
 * input must either have the elementwise result's broadcasting pattern (no broadcasting in
 * the elementwise node) or be a value with only length-1 axes (a scalar, a constant such as
 * autodiff's {@code 2}), which the kernels read once. Runs after elementwise fusion, in its
 * own phase, so that the elementwise node is the whole fused group.
 */
final class ReduceFusion {
  private ReduceFusion() {}

  /** The rule's name, for {@code excluding}. */
  static final String NAME = "fuse-reduce";

  /** The phase's name. */
  static final String PHASE_NAME = "reduce-fusion";

  static final Rule RULE = Rule.of(NAME, Reduce.class, ReduceFusion::fuse);

  static final Phase PHASE = Phase.of(PHASE_NAME, RULE);

  private static Variable fuse(Apply node, RewriteContext ctx) {
    Reduce op = (Reduce) node.op();
    Variable y = node.input(0);
    Apply e = y.owner();
    boolean kind = switch (op.kind()) {
      case SUM, MEAN, PROD, MAX, MIN -> true;
      case ALL, ANY -> false;
    };
    if (!kind || e == null || !(e.op() instanceof Elemwise) || !y.dtype().isFloat()
        || ctx.clients(y) != 1 || ctx.isOutput(y)) {
      return null;
    }
    for (Variable x : e.inputs()) {
      if (!unbroadcast(x, y.type()) && !onlyLengthOne(x.type())) {
        return null;
      }
    }
    Variable fused = Patterns.node(node.site(),
        new FusedReduce(op, ((Elemwise) e.op()).scalar()), e.inputs().toArray(new Variable[0]));
    return Patterns.fits(fused, node.output(0)) ? fused : null;
  }

  /** True if {@code x} is not broadcast in a result of type {@code y}: same rank and pattern. */
  private static boolean unbroadcast(Variable x, TensorType y) {
    if (x.ndim() != y.ndim()) {
      return false;
    }
    for (int d = 0; d < y.ndim(); d++) {
      if (x.type().isBroadcastable(d) != y.isBroadcastable(d)) {
        return false;
      }
    }
    return true;
  }

  private static boolean onlyLengthOne(TensorType t) {
    for (int d = 0; d < t.ndim(); d++) {
      if (!t.isBroadcastable(d)) {
        return false;
      }
    }
    return true;
  }
}
