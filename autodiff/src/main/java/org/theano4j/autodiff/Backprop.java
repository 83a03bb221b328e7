package org.theano4j.autodiff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.theano4j.graph.Graphs;
import org.theano4j.TheanoException;
import org.theano4j.compile.LazyBranches;
import org.theano4j.tensor.IfElse;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.T;

/**
 * One reverse-mode pass: toposort the graph of the starting variables, walk it backwards,
 * apply each node's rule and add up the contributions where a variable fans out.
 */
final class Backprop {
  private final Map<Variable, Variable> seeds;
  private final Set<Variable> constants;
  private final List<Apply> order;
  /** The branches (of IfElse nodes) each node of {@code order} lies inside. */
  private final Map<Apply, List<LazyBranches.Guard>> guards;

  /** @param seeds the starting variables and their gradients (the cost and 1, known grads) */
  Backprop(Map<Variable, Variable> seeds, Set<Variable> constants) {
    this.seeds = new LinkedHashMap<>(seeds);
    this.constants = constants;
    this.order = Graphs.toposort(new ArrayList<>(seeds.keySet()));
    this.guards = LazyBranches.guards(order, seeds.keySet());
  }

  /** The gradient of each of {@code wrt}, or null where nothing flows back to it. */
  Map<Variable, Variable> run(List<? extends Variable> wrt) {
    Set<Variable> relevant = dependents(wrt, true);
    Map<Variable, Variable> grads = new IdentityHashMap<>();
    seeds.forEach((v, g) -> accumulate(grads, v, g, "the seed of " + v.describe()));
    for (int n = order.size() - 1; n >= 0; n--) {
      Apply node = order.get(n);
      if (node.inputs().stream().noneMatch(relevant::contains)) {
        continue;
      }
      List<Variable> outGrads = new ArrayList<>();
      boolean any = false;
      for (Variable o : node.outputs()) {
        Variable g = constants.contains(o) ? null : grads.get(o);
        outGrads.add(g);
        any |= g != null;
      }
      if (!any || GradRules.kindOf(node) != GradRules.Kind.DIFFERENTIABLE) {
        continue;
      }
      List<Variable> inGrads = GradRules.ruleOf(node).grads(node, outGrads);
      if (inGrads.size() != node.inputs().size()) {
        throw new IllegalStateException("gradient rule of " + node.op().describe() + " gave "
            + inGrads.size() + " gradients for " + node.inputs().size() + " inputs");
      }
      for (int i = 0; i < inGrads.size(); i++) {
        Variable in = node.input(i);
        if (inGrads.get(i) != null && relevant.contains(in) && in.dtype().isFloat()) {
          accumulate(grads, in, confine(node, i, inGrads.get(i)),
              "the rule of " + node.op().describe());
        }
      }
    }
    Map<Variable, Variable> result = new IdentityHashMap<>();
    for (Variable w : wrt) {
      result.put(w, grads.get(w));
    }
    return result;
  }

  /**
   * The contribution {@code g} of {@code node} to its input {@code i}, kept inside every branch
   * the edge lies in and the input does not: {@code ifelse(cond, g, zeros_like(input))} for a
   * then-branch (zeros first for an else-branch), innermost branch first, so that the backward
   * pass of a branch is guarded by the branch's condition exactly as its forward pass.
   */
  private Variable confine(Apply node, int i, Variable g) {
    Variable in = node.input(i);
    List<LazyBranches.Guard> edge = new ArrayList<>(guards.getOrDefault(node, List.of()));
    if (node.op() instanceof IfElse op && i > 0) {
      edge.add(0, new LazyBranches.Guard(node.input(0), op.isBranchInput(i, true)));
    }
    List<LazyBranches.Guard> inner = in.owner() == null ? List.of()
        : guards.getOrDefault(in.owner(), List.of());
    if (g.ndim() != in.ndim()) {
      return g; // accumulate names the rule's mistake
    }
    Variable out = g;
    for (LazyBranches.Guard b : edge) {
      if (!inner.contains(b)) {
        out = GradSupport.castTo(out, in.dtype());
        Variable zeros = T.zerosLike(in);
        out = b.then() ? T.ifelse(b.cond(), out, zeros) : T.ifelse(b.cond(), zeros, out);
      }
    }
    return out;
  }

  private static void accumulate(Map<Variable, Variable> grads, Variable v, Variable g,
      String from) {
    if (g.ndim() != v.ndim()) {
      throw new IllegalStateException(from + " gave a gradient of rank " + g.ndim() + " for "
          + v.describe());
    }
    Variable gc = GradSupport.castTo(g, v.dtype());
    grads.merge(v, gc, T::add);
  }

  /**
   * True if some starting variable depends on {@code w} through edges that carry a gradient
   * (not through shape queries, {@code disconnectedGrad} or a considered-constant variable).
   */
  boolean isConnected(Variable w) {
    Set<Variable> dep = dependents(List.of(w), false);
    return seeds.keySet().stream().anyMatch(dep::contains);
  }

  /**
   * The variables that depend on any of {@code roots}, including them. Disconnected edges
   * never count; with {@code forWalk} every other edge does (the backward walk may skip the
   * rest), otherwise edges through considered-constant variables do not either.
   */
  private Set<Variable> dependents(List<? extends Variable> roots, boolean forWalk) {
    Set<Variable> dep = Collections.newSetFromMap(new IdentityHashMap<>());
    dep.addAll(roots);
    for (Apply node : order) {
      if (node.inputs().stream().noneMatch(dep::contains)
          || GradRules.kindOf(node) == GradRules.Kind.DISCONNECTED) {
        continue;
      }
      for (Variable o : node.outputs()) {
        if (forWalk || !constants.contains(o)) {
          dep.add(o);
        }
      }
    }
    return dep;
  }
}
