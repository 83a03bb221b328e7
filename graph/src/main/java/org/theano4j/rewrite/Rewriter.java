package org.theano4j.rewrite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.theano4j.TheanoException;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;

/**
 * The rewrite engine: runs phases of rules over the outputs of a graph, each phase to a fixed
 * point, and verifies the graph after each phase. It never mutates a node: a rewritten node's
 * consumers are rebuilt with {@link Apply#cloneWith}.
 *
 * <p>A rule that throws fails the compile with a {@link TheanoException} naming the rule and
 * the node; a phase that does not settle within its pass cap fails naming the rules that
 * were still firing.
 */
public final class Rewriter {
  private final boolean trace;
  private final RewriteReport report;

  /** An engine that records every rule application when {@code trace} is set. */
  public Rewriter(boolean trace) {
    this.trace = trace;
    this.report = new RewriteReport(trace);
  }

  /** What has been done so far. */
  public RewriteReport report() {
    return report;
  }

  /**
   * Runs {@code phases} in order on {@code outputs}, whose symbolic roots are {@code inputs}.
   * Returns the new outputs, one per old output.
   */
  public List<Variable> run(List<Phase> phases, List<Variable> outputs, List<Variable> inputs) {
    List<Variable> outs = List.copyOf(outputs);
    Set<Variable> inputSet = new HashSet<>(inputs);
    for (Phase p : phases) {
      long t0 = System.nanoTime();
      Map<String, Integer> fired = new TreeMap<>();
      int passes = 0;
      List<Variable> before = outs;
      while (true) {
        Map<String, Integer> thisPass = new TreeMap<>();
        List<Variable> next = pass(p, outs, thisPass);
        passes++;
        thisPass.forEach((k, v) -> fired.merge(k, v, Integer::sum));
        outs = next;
        if (thisPass.isEmpty()) {
          break;
        }
        if (passes >= p.maxPasses()) {
          throw new TheanoException("phase " + p.name() + " did not reach a fixed point in "
              + p.maxPasses() + " passes; rules still firing in the last pass (with counts): "
              + thisPass + ". Exclude one of them by name to compile anyway.");
        }
      }
      GraphVerifier.checkPhase(p.name(), before, outs, inputSet);
      report.add(new RewriteReport.PhaseStats(p.name(), System.nanoTime() - t0, passes,
          FunctionGraph.toposort(outs).size(), fired));
    }
    return outs;
  }

  /** One pass: every node in topological order, first firing rule wins. */
  private List<Variable> pass(Phase p, List<Variable> outs, Map<String, Integer> fired) {
    List<Apply> order = FunctionGraph.toposort(outs);
    Map<Variable, Integer> clients = new IdentityHashMap<>();
    for (Apply a : order) {
      for (Variable v : a.inputs()) {
        clients.merge(v, 1, Integer::sum);
      }
    }
    for (Variable v : outs) {
      clients.merge(v, 1, Integer::sum);
    }
    Map<Variable, Variable> memo = new IdentityHashMap<>();
    Map<Variable, Variable> origin = new IdentityHashMap<>();
    Set<Variable> outSet = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    outSet.addAll(outs);
    Context ctx = new Context(order, clients, origin, outSet);
    for (Apply a : order) {
      Apply b = rebuild(p, a, memo, origin);
      if (b.outputs().size() != 1) {
        continue;
      }
      for (Rule r : p.rules()) {
        Variable rep = apply(p, r, b, ctx);
        if (rep == null || rep == b.output(0)) {
          continue;
        }
        GraphVerifier.checkReplacement(p.name(), r.name(), b, rep);
        memo.put(a.output(0), rep);
        if (clients.containsKey(rep)) {
          // An existing variable takes over the consumers: over-count, never under-count.
          clients.merge(rep, clients.getOrDefault(a.output(0), 0), Integer::sum);
        } else {
          origin.putIfAbsent(rep, a.output(0));
        }
        fired.merge(r.name(), 1, Integer::sum);
        if (trace) {
          report.add(new RewriteReport.TraceEntry(p.name(), r.name(), describe(b),
              rep.owner() == null ? rep.toString() : describe(rep.owner()), a.site()));
        }
        break;
      }
    }
    List<Variable> next = new ArrayList<>(outs.size());
    for (Variable v : outs) {
      next.add(memo.getOrDefault(v, v));
    }
    return next;
  }

  /** {@code a} with its inputs replaced as {@code memo} says (itself if none changed). */
  private static Apply rebuild(Phase p, Apply a, Map<Variable, Variable> memo,
      Map<Variable, Variable> origin) {
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
    Apply b;
    try {
      b = a.cloneWith(ins);
    } catch (IllegalArgumentException e) {
      throw new TheanoException("phase " + p.name() + ": a replacement made the node "
          + a.op().describe() + " created at " + a.site() + " invalid: " + e.getMessage(), e);
    }
    for (int i = 0; i < a.outputs().size(); i++) {
      memo.put(a.output(i), b.output(i));
      origin.put(b.output(i), a.output(i));
    }
    return b;
  }

  private static Variable apply(Phase p, Rule r, Apply b, RewriteContext ctx) {
    try {
      return r.rewrite().apply(b, ctx);
    } catch (RuntimeException e) {
      throw new TheanoException("rewrite rule '" + r.name() + "' (phase " + p.name()
          + ") failed on " + describe(b) + " created at " + b.site() + ": " + e, e);
    }
  }

  static String describe(Apply a) {
    StringBuilder sb = new StringBuilder(a.op().describe()).append('(');
    for (int i = 0; i < a.inputs().size(); i++) {
      Variable v = a.input(i);
      sb.append(i == 0 ? "" : ", ").append(v.owner() == null ? v.toString()
          : v.owner().op().describe());
    }
    return sb.append(')').toString();
  }

  /** The context of one pass. */
  private static final class Context implements RewriteContext {
    private final List<Apply> order;
    private final Map<Variable, Integer> clients;
    private final Map<Variable, Variable> origin;
    private final Set<Variable> outputs;
    private final Map<String, Object> state = new HashMap<>();

    Context(List<Apply> order, Map<Variable, Integer> clients, Map<Variable, Variable> origin,
        Set<Variable> outputs) {
      this.order = java.util.Collections.unmodifiableList(order);
      this.clients = clients;
      this.origin = origin;
      this.outputs = outputs;
    }

    @Override
    public List<Apply> passNodes() {
      return order;
    }

    @Override
    public Variable original(Variable v) {
      Variable o = origin.get(v);
      return o != null ? o : v;
    }

    @Override
    public int clients(Variable v) {
      Integer c = clients.get(original(v));
      return c == null ? Integer.MAX_VALUE : c;
    }

    @Override
    public boolean isOutput(Variable v) {
      return outputs.contains(original(v));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T passState(String key, Supplier<T> init) {
      return (T) state.computeIfAbsent(key, k -> init.get());
    }
  }
}
