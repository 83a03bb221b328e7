package org.theano4j.printing;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;

/**
 * Writes a graph as Graphviz DOT: ops as boxes, variables as ellipses, edges from each input
 * to its op (labelled with the input's position when the op has several) and from each op to
 * its outputs. Node ids follow a topological order, so the text is deterministic.
 */
final class DotWriter {
  private final StringBuilder out = new StringBuilder("digraph theano4j {\n");
  private final Map<Variable, String> varIds = new IdentityHashMap<>();
  private final Map<Variable, String> outputLabels = new IdentityHashMap<>();
  private int applyCount;

  DotWriter() {
    out.append("  node [fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n");
  }

  /** Marks {@code v} as a result, shown highlighted with {@code label} in front of its name. */
  DotWriter markOutput(Variable v, String label) {
    outputLabels.merge(v, label, (a, b) -> a + ", " + b);
    return this;
  }

  /** Writes every node computing {@code outputs}, then the outputs that are roots. */
  DotWriter graph(List<Variable> outputs) {
    for (Apply a : Graphs.toposort(outputs)) {
      for (Variable in : a.inputs()) {
        declare(in);
      }
      String id = "n" + applyCount++;
      out.append("  ").append(id).append(" [shape=box, label=\"")
          .append(escape(a.op().describe())).append("\"];\n");
      List<Variable> ins = a.inputs();
      for (int i = 0; i < ins.size(); i++) {
        out.append("  ").append(varIds.get(ins.get(i))).append(" -> ").append(id)
            .append(ins.size() > 1 ? " [label=\"" + i + "\"]" : "").append(";\n");
      }
      for (Variable o : a.outputs()) {
        declare(o);
        out.append("  ").append(id).append(" -> ").append(varIds.get(o)).append(";\n");
      }
    }
    for (Variable v : outputs) {
      declare(v);
    }
    return this;
  }

  /** A dashed edge from an update's value to the shared variable it replaces. */
  DotWriter update(SharedVariable target, Variable value) {
    declare(target);
    declare(value);
    out.append("  ").append(varIds.get(value)).append(" -> ").append(varIds.get(target))
        .append(" [style=dashed, label=\"update\"];\n");
    return this;
  }

  private void declare(Variable v) {
    if (varIds.containsKey(v)) {
      return;
    }
    String id = "v" + varIds.size();
    varIds.put(v, id);
    StringBuilder label = new StringBuilder();
    String result = outputLabels.get(v);
    if (result != null) {
      label.append(escape(result)).append("\\n");
    }
    if (v.owner() == null) {
      label.append(escape(Labels.of(v))).append("\\n");
    }
    if (Labels.showsNameSeparately(v)) {
      label.append('\'').append(escape(v.name())).append("'\\n");
    }
    label.append(escape(v.type().toString()));
    out.append("  ").append(id).append(" [shape=ellipse, label=\"").append(label).append('"');
    String fill = result != null ? "lightblue"
        : v instanceof SharedVariable ? "khaki"
        : v instanceof Constant ? "lightgrey"
        : v.owner() == null ? "palegreen" : null;
    if (fill != null) {
      out.append(", style=filled, fillcolor=").append(fill);
    }
    out.append("];\n");
  }

  /** {@code s} as the inside of a DOT double-quoted string. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          break;
        default:
          sb.append(c);
      }
    }
    return sb.toString();
  }

  String text() {
    return out + "}\n";
  }
}
