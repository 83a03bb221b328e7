package org.theano4j.compile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;

/**
 * The graph a compiled function runs: its roots (inputs, shared variables, constants), its
 * outputs (the user's outputs followed by the update values), and the nodes in a topological
 * order. Immutable.
 */
public final class FunctionGraph {
  private final List<Variable> inputs;
  private final List<Variable> roots;
  private final List<Variable> outputs;
  private final int userOutputs;
  private final List<Apply> nodes;
  private final Map<Apply, Integer> destroyed;

  /**
   * Builds the graph of {@code outputs}; the first {@code userOutputs} are the function's
   * outputs and the rest its update values. Roots are the inputs first, then the shared
   * variables and constants found.
   */
  public FunctionGraph(List<Variable> inputs, List<Variable> outputs, int userOutputs) {
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.userOutputs = userOutputs;
    this.nodes = List.copyOf(Graphs.toposort(outputs));
    Set<Variable> r = new LinkedHashSet<>(inputs);
    for (Apply a : nodes) {
      for (Variable v : a.inputs()) {
        if (v.isRoot()) {
          r.add(v);
        }
      }
    }
    for (Variable v : outputs) {
      if (v.isRoot()) {
        r.add(v);
      }
    }
    this.roots = List.copyOf(r);
    this.destroyed = Map.of();
  }

  private FunctionGraph(FunctionGraph g, List<Apply> order, Map<Apply, Integer> destroyed) {
    this.inputs = g.inputs;
    this.roots = g.roots;
    this.outputs = g.outputs;
    this.userOutputs = g.userOutputs;
    this.nodes = List.copyOf(order);
    Map<Apply, Integer> d = new IdentityHashMap<>(destroyed);
    this.destroyed = java.util.Collections.unmodifiableMap(d);
  }

  /**
   * The same graph run in {@code order} (a permutation of {@link #nodes()} that keeps every
   * node after its inputs' nodes), where each node in {@code destroyed} may write its output
   * into the input of that index (see {@link #destroyedInput}). The in-place phase of the
   * optimiser builds it; backends may ignore the hints.
   *
   * @throws IllegalArgumentException if {@code order} is not such a permutation
   */
  public FunctionGraph withSchedule(List<Apply> order, Map<Apply, Integer> destroyed) {
    Set<Apply> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Apply> all = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    all.addAll(nodes);
    for (Apply a : order) {
      for (Variable v : a.inputs()) {
        if (v.owner() != null && !seen.contains(v.owner())) {
          throw new IllegalArgumentException("schedule runs " + a + " before its input " + v);
        }
      }
      if (!all.contains(a) || !seen.add(a)) {
        throw new IllegalArgumentException("schedule is not a permutation of the nodes: " + a);
      }
    }
    if (seen.size() != nodes.size()) {
      throw new IllegalArgumentException("schedule has " + seen.size() + " nodes, graph has "
          + nodes.size());
    }
    return new FunctionGraph(this, order, destroyed);
  }

  /**
   * The input index that {@code node} may overwrite with its output (the input is dead
   * afterwards and aliases nothing live), or -1.
   */
  public int destroyedInput(Apply node) {
    return destroyed.getOrDefault(node, -1);
  }

  /** The in-place hints: node to the input index it may overwrite. */
  public Map<Apply, Integer> destroyMap() {
    return destroyed;
  }

  /** The function's explicit inputs, in call order. */
  public List<Variable> inputs() {
    return inputs;
  }

  /** Inputs, then shared variables and constants used by the graph. */
  public List<Variable> roots() {
    return roots;
  }

  /** User outputs followed by update values. */
  public List<Variable> outputs() {
    return outputs;
  }

  /** How many of {@link #outputs()} are the user's outputs (the rest are updates). */
  public int userOutputCount() {
    return userOutputs;
  }

  /** Nodes in execution order. */
  public List<Apply> nodes() {
    return nodes;
  }

  /** Symbolic roots that are neither inputs, shared variables nor constants. */
  List<Variable> missingInputs() {
    Set<Variable> in = new HashSet<>(inputs);
    List<Variable> missing = new ArrayList<>();
    for (Variable v : roots) {
      if (!in.contains(v) && !(v instanceof SharedVariable) && !(v instanceof Constant)) {
        missing.add(v);
      }
    }
    return missing;
  }

  @Override
  public String toString() {
    return "FunctionGraph(" + nodes.size() + " nodes, inputs " + inputs + ", outputs " + outputs
        + ")";
  }
}
