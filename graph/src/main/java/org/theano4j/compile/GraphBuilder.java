package org.theano4j.compile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.theano4j.TheanoException;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * The front half of {@code Theano.compile}: validation, givens substitution and graph
 * construction, with errors that name the variable and the user's source line.
 */
public final class GraphBuilder {
  private static final System.Logger LOG = System.getLogger(GraphBuilder.class.getName());

  private GraphBuilder() {}

  /**
   * The validated graph (before optimisation) and the shared variable each update value is
   * for (in order).
   */
  public record Built(FunctionGraph graph, List<SharedVariable> updateTargets) {}

  /** Validates the request and builds the graph to run (see the class comment). */
  public static Built build(List<? extends Variable> inputs, List<? extends Variable> outputs,
      Map<SharedVariable, ? extends Variable> updates,
      Map<? extends Variable, ? extends Variable> givens, CompileOptions options) {
    checkInputs(inputs);
    checkGivens(givens);
    List<SharedVariable> targets = new ArrayList<>();
    List<Variable> all = new ArrayList<>();
    // Elements are read as Objects: a raw-typed list or map may hold anything.
    List<?> outs = outputs;
    for (int i = 0; i < outs.size(); i++) {
      all.add(variable(outs.get(i), "output " + i));
    }
    // Updates in creation order of their shared variables, so that graphs, printing and
    // schedules do not depend on the iteration order of the caller's map.
    List<Map.Entry<SharedVariable, Variable>> sorted = new ArrayList<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) updates).entrySet()) {
      Variable key = variable(e.getKey(), "an updates key");
      if (!(key instanceof SharedVariable)) {
        throw new TheanoException("updates: " + key.describe() + " is not a shared variable;"
            + " only shared variables (Theano.shared) can be updated");
      }
      SharedVariable target = (SharedVariable) key;
      Variable value = variable(e.getValue(), "the update of " + target.describe());
      checkUpdate(target, value);
      sorted.add(Map.entry(target, value));
    }
    sorted.sort(java.util.Comparator.comparingLong(e -> e.getKey().id()));
    for (Map.Entry<SharedVariable, Variable> e : sorted) {
      targets.add(e.getKey());
      all.add(e.getValue());
    }
    List<Variable> replaced = new ArrayList<>(Graphs.substitute(all, givens, "givens"));
    addDefaultUpdates(replaced, targets, givens);
    FunctionGraph g = new FunctionGraph(List.copyOf(inputs), replaced, outputs.size());
    checkUsage(g, options.onUnusedInput());
    return new Built(g, List.copyOf(targets));
  }

  /**
   * Theano's default updates: every shared variable the graph reads that has a
   * {@link SharedVariable#defaultUpdate() default update} and no update from the caller gets
   * it (givens applied to it too), appended after the caller's updates in creation order; the
   * default updates' own graphs are searched the same way.
   */
  private static void addDefaultUpdates(List<Variable> graph, List<SharedVariable> targets,
      Map<? extends Variable, ? extends Variable> givens) {
    Set<SharedVariable> done = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    done.addAll(targets);
    List<Variable> frontier = new ArrayList<>(graph);
    while (!frontier.isEmpty()) {
      List<SharedVariable> found = new ArrayList<>();
      for (Variable r : roots(frontier)) {
        if (r instanceof SharedVariable && ((SharedVariable) r).defaultUpdate() != null
            && done.add((SharedVariable) r)) {
          found.add((SharedVariable) r);
        }
      }
      found.sort(java.util.Comparator.comparingLong(SharedVariable::id));
      frontier = new ArrayList<>();
      for (SharedVariable s : found) {
        Variable value = s.defaultUpdate();
        checkUpdate(s, value);
        Variable v = Graphs.substitute(List.of(value), givens, "givens").get(0);
        targets.add(s);
        graph.add(v);
        frontier.add(v);
      }
    }
  }

  /** The root variables of the graphs of {@code outputs}. */
  private static List<Variable> roots(List<Variable> outputs) {
    List<Variable> out = new ArrayList<>();
    for (Variable v : outputs) {
      if (v.isRoot()) {
        out.add(v);
      }
    }
    for (Apply a : Graphs.toposort(outputs)) {
      for (Variable v : a.inputs()) {
        if (v.isRoot()) {
          out.add(v);
        }
      }
    }
    return out;
  }

  private static void checkInputs(List<? extends Variable> inputs) {
    Map<Variable, Integer> seen = new IdentityHashMap<>();
    List<?> ins = inputs;
    for (int i = 0; i < ins.size(); i++) {
      Variable v = variable(ins.get(i), "input " + i);
      if (v instanceof SharedVariable) {
        throw new TheanoException("input " + i + " " + v.describe() + " is a shared variable; "
            + "shared variables are implicit inputs of every function that uses them and must "
            + "not be listed (use givens to replace one)");
      }
      if (v instanceof Constant) {
        throw new TheanoException("input " + i + " " + v.describe() + " is a constant; only "
            + "symbolic variables (T.matrix(...) etc.) can be inputs");
      }
      if (!v.isRoot()) {
        throw new TheanoException("input " + i + " " + v.describe() + " is computed by "
            + v.owner().op().describe() + "; inputs must be symbolic root variables "
            + "(T.matrix(...) etc.). To feed an intermediate value, use givens");
      }
      Integer prev = seen.put(v, i);
      if (prev != null) {
        throw new TheanoException("input " + v.describe() + " is listed twice, at positions "
            + prev + " and " + i);
      }
    }
  }

  private static void checkGivens(Map<? extends Variable, ? extends Variable> givens) {
    for (Map.Entry<?, ?> e : ((Map<?, ?>) givens).entrySet()) {
      Variable k = variable(e.getKey(), "a givens key");
      Variable r = variable(e.getValue(), "the givens replacement for " + k.describe());
      if (k instanceof Constant) {
        throw new TheanoException("givens key " + k.describe() + " is a constant; only "
            + "variables can be replaced");
      }
      if (!compatible(k.type(), r.type())) {
        throw new TheanoException("givens: the replacement for " + k.describe()
            + " has an incompatible type: expected " + k.type() + ", got " + r.type()
            + " (replacement " + r.describe() + ")"
            + (k.dtype() != r.dtype() && k.ndim() == r.ndim()
                ? "; convert it with .astype(" + k.dtype() + ")" : ""));
      }
    }
  }

  /**
   * A replacement fits when dtype and rank are equal, broadcastable dimensions stay
   * broadcastable and no known sizes conflict.
   */
  public static boolean compatible(TensorType want, TensorType got) {
    if (want.dtype() != got.dtype() || want.ndim() != got.ndim()) {
      return false;
    }
    for (int d = 0; d < want.ndim(); d++) {
      int w = want.dim(d);
      int g = got.dim(d);
      if (w == 1 && g != 1) {
        return false;
      }
      if (w != TensorType.UNKNOWN && g != TensorType.UNKNOWN && w != g) {
        return false;
      }
    }
    return true;
  }

  /** {@code o} as a Variable, or an error saying that {@code what} is null or not one. */
  private static Variable variable(Object o, String what) {
    if (o == null) {
      throw new TheanoException(what + " is null");
    }
    if (!(o instanceof Variable)) {
      throw new TheanoException(what + " is a " + o.getClass().getName() + " (" + o
          + "), not a Variable");
    }
    return (Variable) o;
  }

  private static void checkUpdate(SharedVariable target, Variable value) {
    if (value.dtype() != target.dtype() || value.ndim() != target.ndim()) {
      throw new TheanoException("the update of shared variable " + target.describe()
          + " must have type " + target.type() + " but the update value " + value.describe()
          + " has type " + value.type()
          + (value.dtype() != target.dtype() ? "; cast it with .astype(" + target.dtype()
              + ")" : ""));
    }
  }

  private static void checkUsage(FunctionGraph g, UnusedInputPolicy policy) {
    Set<Variable> used = new HashSet<>();
    for (Apply a : g.nodes()) {
      used.addAll(a.inputs());
    }
    used.addAll(g.outputs());
    for (Variable in : g.inputs()) {
      if (!used.contains(in)) {
        String msg = "input " + in.describe() + " is not used by any output or update"
            + " (to allow this, compile with onUnusedInput(IGNORE) or WARN)";
        if (policy == UnusedInputPolicy.RAISE) {
          throw new TheanoException(msg);
        } else if (policy == UnusedInputPolicy.WARN) {
          LOG.log(System.Logger.Level.WARNING, msg);
        }
      }
    }
    List<Variable> missing = g.missingInputs();
    if (!missing.isEmpty()) {
      Variable m = missing.get(0);
      throw new TheanoException("the graph depends on " + m.describe()
          + ", which is not among the inputs " + g.inputs()
          + "; list it as an input or replace it with givens");
    }
  }
}
