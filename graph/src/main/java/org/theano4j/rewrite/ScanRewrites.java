package org.theano4j.rewrite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.theano4j.compile.CompileOptions;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.Op;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.IfElse;
import org.theano4j.tensor.RandomDraw;
import org.theano4j.tensor.ScanOp;
import org.theano4j.tensor.T;

/**
 * The optimiser's rewrites of {@link ScanOp} nodes ({@code FAST_RUN}, each a whole-graph phase
 * excludable by its name). The step itself is optimised when it is compiled (the JVM backend
 * compiles it as a {@code FAST_RUN} function, so canonicalisation, stabilisation, fusion and
 * the in-place plan apply inside it).
 *
 * <ul>
 *   <li>{@value #MERGE}: a scan whose copy with more outputs reads the same inputs (autodiff
 *       makes one to store the intermediate values the backward step reads) becomes that
 *       copy's first outputs: one loop computes both.
 *   <li>{@value #HOIST}: the loop-invariant part of the step — nodes computed only from
 *       non-sequences and constants, e.g. {@code W.T} or {@code 2 * b} — is computed once
 *       before the loop, its results passed in as new non-sequences (and then optimised with
 *       the outer graph: a constant one is folded). Not done in a step with {@code ifelse}
 *       (a lazy branch's nodes must not run unless taken).
 *   <li>{@value #LAST_ONLY}: an output fed back at tap -1 from a plain initial value whose
 *       stacked history is used only through its last row ({@code outputs().get(i).get(-1)})
 *       becomes a carried state: the loop keeps only the current value and writes no history.
 *   <li>{@value #INNER}: the step itself is optimised (the function's mode and exclusions, for
 *       the same backend), once per scan; the CUDA backends lower the optimised step.
 *   <li>{@value #PRUNE}: an output not fed back that nothing reads is not computed (e.g. the
 *       gradient of a sequence that was not asked for, in a backward scan).
 * </ul>
 */
public final class ScanRewrites {
  /** The name of the phase merging a scan into its copy with more outputs. */
  public static final String MERGE = "scan-merge";
  /** The name of the hoisting phase. */
  public static final String HOIST = "scan-hoist";
  /** The name of the last-row phase. */
  public static final String LAST_ONLY = "scan-last-only";
  /** The name of the phase removing unused outputs. */
  public static final String PRUNE = "scan-prune";
  /** The name of the phase optimising the step. */
  public static final String INNER = "scan-inner";

  private ScanRewrites() {}

  static final Phase MERGE_PHASE = Phase.whole(MERGE, (g, ctx, fired) ->
      rewrite(g, fired, MERGE, (a, clients, outs) -> {
        if (a.inputs().isEmpty()) {
          return null;
        }
        for (Apply b : clients.getOrDefault(a.input(0), List.of())) {
          if (b != a && b.op() instanceof ScanOp && extendsScan(b, a)) {
            ScanOp small = (ScanOp) a.op();
            int extra = ((ScanOp) b.op()).nOuts() - small.nOuts();
            int[] map = new int[a.outputs().size()];
            for (int i = 0; i < map.length; i++) {
              map[i] = i < small.nOuts() ? i : i + extra;
            }
            return replaceOutputs(a, b.outputs(), map);
          }
        }
        return null;
      }));

