package org.theano4j.autodiff;

import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;

/**
 * The backward rule of one op: from the gradients of the cost with respect to a node's
 * outputs, the gradients with respect to its inputs, as new graph nodes.
 *
 * <pre>{@code
 * // d(exp x) = exp x · dx, reusing the node's output
 * GradRule expRule = (node, gz) -> GradRule.of(gz.get(0).mul(node.output(0)));
 * }</pre>
 */
@FunctionalInterface
public interface GradRule {
  /**
   * One entry per input of {@code node}; an entry may be null for "no gradient" (an integer
   * input, or one the output does not depend on differentiably). The engine undoes nothing:
   * each returned gradient must have its input's rank and run-time shape;
   * the engine casts it to the input's dtype and adds up contributions.
   *
   * @param outputGrads one per output of {@code node}; null where the cost does not depend
   *     on that output
   */
  List<Variable> grads(Apply node, List<Variable> outputGrads);

  /** A list of gradients that may contain nulls. */
  static List<Variable> of(Variable... grads) {
    return java.util.Arrays.asList(grads);
  }
}
