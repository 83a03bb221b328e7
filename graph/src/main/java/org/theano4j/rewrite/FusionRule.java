package org.theano4j.rewrite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.Apply;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.Composite;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.ScalarOp;

/**
 * Elementwise fusion: connected groups of elementwise nodes become one
 * {@code Elemwise(Composite)} each.
 *
 * <p>At the first node of a pass the rule partitions the whole graph into groups, visiting
 * nodes consumers first: an elementwise node joins the group of its consumers when all of
 * them (every node reading its output) are in one group, it is not a graph output, it has the
 * group's broadcasting pattern, and the group stays within {@link #MAX_OPS} scalar steps and
 * {@link #MAX_INPUTS} inputs; otherwise it starts a group of its own. Producers that
 * broadcast (a smaller rank or a length-1 axis where the output has a longer one) stay
 * separate: fusing them would recompute them per output element. The rule then fires once
 * per group, at its last node, building the composite of the whole group in one go. Time and
 * memory are linear in the graph's size: no node is fused twice and no partial composite is
 * built (growing a composite one producer at a time copied it at every step, quadratic in the
 * length of an elementwise chain). A chain longer than the cap becomes several kernels; a
 * second pass finds nothing more to fuse, since each cut is where a group was full.
 */
final class FusionRule {
  /** The most inputs one fused kernel takes (a CUDA kernel passes each as a parameter). */
  static final int MAX_INPUTS = 32;

  /**
   * The most scalar steps one fused kernel runs: bounds the composite's program (and the CUDA
   * source generated from it) while keeping the per-element work far above the cost of
   * writing and re-reading an intermediate array.
   */
  static final int MAX_OPS = 256;

  private FusionRule() {}

  static final Rule RULE = Rule.of("fuse-elemwise", Elemwise.class, FusionRule::fuse);

  /** A group of the pass's graph: its last node, its size and its current inputs. */
  private static final class Group {
    final Apply root;
    int members = 1;
    int ops;
    final Set<Variable> inputs = Collections.newSetFromMap(new IdentityHashMap<>());

    Group(Apply root) {
      this.root = root;
      this.ops = steps(root);
      inputs.addAll(root.inputs());
    }
  }

  private static Variable fuse(Apply node, RewriteContext ctx) {
    if (!(node.op() instanceof Elemwise)) {
      return null;
    }
    Map<Apply, Group> groupOf = ctx.passState("fuse-elemwise", () -> partition(ctx));
    Apply old = ctx.original(node.output(0)).owner();
    Group g = groupOf.get(old);
    if (g == null || g.root != old || g.members == 1) {
      return null;
    }
    // Inputs are numbered in the order the walk meets them (the root's first input first).
    List<Variable> inputs = new ArrayList<>();
    Map<Variable, Integer> inputIndex = new IdentityHashMap<>();
    List<Apply> members = Graphs.toposort(List.of(node.output(0)),
        // (A member replaced by another rule of the phase is taken only if still elementwise.)
        a -> a.op() instanceof Elemwise && a.outputs().size() == 1
            && groupOf.get(ctx.original(a.output(0)).owner()) == g,
        v -> inputIndex.computeIfAbsent(v, k -> {
          inputs.add(k);
          return inputs.size() - 1;
        }));
    return build(node, members, inputs, inputIndex);
  }

