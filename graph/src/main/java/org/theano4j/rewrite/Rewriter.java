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
import org.theano4j.graph.Graphs;
import org.theano4j.TheanoException;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.Op;
import org.theano4j.graph.Variable;

/**
 * The rewrite engine: runs the phases of the optimiser over a graph, rule phases each to a
 * fixed point and whole-graph phases once, and verifies the graph after each phase. Rules are
 * indexed by the op classes they declare ({@link Rule#ops()}): a node is offered only the rules
 * that can match its op, in the phase's order, and multi-output nodes only the rules made for
 * them ({@link Rule#multi}). It never mutates a node: a rewritten node's
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
   * Runs rule phases in order on {@code outputs}, whose symbolic roots are {@code inputs}.
   * Returns the new outputs, one per old output. Whole-graph phases among {@code phases} run
   * with no update targets on a backend that plans nothing in place.
   */
  public List<Variable> run(List<Phase> phases, List<Variable> outputs, List<Variable> inputs) {
    FunctionGraph g = new FunctionGraph(inputs, outputs, outputs.size());
    return run(phases, g, new GraphPass.Context(List.of(), NO_BACKEND)).outputs();
  }

  private static final org.theano4j.compile.Backend NO_BACKEND =
      new org.theano4j.compile.Backend() {
        @Override
        public String name() {
          return "none";
        }

        @Override
        public org.theano4j.compile.Executable link(FunctionGraph graph,
            org.theano4j.compile.CompileOptions options) {
          throw new UnsupportedOperationException("the rewrite engine links nothing");
        }
      };

  /**
   * Runs {@code phases} in order on {@code g}: rule phases each to a fixed point, whole-graph
   * phases once, each followed by the verifier. Returns the rewritten graph.
   */
  public FunctionGraph run(List<Phase> phases, FunctionGraph g, GraphPass.Context passContext) {
    Set<Variable> inputSet = new HashSet<>(g.inputs());
    FunctionGraph cur = g;
    for (Phase p : phases) {
      long t0 = System.nanoTime();
      Map<String, Integer> fired = new TreeMap<>();
      int passes = 0;
      List<Variable> before = cur.outputs();
      if (p.isWholeGraph()) {
        cur = p.graphPass().apply(cur, passContext, fired);
        passes = 1;
      } else {
        List<Variable> outs = before;
        Map<Class<? extends Op>, List<Rule>> single = new HashMap<>();
        Map<Class<? extends Op>, List<Rule>> multi = new HashMap<>();
        while (true) {
          Map<String, Integer> thisPass = new TreeMap<>();
          List<Variable> next = pass(p, outs, thisPass, single, multi);
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
        if (!fired.isEmpty()) {
          cur = new FunctionGraph(cur.inputs(), outs, cur.userOutputCount());
        }
      }
      GraphVerifier.checkPhase(p.name(), before, cur.outputs(), inputSet);
      report.add(new RewriteReport.PhaseStats(p.name(), System.nanoTime() - t0, passes,
          cur.nodes().size(), fired));
    }
    return cur;
  }

  /**
   * The rules of {@code p} offered a node of {@code opClass} with {@code outputs} outputs, in
   * the phase's order (computed once per op class and phase run).
   */
  private static List<Rule> rulesFor(Phase p, Class<? extends Op> opClass, int outputs,
      Map<Class<? extends Op>, List<Rule>> single, Map<Class<? extends Op>, List<Rule>> multi) {
    return (outputs == 1 ? single : multi).computeIfAbsent(opClass, c -> {
      List<Rule> rs = new ArrayList<>();
      for (Rule r : p.rules()) {
        if (r.matches(c, outputs)) {
          rs.add(r);
        }
      }
      return rs;
    });
  }

  /** One pass: every node in topological order, first firing rule wins. */
  private List<Variable> pass(Phase p, List<Variable> outs, Map<String, Integer> fired,
      Map<Class<? extends Op>, List<Rule>> single, Map<Class<? extends Op>, List<Rule>> multi) {
    List<Apply> order = Graphs.toposort(outs);
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
      int n = b.outputs().size();
      for (Rule r : rulesFor(p, b.op().getClass(), n, single, multi)) {
        List<Variable> reps = apply(p, r, b, ctx);
        if (reps == null) {
          continue;
        }
        if (reps.size() != n) {
          throw new TheanoException("rewrite rule '" + r.name() + "' (phase " + p.name()
              + ") returned " + reps.size() + " replacements for " + describe(b)
              + ", which has " + n + " outputs (created at " + b.site() + ")");
        }
        boolean changed = false;
        for (int i = 0; i < n; i++) {
          Variable rep = reps.get(i);
          if (rep == null || rep == b.output(i)) {
            continue;
          }
          changed = true;
          GraphVerifier.checkReplacement(p.name(), r.name(), b, i, rep);
          memo.put(a.output(i), rep);
          if (clients.containsKey(rep)) {
            // An existing variable takes over the consumers: over-count, never under-count.
            clients.merge(rep, clients.getOrDefault(a.output(i), 0), Integer::sum);
          } else {
            origin.putIfAbsent(rep, a.output(i));
          }
        }
        if (!changed) {
          continue;
        }
        fired.merge(r.name(), 1, Integer::sum);
        if (trace) {
          report.add(new RewriteReport.TraceEntry(p.name(), r.name(), describe(b),
              describeReplacement(reps, b), a.site()));
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

  /** The replacement as the trace shows it: its node, or the first changed output's. */
  private static String describeReplacement(List<Variable> reps, Apply b) {
    for (int i = 0; i < reps.size(); i++) {
      Variable rep = reps.get(i);
      if (rep != null && rep != b.output(i)) {
        return rep.owner() == null ? rep.toString() : describe(rep.owner());
      }
    }
    return describe(b);
  }

  /** {@code a} with its inputs replaced as {@code memo} says (itself if none changed). */
  private static Apply rebuild(Phase p, Apply a, Map<Variable, Variable> memo,
      Map<Variable, Variable> origin) {
    Apply b = Graphs.rebuild(a, memo, "phase " + p.name() + ": replacements");
    if (b == a) {
      return a;
    }
    for (int i = 0; i < a.outputs().size(); i++) {
      memo.put(a.output(i), b.output(i));
      origin.put(b.output(i), a.output(i));
    }
    return b;
  }

  private static List<Variable> apply(Phase p, Rule r, Apply b, RewriteContext ctx) {
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
