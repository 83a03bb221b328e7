package org.theano4j.compile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.IfElse;

/**
 * The lazy schedule of a graph with {@link IfElse} nodes, shared by the JVM and CUDA backends
 * (and by the gradient, which keeps the backward pass of a branch inside the branch).
 *
 * <p>A node is <em>guarded</em> by a branch, a condition variable {@code c} and a side (then or
 * else), when every use of its outputs leads only to that side's inputs of IfElse nodes whose
 * condition is {@code c}: no graph output, no other consumer. A call runs a guarded node only
 * if each of its guards holds (condition nonzero for then, zero for else), so the branch not
 * taken is never computed. A node used by both branches, or by anything else, is not guarded
 * and always runs. The schedule is the graph's own order, except that a guarded node waits
 * until its conditions are computed (a stable topological order with that extra dependency);
 * a graph without guarded nodes keeps its order exactly.
 */
public final class LazyBranches {
  /** One branch: the condition variable and the side. */
  public record Guard(Variable cond, boolean then) {
    /** True if a call with this condition value takes this branch. */
    boolean holds(boolean condition) {
      return condition == then;
    }
  }

  private final List<Apply> order;
  /** Per step of {@link #order}, its guards (empty for a node that always runs). */
  private final List<List<Guard>> guards;

  private LazyBranches(List<Apply> order, List<List<Guard>> guards) {
    this.order = order;
    this.guards = guards;
  }

  /** The lazy schedule of {@code graph} (its own order when no node is guarded). */
  public static LazyBranches of(FunctionGraph graph) {
    List<Apply> nodes = graph.nodes();
    Map<Apply, List<Guard>> g = guards(nodes, graph.outputs());
    if (g.isEmpty()) {
      return new LazyBranches(List.copyOf(nodes), Collections.nCopies(nodes.size(), List.of()));
    }
    List<Apply> order = schedule(nodes, g);
    if (order == null) {
      // not expected (a condition never depends on the nodes it guards); run eagerly
      return new LazyBranches(List.copyOf(nodes), Collections.nCopies(nodes.size(), List.of()));
    }
    List<List<Guard>> perStep = new ArrayList<>();
    for (Apply a : order) {
      perStep.add(g.getOrDefault(a, List.of()));
    }
    return new LazyBranches(List.copyOf(order), perStep);
  }

  /**
   * The guards of each guarded node of {@code nodes} (in topological order) whose results are
   * {@code outputs}; nodes absent from the map always run.
   */
  public static Map<Apply, List<Guard>> guards(List<Apply> nodes,
      Collection<? extends Variable> outputs) {
    Set<Guard> branches = new LinkedHashSet<>();
    Map<Variable, List<Apply>> clients = new IdentityHashMap<>();
    for (Apply a : nodes) {
      if (a.op() instanceof IfElse) {
        branches.add(new Guard(a.input(0), true));
        branches.add(new Guard(a.input(0), false));
      }
      for (Variable v : a.inputs()) {
        clients.computeIfAbsent(v, k -> new ArrayList<>()).add(a);
      }
    }
    Set<Variable> results = Collections.newSetFromMap(new IdentityHashMap<>());
    results.addAll(outputs);
    Map<Apply, List<Guard>> out = new IdentityHashMap<>();
    for (Guard b : branches) {
      Set<Apply> inside = Collections.newSetFromMap(new IdentityHashMap<>());
      for (int m = nodes.size() - 1; m >= 0; m--) {
        Apply a = nodes.get(m);
        if (feedsOnly(a, b, inside, clients, results)) {
          inside.add(a);
          out.computeIfAbsent(a, k -> new ArrayList<>()).add(b);
        }
      }
    }
    return out;
  }

  /** True if every use of {@code a}'s outputs is inside branch {@code b} (and there is one). */
  private static boolean feedsOnly(Apply a, Guard b, Set<Apply> inside,
      Map<Variable, List<Apply>> clients, Set<Variable> results) {
    boolean used = false;
    for (Variable o : a.outputs()) {
      if (results.contains(o)) {
        return false;
      }
      for (Apply c : clients.getOrDefault(o, List.of())) {
        used = true;
        if (inside.contains(c)) {
          continue;
        }
        if (!(c.op() instanceof IfElse op) || c.input(0) != b.cond()) {
          return false;
        }
        for (int i = 0; i < c.inputs().size(); i++) {
          if (c.input(i) == o && !op.isBranchInput(i, b.then())) {
            return false;
          }
        }
      }
    }
    return used;
  }

  /**
   * A topological order of {@code nodes} as close to theirs as possible in which each guarded
   * node comes after the producers of its conditions; null if there is none.
   */
  private static List<Apply> schedule(List<Apply> nodes, Map<Apply, List<Guard>> guards) {
    Map<Apply, Integer> index = new IdentityHashMap<>();
    Map<Variable, Apply> producer = new IdentityHashMap<>();
    for (Apply a : nodes) {
      index.put(a, index.size());
      for (Variable o : a.outputs()) {
        producer.put(o, a);
      }
    }
    Map<Apply, List<Apply>> after = new HashMap<>();
    int[] waiting = new int[nodes.size()];
    for (Apply a : nodes) {
      Set<Apply> before = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Variable v : a.inputs()) {
        before.add(producer.get(v));
      }
      for (Guard g : guards.getOrDefault(a, List.of())) {
        before.add(producer.get(g.cond()));
      }
      before.remove(null);
      waiting[index.get(a)] = before.size();
      for (Apply p : before) {
        after.computeIfAbsent(p, k -> new ArrayList<>()).add(a);
      }
    }
    PriorityQueue<Apply> ready = new PriorityQueue<>((x, y) -> index.get(x) - index.get(y));
    for (Apply a : nodes) {
      if (waiting[index.get(a)] == 0) {
        ready.add(a);
      }
    }
    List<Apply> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      Apply a = ready.poll();
      order.add(a);
      for (Apply c : after.getOrDefault(a, List.of())) {
        if (--waiting[index.get(c)] == 0) {
          ready.add(c);
        }
      }
    }
    return order.size() == nodes.size() ? order : null;
  }

  /** The nodes in the order to run them. */
  public List<Apply> order() {
    return order;
  }

  /** True if some step may be skipped. */
  public boolean lazy() {
    return guards.stream().anyMatch(g -> !g.isEmpty());
  }

  /**
   * True if step {@code s} of {@link #order} is to be skipped: one of its branches is not
   * taken. {@code cond.apply(c)} is the truth of condition {@code c}, or null if the call did
   * not compute it (its node was skipped: then so is every node it guards).
   */
  public boolean skip(int s, Function<Variable, Boolean> cond) {
    for (Guard g : guards.get(s)) {
      Boolean c = cond.apply(g.cond());
      if (c == null || !g.holds(c)) {
        return true;
      }
    }
    return false;
  }
}