  /**
   * Whether scan node {@code b} computes everything {@code a} does: the same inputs, the same
   * inner inputs, the same inner outputs followed by outputs not fed back ({@code a}'s outputs,
   * {@code b}'s extra ones, then the same states and condition), the same taps and settings.
   */
  private static boolean extendsScan(Apply b, Apply a) {
    ScanOp x = (ScanOp) a.op();
    ScanOp y = (ScanOp) b.op();
    if (!sameList(a.inputs(), b.inputs()) || !sameList(x.innerInputs(), y.innerInputs())
        || x.nSeqs() != y.nSeqs() || x.nStates() != y.nStates() || x.nNonSeqs() != y.nNonSeqs()
        || x.hasNSteps() != y.hasNSteps() || x.hasUntil() != y.hasUntil()
        || x.truncateGradient() != y.truncateGradient() || y.nOuts() < x.nOuts()) {
      return false;
    }
    for (int s = 0; s < x.nSeqs(); s++) {
      if (!java.util.Arrays.equals(x.seqTaps(s), y.seqTaps(s))) {
        return false;
      }
    }
    List<Variable> xo = x.innerOutputs();
    List<Variable> yo = y.innerOutputs();
    for (int o = 0; o < y.nOuts(); o++) {
      boolean shared = o < x.nOuts();
      if (shared && (xo.get(o) != yo.get(o) || x.plainInit(o) != y.plainInit(o)
          || !java.util.Arrays.equals(x.outTaps(o), y.outTaps(o)))
          || !shared && y.outTaps(o).length > 0) {
        return false;
      }
    }
    int extra = y.nOuts() - x.nOuts();
    for (int i = x.nOuts(); i < xo.size(); i++) {
      if (xo.get(i) != yo.get(i + extra)) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameList(List<Variable> p, List<Variable> q) {
    if (p.size() != q.size()) {
      return false;
    }
    for (int i = 0; i < p.size(); i++) {
      if (p.get(i) != q.get(i)) {
        return false;
      }
    }
    return true;
  }

  static final Phase HOIST_PHASE = Phase.whole(HOIST, (g, ctx, fired) ->
      rewrite(g, fired, HOIST, ScanRewrites::hoist));

  static final Phase PRUNE_PHASE = Phase.whole(PRUNE, (g, ctx, fired) ->
      rewrite(g, fired, PRUNE, ScanRewrites::prune));

  /**
   * Optimises each scan's step with the function's options (its mode and exclusions; no
   * in-place plan, which is the step's own when it is linked) for the same backend, once per
   * scan node: the CUDA backends lower the optimised step.
   */
  static final Phase INNER_PHASE = Phase.whole(INNER, (g, ctx, fired) -> {
    Set<ScanOp> done = Collections.newSetFromMap(new IdentityHashMap<>());
    return rewrite(g, fired, INNER, (a, clients, outs) -> {
      ScanOp op = (ScanOp) a.op();
      if (done.contains(op)) {
        return null;
      }
      ScanOp inner = optimizeStep(op, ctx);
      done.add(inner);
      return replaceOutputs(a, Apply.make(inner, a.inputs(), a.site()).outputs(), identity(a));
    });
  });

  private static ScanOp optimizeStep(ScanOp op, GraphPass.Context ctx) {
    List<String> excluding = new ArrayList<>(ctx.options().excluding());
    excluding.add(Optimizer.INPLACE);
    CompileOptions o = ctx.options();
    CompileOptions stepOptions = new CompileOptions(o.mode(), o.backend(), o.onUnusedInput(),
        Set.copyOf(excluding), false, false);
    FunctionGraph step = new FunctionGraph(op.innerInputs(), op.innerOutputs(),
        op.innerOutputs().size());
    List<Variable> outs = Optimizer.optimize(step, List.of(), stepOptions, ctx.backend())
        .graph().outputs();
    return new ScanOp(op.innerInputs(), outs, seqTaps(op), outTaps(op), plainInits(op),
        op.nStates(), op.nNonSeqs(), op.hasNSteps(), op.hasUntil(), op.truncateGradient(),
        op.name());
  }

  static final Phase LAST_ONLY_PHASE = Phase.whole(LAST_ONLY, (g, ctx, fired) ->
      rewrite(g, fired, LAST_ONLY, ScanRewrites::lastOnly));

  /** A rewrite of one scan node: the replacements of variables of the graph, or null. */
  @FunctionalInterface
  private interface NodeRewrite {
    Map<Variable, Variable> apply(Apply scan, Map<Variable, List<Apply>> clients,
        Set<Variable> graphOutputs);
  }

  private static FunctionGraph rewrite(FunctionGraph g, Map<String, Integer> fired, String name,
      NodeRewrite r) {
    List<Variable> outs = g.outputs();
    int count = 0;
    boolean again = true;
    while (again) {
      again = false;
      Map<Variable, List<Apply>> clients = new IdentityHashMap<>();
      List<Apply> nodes = Graphs.toposort(outs);
      for (Apply a : nodes) {
        for (Variable v : a.inputs()) {
          clients.computeIfAbsent(v, k -> new ArrayList<>()).add(a);
        }
      }
      Set<Variable> graphOuts = Collections.newSetFromMap(new IdentityHashMap<>());
      graphOuts.addAll(outs);
      for (Apply a : nodes) {
        if (a.op() instanceof ScanOp) {
          Map<Variable, Variable> givens = r.apply(a, clients, graphOuts);
          if (givens != null) {
            outs = Graphs.substitute(outs, givens, "the rewritten scan");
            count++;
            again = true;
            break;
          }
        }
      }
    }
    if (count == 0) {
      return g;
    }
    fired.merge(name, count, Integer::sum);
    return new FunctionGraph(g.inputs(), outs, g.userOutputCount());
  }

  /** Moves the step's loop-invariant nodes before the loop. */
  private static Map<Variable, Variable> hoist(Apply a, Map<Variable, List<Apply>> clients,
      Set<Variable> graphOuts) {
    ScanOp op = (ScanOp) a.op();
    List<Variable> ins = op.innerInputs();
    Set<Variable> invariant = Collections.newSetFromMap(new IdentityHashMap<>());
    Map<Variable, Variable> outer = new IdentityHashMap<>();
    for (int i = 0; i < op.nNonSeqs(); i++) {
      Variable in = ins.get(op.firstInnerNonSeq() + i);
      invariant.add(in);
      outer.put(in, a.input(op.firstNonSeqInput() + i));
    }
    List<Apply> nodes = Graphs.toposort(op.innerOutputs());
    if (nodes.stream().anyMatch(n -> n.op() instanceof IfElse)) {
      return null; // a lazy branch's nodes run only when taken: not moved before the loop
    }
    Set<Apply> hoisted = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Apply n : nodes) {
      boolean inv = !(n.op() instanceof RandomDraw) && !(n.op() instanceof ScanOp);
      for (Variable v : n.inputs()) {
        inv &= invariant.contains(v) || v instanceof Constant;
      }
      if (inv && n.inputs().stream().anyMatch(invariant::contains)) {
        hoisted.add(n);
        invariant.addAll(n.outputs());
      } else if (inv) {
        invariant.addAll(n.outputs()); // constants only: folded by the step's own rewrites
      }
    }
    // the hoisted values the rest of the step reads: new non-sequences
    List<Variable> frontier = new ArrayList<>();
    Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Apply n : nodes) {
      if (hoisted.contains(n)) {
        continue;
      }
      for (Variable v : n.inputs()) {
        if (v.owner() != null && hoisted.contains(v.owner()) && seen.add(v)) {
          frontier.add(v);
        }
      }
    }
    for (Variable v : op.innerOutputs()) {
      if (v.owner() != null && hoisted.contains(v.owner()) && seen.add(v)) {
        frontier.add(v);
      }
    }
    if (frontier.isEmpty()) {
      return null;
    }
    List<Variable> computed = Graphs.substitute(frontier, outer, "the hoisted non-sequences");
    Map<Variable, Variable> inner = new IdentityHashMap<>();
    List<Variable> newIns = new ArrayList<>(ins);
    List<Variable> args = new ArrayList<>(a.inputs());
    for (int i = 0; i < frontier.size(); i++) {
      Variable v = frontier.get(i);
      Variable in = Variable.input(v.type(), v.name() != null ? v.name() : "hoisted " + i);
      inner.put(v, in);
      newIns.add(in);
      args.add(computed.get(i));
    }
    List<Variable> newOuts = Graphs.substitute(op.innerOutputs(), inner, "the hoisted step");
    ScanOp hoistedOp = new ScanOp(newIns, newOuts, seqTaps(op), outTaps(op), plainInits(op),
        op.nStates(), op.nNonSeqs() + frontier.size(), op.hasNSteps(), op.hasUntil(),
        op.truncateGradient(), op.name());
    return replaceOutputs(a, Apply.make(hoistedOp, args, a.site()).outputs(), identity(a));
  }

