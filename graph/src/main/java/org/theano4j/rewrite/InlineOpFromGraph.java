package org.theano4j.rewrite;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.theano4j.compile.OpFromGraph;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.Variable;

/**
 * The optimiser's step {@code inline-opfromgraph}: replaces every {@link OpFromGraph} node by
 * its inner graph applied to the node's inputs, nested ones included, so the rule phases that
 * follow see (and optimise) the whole computation. {@code FAST_RUN} runs it first; for a backend
 * that cannot run such nodes whole ({@link org.theano4j.compile.Backend#runsOpFromGraph()}) it
 * runs in every mode.
 */
public final class InlineOpFromGraph {
  /** The step's name, excludable like a phase. */
  public static final String NAME = "inline-opfromgraph";

  private InlineOpFromGraph() {}

  /**
   * {@code outputs} with every {@code OpFromGraph} node inlined; {@code count[0]} is increased
   * by the number of nodes inlined.
   */
  public static List<Variable> apply(List<Variable> outputs, int[] count) {
    List<Variable> outs = outputs;
    while (true) {
      Apply a = first(outs);
      if (a == null) {
        return outs;
      }
      // One node at a time, so a node fed by another's outputs is inlined on their inlined
      // form (never twice); nested nodes brought in by an inner graph come up in a later round.
      List<Variable> inner = ((OpFromGraph) a.op()).inline(a.inputs());
      Map<Variable, Variable> givens = new IdentityHashMap<>();
      for (int i = 0; i < inner.size(); i++) {
        givens.put(a.output(i), inner.get(i));
      }
      outs = Graphs.substitute(outs, givens, "the inlined arguments");
      count[0]++;
    }
  }

  private static Apply first(List<Variable> outputs) {
    for (Apply a : Graphs.toposort(outputs)) {
      if (a.op() instanceof OpFromGraph) {
        return a;
      }
    }
    return null;
  }
}
