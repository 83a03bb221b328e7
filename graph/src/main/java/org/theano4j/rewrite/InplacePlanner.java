package org.theano4j.rewrite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.theano4j.compile.Backend;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * The in-place phase: decides which nodes may write their output into an input's buffer, and
 * schedules the updates that overwrite shared variables last. What a kernel may overwrite and
 * whether it returns fresh memory is the backend's to say ({@link Backend#inplace}); the
 * planner knows no op.
 *
 * <p>An intermediate input {@code v} may be overwritten by node {@code n} when: {@code v} is
 * computed by an op whose kernel returns fresh memory (so it aliases nothing), it is not a
 * graph output, every other reader of {@code v} runs before {@code n} and is an op whose kernel
 * returns fresh memory, and {@code v} has the output's dtype and broadcasting pattern (so, at
 * run time, its shape). An input that is also another operand of {@code n} is overwritten only
 * by a kernel that can write into any input (elementwise). A shared variable {@code W} may be
 * overwritten by the node computing its
 * update value {@code W ← f(W, ...)} when that value feeds nothing else, {@code W} is not an
 * output and every view of {@code W} (e.g. {@code W.T} in a gradient) is read only by ops
 * returning fresh memory that compute no update value, so that it is read before any update
 * is written (see {@code viewsDoneEarly}); such nodes run last, and the
 * interpreter checks them all before running any of them, so a failed call still leaves every
 * shared variable unchanged. Kernels fall back to a fresh array when the buffer's layout does
 * not fit, so the hints never change results.
 */
final class InplacePlanner {
  /** The name by which the phase is reported and excluded. */
  static final String NAME = "inplace";

  /** The phase; it reports how many nodes may write into an input. */
  static final Phase PHASE = Phase.whole(NAME, (g, ctx, fired) -> {
    FunctionGraph planned = plan(g, ctx.updateTargets(), ctx.backend());
    fired.put(NAME, planned.destroyMap().size());
    return planned;
  });

  private InplacePlanner() {}