  /** Turns an output used only through its last row into a carried state. */
  private static Map<Variable, Variable> lastOnly(Apply a, Map<Variable, List<Apply>> clients,
      Set<Variable> graphOuts) {
    ScanOp op = (ScanOp) a.op();
    for (int o = 0; o < op.nOuts(); o++) {
      int[] taps = op.outTaps(o);
      Variable out = a.output(o);
      List<Apply> uses = clients.getOrDefault(out, List.of());
      if (taps.length != 1 || taps[0] != -1 || !op.plainInit(o) || graphOuts.contains(out)
          || uses.isEmpty() || !uses.stream().allMatch(u -> isLastRow(u, out))) {
        continue;
      }
      return toState(a, op, o, uses);
    }
    return null;
  }

  /** Removes an output that is not fed back and that nothing reads. */
  private static Map<Variable, Variable> prune(Apply a, Map<Variable, List<Apply>> clients,
      Set<Variable> graphOuts) {
    ScanOp op = (ScanOp) a.op();
    for (int o = 0; o < op.nOuts(); o++) {
      Variable out = a.output(o);
      if (op.outTaps(o).length > 0 || graphOuts.contains(out) || clients.containsKey(out)
          || op.nOuts() == 1 && op.nStates() == 0) {
        continue;
      }
      List<Variable> outs = new ArrayList<>(op.innerOutputs());
      outs.remove(o);
      int nOut = op.nOuts();
      int[][] taps = outTaps(op);
      boolean[] plain = plainInits(op);
      int[][] newTaps = new int[nOut - 1][];
      boolean[] newPlain = new boolean[nOut - 1];
      int[] map = new int[a.outputs().size()];
      for (int i = 0, j = 0; i < nOut; i++) {
        map[i] = i == o ? -1 : j;
        if (i != o) {
          newTaps[j] = taps[i];
          newPlain[j++] = plain[i];
        }
      }
      for (int s = 0; s < op.nStates(); s++) {
        map[nOut + s] = nOut - 1 + s;
      }
      ScanOp pruned = new ScanOp(op.innerInputs(), outs, seqTaps(op), newTaps, newPlain,
          op.nStates(), op.nNonSeqs(), op.hasNSteps(), op.hasUntil(), op.truncateGradient(),
          op.name());
      return replaceOutputs(a, Apply.make(pruned, a.inputs(), a.site()).outputs(), map);
    }
    return null;
  }

