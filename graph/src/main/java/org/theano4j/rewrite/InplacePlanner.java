package org.theano4j.rewrite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.ArgReduce;
import org.theano4j.tensor.BatchedDot;
import org.theano4j.tensor.CrossentropyCategorical1Hot;
import org.theano4j.tensor.CrossentropySoftmax1Hot;
import org.theano4j.tensor.SoftmaxCrossentropy1Hot;
import org.theano4j.tensor.Dot;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.Gemm;
import org.theano4j.tensor.Reduce;
import org.theano4j.tensor.Softmax;

/**
 * The in-place phase: decides which elementwise and GEMM nodes may write their output into an
 * input's buffer, and schedules the updates that overwrite shared variables last.
 *
 * <p>An intermediate input {@code v} may be overwritten by node {@code n} when: {@code v} is
 * computed by an op known to return a fresh array (so it aliases nothing), it is not a graph
 * output, every other reader of {@code v} runs before {@code n} and is an op known not to
 * return a view, and {@code v} has the output's dtype and broadcasting pattern (so, at run
 * time, its shape). A shared variable {@code W} may be overwritten by the node computing its
 * update value {@code W ← f(W, ...)} when that value feeds nothing else, {@code W} is not an
 * output and every reader of {@code W} is a non-view op; such nodes run last, and the
 * interpreter checks them all before running any of them, so a failed call still leaves every
 * shared variable unchanged. Kernels fall back to a fresh array when the buffer's layout does
 * not fit, so the hints never change results.
 */
final class InplacePlanner {
  /** Ops whose JVM kernels always return a fresh array, never a view of an input. */
  private static final Set<Class<? extends Op>> FRESH = Set.of(Elemwise.class, Reduce.class,
      ArgReduce.class, Dot.class, BatchedDot.class, Gemm.class, Softmax.class,
      CrossentropyCategorical1Hot.class, CrossentropySoftmax1Hot.class,
      SoftmaxCrossentropy1Hot.class);

  private InplacePlanner() {}

  static FunctionGraph plan(FunctionGraph g, List<SharedVariable> updateTargets) {
    List<Apply> nodes = g.nodes();
    // Per variable: the position of its last reader, and whether a reader may return a view
    // (computed once, so a variable with many readers costs linear, not quadratic, time).
    Map<Apply, Integer> pos = new IdentityHashMap<>();
    Map<Variable, Integer> lastRead = new IdentityHashMap<>();
    Set<Variable> readByView = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < nodes.size(); i++) {
      Apply n = nodes.get(i);
      pos.put(n, i);
      for (Variable v : n.inputs()) {
        lastRead.put(v, i);
        if (!FRESH.contains(n.op().getClass())) {
          readByView.add(v);
        }
      }
    }
    Map<Variable, Integer> outputUses = new IdentityHashMap<>();
    for (Variable v : g.outputs()) {
      outputUses.merge(v, 1, Integer::sum);
    }
    Map<Variable, SharedVariable> updateOf = new IdentityHashMap<>();
    int first = g.userOutputCount();
    for (int i = 0; i < updateTargets.size(); i++) {
      updateOf.put(g.outputs().get(first + i), updateTargets.get(i));
    }
    Map<Apply, Integer> destroy = new IdentityHashMap<>();
    List<Apply> last = new ArrayList<>();
    for (Apply n : nodes) {
      for (int idx : candidates(n)) {
        Variable v = n.input(idx);
        if (!fitsOutput(v, n) || occursElsewhere(n, idx)) {
          continue;
        }
        boolean ok;
        if (v instanceof SharedVariable w) {
          ok = updateOf.get(n.output(0)) == w && outputUses.get(n.output(0)) == 1
              && !lastRead.containsKey(n.output(0)) && !outputUses.containsKey(w)
              && !readByView.contains(w);
        } else {
          // n reads v, so v's last reader is n or runs after it.
          ok = !v.isRoot() && FRESH.contains(v.owner().op().getClass())
              && !outputUses.containsKey(v) && !readByView.contains(v)
              && lastRead.get(v) == pos.get(n).intValue();
        }
        if (ok) {
          destroy.put(n, idx);
          if (v instanceof SharedVariable) {
            last.add(n);
          }
          break;
        }
      }
    }
    if (destroy.isEmpty()) {
      return g;
    }
    Set<Apply> lastSet = Collections.newSetFromMap(new IdentityHashMap<>());
    lastSet.addAll(last);
    List<Apply> order = new ArrayList<>(nodes.size());
    for (Apply n : nodes) {
      if (!lastSet.contains(n)) {
        order.add(n);
      }
    }
    order.addAll(last);
    return g.withSchedule(order, destroy);
  }

  /** The inputs a node may overwrite: any for elementwise ops, the bias for GEMM. */
  private static List<Integer> candidates(Apply n) {
    if (n.op() instanceof Gemm) {
      return List.of(2);
    }
    if (n.op() instanceof Elemwise) {
      List<Integer> all = new ArrayList<>();
      for (int i = 0; i < n.inputs().size(); i++) {
        all.add(i);
      }
      return all;
    }
    return List.of();
  }

  private static boolean fitsOutput(Variable v, Apply n) {
    TensorType in = v.type();
    TensorType out = n.output(0).type();
    if (in.dtype() != out.dtype() || in.ndim() != out.ndim()) {
      return false;
    }
    for (int d = 0; d < in.ndim(); d++) {
      if (in.isBroadcastable(d) != out.isBroadcastable(d)) {
        return false;
      }
    }
    return true;
  }

  /** GEMM reads x and y while writing: the bias must not also be one of them. */
  private static boolean occursElsewhere(Apply n, int idx) {
    if (!(n.op() instanceof Gemm)) {
      return false;
    }
    for (int i = 0; i < n.inputs().size(); i++) {
      if (i != idx && n.input(i) == n.input(idx)) {
        return true;
      }
    }
    return false;
  }
}