  /** The group of every elementwise node of the pass's graph. */
  private static Map<Apply, Group> partition(RewriteContext ctx) {
    List<Apply> nodes = ctx.passNodes();
    Map<Variable, List<Apply>> readers = new IdentityHashMap<>();
    for (Apply a : nodes) {
      for (Variable v : a.inputs()) {
        readers.computeIfAbsent(v, k -> new ArrayList<>()).add(a);
      }
    }
    Map<Apply, Group> groupOf = new IdentityHashMap<>();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Apply a = nodes.get(i);
      if (!(a.op() instanceof Elemwise) || a.outputs().size() != 1) {
        continue;
      }
      Group g = consumersGroup(a.output(0), readers.get(a.output(0)), groupOf, ctx);
      if (g != null && hasRoomFor(g, a)) {
        g.members++;
        g.ops += steps(a);
        g.inputs.remove(a.output(0));
        g.inputs.addAll(a.inputs());
        groupOf.put(a, g);
      } else {
        groupOf.put(a, new Group(a));
      }
    }
    return groupOf;
  }

  /** The one group all readers of {@code v} are in, if {@code v} may join it; else null. */
  private static Group consumersGroup(Variable v, List<Apply> readers,
      Map<Apply, Group> groupOf, RewriteContext ctx) {
    if (readers == null || ctx.isOutput(v)) {
      return null;
    }
    Group g = groupOf.get(readers.get(0));
    for (Apply r : readers) {
      if (groupOf.get(r) != g) {
        return null;
      }
    }
    return g != null && samePattern(v.type(), g.root.output(0).type()) ? g : null;
  }

  /** True if {@code g} stays within the caps with {@code a} added. */
  private static boolean hasRoomFor(Group g, Apply a) {
    if (g.ops + steps(a) > MAX_OPS) {
      return false;
    }
    int inputs = g.inputs.size() - 1;
    for (int i = 0; i < a.inputs().size(); i++) {
      Variable v = a.input(i);
      if (!g.inputs.contains(v) && a.inputs().subList(0, i).stream().noneMatch(u -> u == v)) {
        inputs++;
      }
    }
    return inputs <= MAX_INPUTS;
  }

  /** The scalar steps an elementwise node runs. */
  private static int steps(Apply a) {
    return ((Elemwise) a.op()).scalar() instanceof Composite c ? c.program().size() : 1;
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

  /**
   * The composite of {@code members} (the group's nodes in topological order, {@code root}
   * last) applied to {@code inputs} (every input of a member that no member computes, indexed
   * by {@code inputIndex}); null if it would exceed the input cap.
   */
  private static Variable build(Apply root, List<Apply> members, List<Variable> inputs,
      Map<Variable, Integer> inputIndex) {
    Map<Variable, Integer> stepOf = new IdentityHashMap<>();
    // Operand refs: a step index (>= 0) or -(input index) - 1, resolved once the arity is known.
    List<ScalarOp> ops = new ArrayList<>();
    List<int[]> refs = new ArrayList<>();
    for (Apply m : members) {
      int[] r = new int[m.inputs().size()];
      for (int i = 0; i < r.length; i++) {
        Variable v = m.input(i);
        Integer step = stepOf.get(v);
        r[i] = step != null ? step : -inputIndex.get(v) - 1;
      }
      ScalarOp op = ((Elemwise) m.op()).scalar();
      if (op instanceof Composite c) {
        // Inline: the composite's operand k < arity is r[k], its step j a new step.
        int[] map = new int[c.arity() + c.program().size()];
        System.arraycopy(r, 0, map, 0, c.arity());
        for (int j = 0; j < c.program().size(); j++) {
          Composite.Step s = c.program().get(j);
          int[] sr = new int[s.args().size()];
          for (int k = 0; k < sr.length; k++) {
            sr[k] = map[s.args().get(k)];
          }
          ops.add(s.op());
          refs.add(sr);
          map[c.arity() + j] = ops.size() - 1;
        }
      } else {
        ops.add(op);
        refs.add(r);
      }
      stepOf.put(m.output(0), ops.size() - 1);
    }
    if (inputs.size() > MAX_INPUTS || members.get(members.size() - 1) != root) {
      return null;
    }
    int arity = inputs.size();
    List<Composite.Step> program = new ArrayList<>(ops.size());
    for (int k = 0; k < ops.size(); k++) {
      List<Integer> args = new ArrayList<>(refs.get(k).length);
      for (int ref : refs.get(k)) {
        args.add(ref >= 0 ? arity + ref : -ref - 1);
      }
      program.add(new Composite.Step(ops.get(k), args));
    }
    return Patterns.elemwise(root.site(), new Composite(arity, program),
        inputs.toArray(new Variable[0]));
  }
}
