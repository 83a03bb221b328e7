package org.theano4j.rewrite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Op;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;

/**
 * Merging: two nodes with equal ops (ops are value records) and the same inputs become one;
 * equal constants (dtype, shape and elements) become one.
 */
final class MergeRules {
  private MergeRules() {}

  private record NodeKey(Op op, List<Variable> inputs) {}

  /**
   * A later node equal to an earlier one is replaced by the earlier one's outputs (nodes of any
   * op and any number of outputs).
   */
  static final Rule NODES = Rule.multi("merge-nodes", Set.of(), (node, ctx) -> {
    Map<NodeKey, Apply> seen = ctx.passState("merge-nodes", HashMap::new);
    Apply earlier = seen.putIfAbsent(new NodeKey(node.op(), node.inputs()), node);
    return earlier == null ? null : earlier.outputs();
  });

  /** Constants equal to an earlier constant are replaced by it (nodes of any op). */
  static final Rule CONSTANTS = Rule.multi("merge-constants", Set.of(), (node, ctx) -> {
    // NDArray equality is by dtype, shape and elements.
    Map<NDArray, Constant> seen = ctx.passState("merge-constants", HashMap::new);
    List<Variable> ins = new ArrayList<>(node.inputs());
    boolean changed = false;
    for (int i = 0; i < ins.size(); i++) {
      if (ins.get(i) instanceof Constant c && c.value().size() <= 100_000) {
        Constant canon = seen.computeIfAbsent(c.value(), k -> c);
        if (canon != c) {
          ins.set(i, canon);
          changed = true;
        }
      }
    }
    return changed ? node.cloneWith(ins).outputs() : null;
  });
}
