package org.theano4j.rewrite;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.Alloc;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.ShapeI;

/**
 * Theano's {@code local_alloc_elemwise}, {@code local_useless_alloc} and (for allocs)
 * {@code local_fill_sink}: an {@code Alloc} that only spells out a broadcast is not
 * materialised. Every rule fires only when the shapes involved are <em>proven</em> equal
 * (a {@code Shape_i} of the very variable, or equal static sizes) and the node's static type
 * stays identical; otherwise the {@code Alloc} stays, with its run-time shape check.
 */
final class AllocRules {
  private AllocRules() {}

  /**
   * {@code elemwise(..., alloc(v, d0, ..., dn), ..., y, ...)} where {@code y} is another
   * input whose shape is proven to be {@code (d0, ..., dn)} becomes
   * {@code elemwise(..., v, ..., y, ...)}: the elementwise node broadcasts {@code v} itself.
   * {@code v} must broadcast statically (each of its sizes 1 or the known size of that axis),
   * so no shape check of the {@code Alloc} is lost.
   */
  static final Rule ALLOC_ELEMWISE = Rule.of("alloc-elemwise", Elemwise.class, (node, ctx) -> {
    List<Variable> ins = node.inputs();
    for (int i = 0; i < ins.size(); i++) {
      Apply alloc = allocOf(ins.get(i));
      if (alloc == null) {
        continue;
      }
      for (int j = 0; j < ins.size(); j++) {
        if (j != i && allocOf(ins.get(j)) == null && shapeIs(alloc, ins.get(j))
            && valueBroadcastsTo(alloc.input(0), ins.get(j))) {
          List<Variable> replaced = new ArrayList<>(ins);
          replaced.set(i, alloc.input(0));
          Variable r = Patterns.node(node.site(), node.op(),
              replaced.toArray(new Variable[0]));
          return r.type().equals(node.output(0).type()) ? r : null;
        }
      }
    }
    return null;
  });

  /**
   * {@code alloc(v, d0, ..., dn)} where {@code v} already has the shape {@code (d0, ..., dn)}
   * (proven) becomes {@code v}. Not for a graph output (it would alias its value).
   */
  static final Rule USELESS_ALLOC = Rule.of("useless-alloc", Alloc.class, (node, ctx) -> {
    Variable v = node.input(0);
    if (ctx.isOutput(node.output(0)) || !shapeIs(node, v)
        || !v.type().equals(node.output(0).type())) {
      return null;
    }
    return v;
  });

  /**
   * {@code elemwise(alloc(v, d...), s...)} where every other input {@code s} has only
   * length-1 axes (a scalar, a constant like {@code 2}) becomes
   * {@code alloc(elemwise(v, s...), d...)}: the elementwise work is done once on {@code v}
   * instead of on every element of the filled array, and the {@code Alloc} moves outwards,
   * where {@code alloc-elemwise} can remove it. Only when the {@code Alloc} feeds nothing else
   * (else it would be filled twice).
   */
  static final Rule ALLOC_SINK = Rule.of("alloc-sink", Elemwise.class, (node, ctx) -> {
    List<Variable> ins = node.inputs();
    int at = -1;
    for (int i = 0; i < ins.size(); i++) {
      Variable in = ins.get(i);
      if (allocOf(in) != null && at < 0) {
        at = i;
      } else if (!allOnes(in)) {
        return null;
      }
    }
    if (at < 0 || ctx.clients(ins.get(at)) != 1 || ctx.isOutput(ins.get(at))) {
      return null;
    }
    Apply alloc = allocOf(ins.get(at));
    if (maxRank(ins, at) > alloc.inputs().size() - 1) {
      return null; // an input of higher rank than the Alloc's: the Alloc cannot hold the result
    }
    List<Variable> replaced = new ArrayList<>(ins);
    replaced.set(at, alloc.input(0));
    Variable value = Patterns.node(node.site(), node.op(), replaced.toArray(new Variable[0]));
    List<Variable> allocIns = new ArrayList<>(alloc.inputs());
    allocIns.set(0, value);
    Variable r = Patterns.node(node.site(), new Alloc(), allocIns.toArray(new Variable[0]));
    return r.type().equals(node.output(0).type()) ? r : null;
  });

  static List<Rule> all() {
    return List.of(USELESS_ALLOC, ALLOC_ELEMWISE, ALLOC_SINK);
  }

  private static Apply allocOf(Variable v) {
    Apply a = v.owner();
    return a != null && a.op() instanceof Alloc ? a : null;
  }

  /** True if every axis of {@code v} has static length 1 (a scalar too). */
  private static boolean allOnes(Variable v) {
    for (int k = 0; k < v.ndim(); k++) {
      if (v.type().dim(k) != 1) {
        return false;
      }
    }
    return true;
  }

  private static int maxRank(List<Variable> ins, int except) {
    int r = 0;
    for (int i = 0; i < ins.size(); i++) {
      if (i != except) {
        r = Math.max(r, ins.get(i).ndim());
      }
    }
    return r;
  }

  /**
   * True if {@code like}'s shape is proven equal to {@code alloc}'s requested shape: the same
   * rank, and each requested size is {@code Shape_i{k}(like)} or a constant equal to
   * {@code like}'s static size of axis k.
   */
  private static boolean shapeIs(Apply alloc, Variable like) {
    int nd = alloc.inputs().size() - 1;
    if (like.ndim() != nd) {
      return false;
    }
    for (int k = 0; k < nd; k++) {
      Variable d = alloc.input(k + 1);
      Apply owner = d.owner();
      boolean sameShapeI = owner != null && owner.op() instanceof ShapeI s && s.axis() == k
          && owner.input(0) == like;
      boolean sameConstant = d instanceof Constant c && d.ndim() == 0
          && like.type().dim(k) != UNKNOWN && c.value().getLong() == like.type().dim(k);
      if (!sameShapeI && !sameConstant) {
        return false;
      }
    }
    return true;
  }

  /**
   * True if {@code value} broadcasts to {@code like}'s shape without a run-time check: each of
   * its axes (aligned to the right) has static length 1 or {@code like}'s known length.
   */
  private static boolean valueBroadcastsTo(Variable value, Variable like) {
    int off = like.ndim() - value.ndim();
    if (off < 0) {
      return false;
    }
    for (int k = 0; k < value.ndim(); k++) {
      int vs = value.type().dim(k);
      int ls = like.type().dim(k + off);
      if (vs != 1 && (vs == UNKNOWN || vs != ls)) {
        return false;
      }
    }
    return true;
  }
}
