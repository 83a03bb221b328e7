package org.theano4j.rewrite;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.theano4j.graph.Apply;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.Composite;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.ScalarOp;

/**
 * Elementwise fusion: an elementwise node absorbs every elementwise producer whose output is
 * used by it alone (not by another node, not as a graph output) and has the node's
 * broadcasting pattern, recursively, into one {@code Elemwise(Composite)}. Nodes are visited
 * producers first, so one pass builds maximal groups. Producers that broadcast (a smaller
 * rank or a length-1 axis where the output has a longer one) stay separate: fusing them
 * would recompute them per output element.
 */
final class FusionRule {
  /** The most inputs a composite takes. */
  static final int MAX_INPUTS = 32;

  private FusionRule() {}

  static final Rule RULE = Rule.of("fuse-elemwise", FusionRule::fuse);

  private static Variable fuse(Apply node, RewriteContext ctx) {
    if (!(node.op() instanceof Elemwise)) {
      return null;
    }
    boolean any = false;
    for (Variable v : node.inputs()) {
      any |= fusable(v, node, ctx);
    }
    if (!any) {
      return null;
    }
    Builder b = new Builder(node, ctx);
    int result = b.emit(node);
    if (b.inputs.size() > MAX_INPUTS) {
      return null;
    }
    int arity = b.inputs.size();
    List<Composite.Step> program = new ArrayList<>();
    for (PendingStep s : b.steps) {
      List<Integer> args = new ArrayList<>();
      for (int ref : s.refs) {
        args.add(ref >= 0 ? arity + ref : -ref - 1);
      }
      program.add(new Composite.Step(s.op, args));
    }
    if (result != b.steps.size() - 1) {
      throw new IllegalStateException("the fused node's step must come last");
    }
    return Patterns.elemwise(node.site(), new Composite(arity, program),
        b.inputs.toArray(new Variable[0]));
  }

  /** True if {@code v}'s producer can be folded into {@code consumer}. */
  private static boolean fusable(Variable v, Apply consumer, RewriteContext ctx) {
    Apply p = v.owner();
    return p != null && p.op() instanceof Elemwise && p.outputs().size() == 1
        && ctx.clients(v) == 1 && !ctx.isOutput(v)
        && samePattern(v.type(), consumer.output(0).type());
  }

  private static boolean samePattern(TensorType a, TensorType b) {
    if (a.ndim() != b.ndim()) {
      return false;
    }
    for (int d = 0; d < a.ndim(); d++) {
      if (a.isBroadcastable(d) != b.isBroadcastable(d)) {
        return false;
      }
    }
    return true;
  }

  /** A step whose operand refs are step indices (>= 0) or -(input index) - 1. */
  private record PendingStep(ScalarOp op, int[] refs) {}

  /** Collects the group's inputs (deduplicated) and steps in dependency order. */
  private static final class Builder {
    final List<Variable> inputs = new ArrayList<>();
    final Map<Variable, Integer> inputIndex = new IdentityHashMap<>();
    final List<PendingStep> steps = new ArrayList<>();
    final Apply root;
    final RewriteContext ctx;

    Builder(Apply root, RewriteContext ctx) {
      this.root = root;
      this.ctx = ctx;
    }

    /** Emits {@code node}'s computation; returns the step index of its result. */
    int emit(Apply node) {
      int[] refs = new int[node.inputs().size()];
      for (int i = 0; i < refs.length; i++) {
        Variable v = node.input(i);
        refs[i] = fusable(v, root, ctx) && (node == root || fusable(v, node, ctx))
            ? emit(v.owner()) : -input(v) - 1;
      }
      ScalarOp op = ((Elemwise) node.op()).scalar();
      if (!(op instanceof Composite c)) {
        steps.add(new PendingStep(op, refs));
        return steps.size() - 1;
      }
      // Inline a composite: its operand k < arity is refs[k], its step j is a new step.
      int[] map = new int[c.arity() + c.program().size()];
      for (int k = 0; k < c.arity(); k++) {
        map[k] = refs[k];
      }
      for (int j = 0; j < c.program().size(); j++) {
        Composite.Step s = c.program().get(j);
        int[] r = new int[s.args().size()];
        for (int k = 0; k < r.length; k++) {
          r[k] = map[s.args().get(k)];
        }
        steps.add(new PendingStep(s.op(), r));
        map[c.arity() + j] = steps.size() - 1;
      }
      return steps.size() - 1;
    }

    int input(Variable v) {
      return inputIndex.computeIfAbsent(v, k -> {
        inputs.add(k);
        return inputs.size() - 1;
      });
    }
  }
}