  /** Whether {@code u} is {@code x[-1]} (a basic index of the last row, nothing else). */
  private static boolean isLastRow(Apply u, Variable x) {
    if (u.inputs().size() != 2 || u.input(0) != x || !(u.input(1) instanceof Constant)) {
      return false;
    }
    NDArray i = ((Constant) u.input(1)).value();
    Op last = T.index(x, -1).owner().op();
    return u.op().equals(last) && !i.dtype().isFloat() && i.getLong() == -1;
  }

  private static Map<Variable, Variable> toState(Apply a, ScanOp op, int o, List<Apply> uses) {
    List<Variable> ii = op.innerInputs();
    List<Variable> io = op.innerOutputs();
    int tapIn = op.firstInnerOutTap();
    for (int i = 0; i < o; i++) {
      tapIn += op.outTaps(i).length;
    }
    List<Variable> ins = new ArrayList<>(ii.subList(0, op.firstInnerState()));
    ins.remove(tapIn);
    ins.addAll(ii.subList(op.firstInnerState(), op.firstInnerNonSeq()));
    ins.add(ii.get(tapIn));
    ins.addAll(ii.subList(op.firstInnerNonSeq(), ii.size()));
    int nOut = op.nOuts();
    List<Variable> outs = new ArrayList<>(io.subList(0, nOut));
    outs.remove(o);
    outs.addAll(io.subList(nOut, nOut + op.nStates()));
    outs.add(io.get(o));
    outs.addAll(io.subList(nOut + op.nStates(), io.size()));
    int[][] outTaps = outTaps(op);
    boolean[] plain = plainInits(op);
    int[][] newTaps = new int[nOut - 1][];
    boolean[] newPlain = new boolean[nOut - 1];
    for (int i = 0, j = 0; i < nOut; i++) {
      if (i != o) {
        newTaps[j] = outTaps[i];
        newPlain[j++] = plain[i];
      }
    }
    ScanOp state = new ScanOp(ins, outs, seqTaps(op), newTaps, newPlain, op.nStates() + 1,
        op.nNonSeqs(), op.hasNSteps(), op.hasUntil(), op.truncateGradient(), op.name());
    List<Variable> args = new ArrayList<>(a.inputs().subList(0, op.firstStateInput()));
    Variable init = args.remove(op.initInput(o));
    args.addAll(a.inputs().subList(op.firstStateInput(), op.firstNonSeqInput()));
    args.add(init);
    args.addAll(a.inputs().subList(op.firstNonSeqInput(), a.inputs().size()));
    List<Variable> made = Apply.make(state, args, a.site()).outputs();
    // old output i -> new position
    int[] map = new int[a.outputs().size()];
    for (int i = 0, j = 0; i < nOut; i++) {
      map[i] = i == o ? -1 : j++;
    }
    for (int s = 0; s < op.nStates(); s++) {
      map[nOut + s] = nOut - 1 + s;
    }
    Map<Variable, Variable> givens = replaceOutputs(a, made, map);
    for (Apply u : uses) {
      givens.put(u.output(0), made.get(made.size() - 1));
    }
    return givens;
  }

  private static int[] identity(Apply a) {
    int[] map = new int[a.outputs().size()];
    for (int i = 0; i < map.length; i++) {
      map[i] = i;
    }
    return map;
  }

  private static Map<Variable, Variable> replaceOutputs(Apply a, List<Variable> made,
      int[] map) {
    Map<Variable, Variable> givens = new IdentityHashMap<>();
    for (int i = 0; i < map.length; i++) {
      if (map[i] >= 0) {
        givens.put(a.output(i), made.get(map[i]));
      }
    }
    return givens;
  }

  private static int[][] seqTaps(ScanOp op) {
    int[][] t = new int[op.nSeqs()][];
    for (int s = 0; s < t.length; s++) {
      t[s] = op.seqTaps(s);
    }
    return t;
  }

  private static int[][] outTaps(ScanOp op) {
    int[][] t = new int[op.nOuts()][];
    for (int o = 0; o < t.length; o++) {
      t[o] = op.outTaps(o);
    }
    return t;
  }

  private static boolean[] plainInits(ScanOp op) {
    boolean[] p = new boolean[op.nOuts()];
    for (int o = 0; o < p.length; o++) {
      p[o] = op.plainInit(o);
    }
    return p;
  }
}