  static FunctionGraph plan(FunctionGraph g, List<SharedVariable> updateTargets,
      Backend backend) {
    List<Apply> nodes = g.nodes();
    java.util.function.Function<Apply, InplaceInfo> info = n -> backend.inplace(n.op());
    // Per variable: its readers among the shared variables (for ordering the updates), and
    // whether a reader may return a view (computed once: linear, not quadratic, in the number
    // of readers).
    Map<Variable, List<Apply>> sharedReaders = new IdentityHashMap<>();
    Set<Variable> read = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Variable> readByView = Collections.newSetFromMap(new IdentityHashMap<>());
    Map<Variable, List<Apply>> readers = new IdentityHashMap<>();
    for (Apply n : nodes) {
      for (Variable v : n.inputs()) {
        read.add(v);
        readers.computeIfAbsent(v, k -> new ArrayList<>()).add(n);
        if (v instanceof SharedVariable) {
          sharedReaders.computeIfAbsent(v, k -> new ArrayList<>()).add(n);
        }
        if (!info.apply(n).fresh()) {
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
    // Pass 1: nodes that overwrite a shared variable with its own update value. They run last,
    // in an order where each still reads old values (orderUpdates).
    Map<Apply, Integer> destroy = new IdentityHashMap<>();
    List<Apply> last = new ArrayList<>();
    for (Apply n : nodes) {
      for (int idx : info.apply(n).candidates(n.inputs().size())) {
        Variable v = n.input(idx);
        if (v instanceof SharedVariable w && fitsOutput(v, n) && !occursElsewhere(n, idx, info.apply(n))
            && updateOf.get(n.output(0)) == w && outputUses.get(n.output(0)) == 1
            && !read.contains(n.output(0)) && !outputUses.containsKey(w)
            && (!readByView.contains(w)
                || viewsDoneEarly(w, readers, info, outputUses, updateOf))) {
          destroy.put(n, idx);
          last.add(n);
          break;
        }
      }
    }
    List<Apply> tail = orderUpdates(last, destroy, sharedReaders);
    Set<Apply> tailSet = Collections.newSetFromMap(new IdentityHashMap<>());
    tailSet.addAll(tail);
    List<Apply> order = new ArrayList<>(nodes.size());
    for (Apply n : nodes) {
      if (!tailSet.contains(n)) {
        order.add(n);
      }
    }
    order.addAll(tail);
    // Pass 2: intermediates, judged by the final order (a reader moved to the end with the
    // updates runs after every other node): n may overwrite v when it is v's last reader.
    Map<Variable, Apply> lastReader = new IdentityHashMap<>();
    for (Apply n : order) {
      for (Variable v : n.inputs()) {
        lastReader.put(v, n);
      }
    }
    for (Apply n : order) {
      if (destroy.containsKey(n)) {
        continue;
      }
      for (int idx : info.apply(n).candidates(n.inputs().size())) {
        Variable v = n.input(idx);
        if (fitsOutput(v, n) && !occursElsewhere(n, idx, info.apply(n)) && !v.isRoot()
            && info.apply(v.owner()).fresh() && !outputUses.containsKey(v)
            && !readByView.contains(v) && lastReader.get(v) == n) {
          destroy.put(n, idx);
          break;
        }
      }
    }
    if (destroy.isEmpty()) {
      return g;
    }
    return g.withSchedule(order, destroy);
  }

  /**
   * Whether every view of shared variable {@code w} (the output of a reader that may return a
   * view, e.g. {@code W.T}) is no graph output and is read only by nodes that return fresh
   * memory and compute no update value: such readers run before every node that overwrites a
   * shared variable (those run last), so they all read {@code w} before it is overwritten, and
   * none is an operand of the overwriting node.
   */
  private static boolean viewsDoneEarly(Variable w, Map<Variable, List<Apply>> readers,
      java.util.function.Function<Apply, InplaceInfo> info, Map<Variable, Integer> outputUses,
      Map<Variable, SharedVariable> updateOf) {
    for (Apply view : readers.getOrDefault(w, List.of())) {
      if (info.apply(view).fresh()) {
        continue;
      }
      for (Variable v : view.outputs()) {
        if (outputUses.containsKey(v) || updateOf.containsKey(v)) {
          return false;
        }
        for (Apply r : readers.getOrDefault(v, List.of())) {
          if (!info.apply(r).fresh() || updateOf.containsKey(r.output(0))) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /**
   * Orders the nodes that overwrite shared variables so that every one of them still reads old
   * values: a node that reads {@code W} must run before the node that overwrites {@code W}.
   * Updates are simultaneous ({@code {A: 2*A, B: 3*A + B}} reads the old A in both), so where
   * the "reads before overwrites" relation has a cycle ({@code {A: B + A, B: A + B}}), a node of
   * the cycle gives up its in-place write and computes a fresh array instead (it then runs with
   * the other nodes, before any overwrite). Returns the order of the nodes that keep their
   * in-place write; the others are removed from {@code destroy}.
   */
  private static List<Apply> orderUpdates(List<Apply> last, Map<Apply, Integer> destroy,
      Map<Variable, List<Apply>> sharedReaders) {
    Set<Apply> pending = Collections.newSetFromMap(new IdentityHashMap<>());
    pending.addAll(last);
    List<Apply> order = new ArrayList<>();
    List<Apply> queue = new ArrayList<>(last);
    while (!pending.isEmpty()) {
      Apply ready = null;
      for (Apply n : queue) {
        if (pending.contains(n) && !readByOtherPending(n, pending, destroy, sharedReaders)) {
          ready = n;
          break;
        }
      }
      if (ready == null) {
        // Every pending overwrite is still read by another pending one: a cycle. Drop the
        // in-place write of the first pending node; its fresh result is committed as usual.
        for (Apply n : queue) {
          if (pending.remove(n)) {
            destroy.remove(n);
            break;
          }
        }
        continue;
      }
      pending.remove(ready);
      order.add(ready);
    }
    return order;
  }

  /** Whether a pending node other than {@code n} reads the shared variable {@code n} overwrites. */
  private static boolean readByOtherPending(Apply n, Set<Apply> pending,
      Map<Apply, Integer> destroy, Map<Variable, List<Apply>> sharedReaders) {
    Variable target = n.input(destroy.get(n));
    for (Apply r : sharedReaders.getOrDefault(target, List.of())) {
      if (r != n && pending.contains(r)) {
        return true;
      }
    }
    return false;
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

  /**
   * Whether input {@code idx} is also another operand of {@code n} that a kernel which does not
   * write into any input (GEMM reads x and y while writing its bias) would read while writing.
   */
  private static boolean occursElsewhere(Apply n, int idx, InplaceInfo info) {
    if (info.anyInput()) {
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
