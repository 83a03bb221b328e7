package org.theano4j.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.theano4j.TheanoException;

/**
 * Graph utilities used by compilation, rewriting, differentiation and printing, kept in one
 * place: topological order and simultaneous substitution.
 */
public final class Graphs {
  private Graphs() {}

  /** Nodes computing {@code outputs}, each after all of its inputs' nodes. */
  public static List<Apply> toposort(List<Variable> outputs) {
    return toposort(outputs, a -> true, v -> {});
  }

  /**
   * The nodes of {@code outputs} and, transitively, the producers of their inputs for which
   * {@code within} holds, each after all of its inputs' nodes among them: the walk does not go
   * past a producer outside {@code within}, so its cost is the size of the part returned.
   * {@code outside} is called, in the walk's order (each node's inputs in order, a producer
   * walked as soon as it is met), with every input of a returned node that is a root or whose
   * producer is outside {@code within}, at each of its uses.
   */
  public static List<Apply> toposort(List<Variable> outputs, Predicate<Apply> within,
      Consumer<Variable> outside) {
    List<Apply> order = new ArrayList<>();
    Set<Apply> done = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Apply> onStack = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Apply> stack = new ArrayDeque<>();
    Deque<Integer> next = new ArrayDeque<>();
    for (Variable out : outputs) {
      Apply root = out.owner();
      if (root == null || done.contains(root)) {
        continue;
      }
      stack.push(root);
      next.push(0);
      onStack.add(root);
      while (!stack.isEmpty()) {
        Apply a = stack.peek();
        int i = next.pop();
        if (i < a.inputs().size()) {
          next.push(i + 1);
          Apply child = a.input(i).owner();
          if (child == null || !within.test(child)) {
            outside.accept(a.input(i));
          } else if (!done.contains(child) && !onStack.contains(child)) {
            stack.push(child);
            next.push(0);
            onStack.add(child);
          }
        } else {
          stack.pop();
          onStack.remove(a);
          done.add(a);
          order.add(a);
        }
      }
    }
    return order;
  }

  /**
   * Replaces every given key by its replacement, simultaneously, rebuilding the nodes whose
   * inputs change (and only those); replacements themselves are not rewritten. Used for
   * {@code givens} and by graph-wide rewrites; an invalid rebuilt node is reported as
   * {@code "<cause> make the node ... invalid"}.
   */
  public static List<Variable> substitute(List<Variable> outputs,
      Map<? extends Variable, ? extends Variable> givens, String cause) {
    if (givens.isEmpty()) {
      return outputs;
    }
    Map<Variable, Variable> memo = new IdentityHashMap<>(givens);
    for (Apply a : toposort(outputs)) {
      if (memo.containsKey(a.output(0))) {
        continue;
      }
      Apply b = rebuild(a, memo, cause);
      if (b == a) {
        continue;
      }
      for (int i = 0; i < a.outputs().size(); i++) {
        b.output(i).setName(a.output(i).name());
        memo.putIfAbsent(a.output(i), b.output(i));
      }
    }
    List<Variable> out = new ArrayList<>(outputs.size());
    for (Variable v : outputs) {
      out.add(memo.getOrDefault(v, v));
    }
    return out;
  }

  /**
   * {@code a} rebuilt on its inputs replaced as {@code memo} says ({@code a} itself if none
   * changed). A node that the new inputs make invalid is reported as {@code "<cause> make the
   * node ... invalid"}.
   */
  public static Apply rebuild(Apply a, Map<Variable, Variable> memo, String cause) {
    List<Variable> ins = new ArrayList<>(a.inputs().size());
    boolean changed = false;
    for (Variable v : a.inputs()) {
      Variable m = memo.getOrDefault(v, v);
      changed |= m != v;
      ins.add(m);
    }
    if (!changed) {
      return a;
    }
    try {
      return a.cloneWith(ins);
    } catch (IllegalArgumentException e) {
      throw new TheanoException(cause + " make the node " + a.op().describe() + " created at "
          + a.site() + " invalid: " + e.getMessage(), e);
    }
  }
}
