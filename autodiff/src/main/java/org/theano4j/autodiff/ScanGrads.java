package org.theano4j.autodiff;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.theano4j.TheanoException;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.Variable;
import org.theano4j.scan.Scan;
import org.theano4j.tensor.DimShuffle;
import org.theano4j.tensor.Dot;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.Reduce;
import org.theano4j.tensor.ReduceKind;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ScanOp;
import org.theano4j.tensor.Shape;
import org.theano4j.tensor.ShapeI;
import org.theano4j.tensor.T;

/**
 * Backpropagation through time: the gradient of a {@link ScanOp} node is another scan, built
 * with {@link Scan}, that runs backwards over the forward pass's stored values (the sequences'
 * rows, and each fed-back output's history preceded by its initial rows) and, per step,
 * evaluates the vector-Jacobian product of the forward step (autodiff on the inner graph),
 * reading the step's outputs from the stored results instead of recomputing them, and the
 * intermediate values it needs from extra outputs of the forward loop ({@link Residuals}).
 * It carries, per fed-back output with taps down to {@code -K}, the {@code K} gradients
 * accumulated so far for the states it reads back, and per float non-sequence the sum of its
 * gradient over the steps; it outputs the gradient of each sequence row. The initial values'
 * gradients are the carried gradients after the last backward step. With
 * {@code truncateGradient(k)} the backward scan runs over the last {@code k} steps only
 * (earlier rows get zero, and the initial values zero unless the loop ran at most {@code k}
 * steps). The {@code until} condition is not differentiated (disconnected, as in Theano).
 * The backward scan has no states of its own, so its gradient is this rule again. States the
 * step's outputs read (random streams) are recomputed per step by a scan of their own
 * recurrence and passed to the backward step as a sequence, so it redraws the forward's
 * numbers; a state whose next value reads the step's sequences or outputs is refused.
 *
 * <p>A non-sequence's per-step gradient made of terms {@code Aᵀ·B} (a matrix weight used by
 * a {@code dot} in the step) or {@code sum(G, leading axes)} (a broadcast bias) is not
 * accumulated step by step: the backward step outputs {@code A}/{@code B}/{@code G} as
 * per-step rows, and the sum over the steps is one GEMM (or one reduction) after the loop,
 * {@code Σ_t A_tᵀ·B_t = reshape(A, (steps·m, k))ᵀ · reshape(B, (steps·m, n))} (Theano's
 * scan optimisation that pushes such dots out of the loop). Other terms are carried as a
 * running sum.
 */
@AutoService(GradFamily.class)
public final class ScanGrads implements GradFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public ScanGrads() {}

  @Override
  public void register(Registry r) {
    r.rule(ScanOp.class, ScanGrads::grads);
  }

  static List<Variable> grads(Apply node, List<Variable> gz) {
    ScanOp op = (ScanOp) node.op();
    int nOut = op.nOuts();
    List<Variable> result = new ArrayList<>(Collections.nCopies(node.inputs().size(), null));
    List<Variable> ins = op.innerInputs();
    List<Variable> innerOuts = op.innerOutputs();
    // cotangent placeholders of the step's float outputs
    Map<Variable, Variable> known = new IdentityHashMap<>();
    Variable[] cot = new Variable[nOut];
    for (int o = 0; o < nOut; o++) {
      if (innerOuts.get(o).dtype().isFloat()) {
        cot[o] = Variable.input(innerOuts.get(o).type(), "d(" + op.name() + " output " + o
            + ")");
        known.merge(innerOuts.get(o), cot[o], T::add);
      }
    }
    for (int i = 0; i < op.nStates(); i++) {
      Variable g = gz.get(nOut + i);
      if (g != null && g.dtype().isFloat()) {
        throw new TheanoException("grad: the gradient through the value " + op.name()
            + " leaves in the shared variable " + node.input(op.firstStateInput() + i)
            .describe() + " (updated inside the loop) is not implemented; scan node created "
            + "at " + node.site());
      }
    }
    if (known.isEmpty() || nOut == 0) {
      return result;
    }
    Set<Variable> reached = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Variable> outs = new ArrayList<>(innerOuts.subList(0, nOut));
    for (Apply a : Graphs.toposort(outs)) {
      reached.addAll(a.inputs());
    }
    reached.addAll(outs);
    // states the outputs read (random streams): their value at each step is recomputed by a
    // scan of the states' own recurrence, so the backward step redraws the forward's numbers
    Set<Variable> fixedInputs = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < op.nStates(); i++) {
      fixedInputs.add(ins.get(op.firstInnerState() + i));
    }
    fixedInputs.addAll(ins.subList(op.firstInnerNonSeq(), op.firstInnerNonSeq()
        + op.nNonSeqs()));
    Map<Integer, Variable> stateHistory = new java.util.LinkedHashMap<>();
    for (int i = 0; i < op.nStates(); i++) {
      Variable s = ins.get(op.firstInnerState() + i);
      if (reached.contains(s)) {
        if (!readsOnly(innerOuts.get(nOut + i), fixedInputs)) {
          throw new TheanoException("grad: the outputs of " + op.name() + " (created at "
              + node.site() + ") depend on " + node.input(op.firstStateInput() + i).describe()
              + ", a state updated inside the loop whose next value depends on the step's "
              + "sequences or outputs, so its value at each step cannot be recomputed and the "
              + "loop cannot be differentiated; draw the random numbers outside the scan and "
              + "pass them as a sequence");
        }
        stateHistory.put(i, null);
      }
    }
    if (!stateHistory.isEmpty()) {
      stateHistory = statesPerStep(node, op, List.copyOf(stateHistory.keySet()));
    }
    // the vector-Jacobian product of one step, in terms of the forward inner inputs and cot
    List<Variable> wrt = new ArrayList<>();
    for (Variable v : ins) {
      if (v.dtype().isFloat()) {
        wrt.add(v);
      }
    }
    List<Variable> vjp = Grad.grad(null, wrt, GradOptions.defaults().knownGrads(known)
        .disconnected(DisconnectedPolicy.IGNORE));
    Map<Variable, Variable> dOf = new IdentityHashMap<>();
    for (int i = 0; i < wrt.size(); i++) {
      dOf.put(wrt.get(i), vjp.get(i));
    }
    return new Backward(node, op, gz, cot, dOf, result, stateHistory,
        Residuals.of(node, op, dOf)).build();
  }

  /**
   * The forward step's intermediate values that the vector-Jacobian product reads (an LSTM's
   * gate activations {@code σ(z)}, {@code tanh(c')}), stored per step instead of recomputed:
   * {@code stacked} are the extra outputs of a copy of the forward scan that also outputs
   * {@code inner}. The backward step reads their rows, so it recomputes neither them nor what
   * they are computed from (the LSTM's pre-activations and their two GEMMs). The copy has the
   * forward node's inputs and inner graph, so the optimiser's {@code scan-merge} makes it and
   * the forward node one loop; without that phase (FAST_COMPILE) the forward runs twice, about
   * what the recomputation cost. The stored rows are the values the backward step would have
   * recomputed from the same inputs with the same kernels.
   */
  private record Residuals(List<Variable> inner, List<Variable> stacked) {
    static final Residuals NONE = new Residuals(List.of(), List.of());

    static Residuals of(Apply node, ScanOp op, Map<Variable, Variable> dOf) {
      List<Variable> innerOuts = op.innerOutputs();
      Set<Apply> forward = Collections.newSetFromMap(new IdentityHashMap<>());
      forward.addAll(Graphs.toposort(innerOuts));
      Set<Variable> outs = Collections.newSetFromMap(new IdentityHashMap<>());
      outs.addAll(innerOuts);
      Set<Variable> perStep = Collections.newSetFromMap(new IdentityHashMap<>());
      perStep.addAll(op.innerInputs().subList(0, op.firstInnerNonSeq()));
      perStep.addAll(op.innerInputs().subList(op.firstInnerNonSeq() + op.nNonSeqs(),
          op.innerInputs().size()));
      List<Variable> vjps = new ArrayList<>();
      for (Variable d : dOf.values()) {
        if (d != null) {
          vjps.add(d);
        }
      }
      List<Variable> inner = new ArrayList<>();
      Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Apply a : Graphs.toposort(vjps)) {
        // reads of a shape only (zeros_like) do not need the value
        if (forward.contains(a) || a.op() instanceof Shape || a.op() instanceof ShapeI) {
          continue;
        }
        for (Variable v : a.inputs()) {
          if (v.owner() != null && forward.contains(v.owner()) && !outs.contains(v)
              && seen.add(v) && readsAny(v, perStep)) {
            inner.add(v);
          }
        }
      }
      if (inner.isEmpty()) {
        return NONE;
      }
      int nOut = op.nOuts();
      List<Variable> withRes = new ArrayList<>(innerOuts.subList(0, nOut));
      withRes.addAll(inner);
      withRes.addAll(innerOuts.subList(nOut, innerOuts.size()));
      int[][] seqTaps = new int[op.nSeqs()][];
      for (int s = 0; s < seqTaps.length; s++) {
        seqTaps[s] = op.seqTaps(s);
      }
      int[][] outTaps = new int[nOut + inner.size()][];
      boolean[] plain = new boolean[outTaps.length];
      for (int o = 0; o < outTaps.length; o++) {
        outTaps[o] = o < nOut ? op.outTaps(o) : new int[0];
        plain[o] = o < nOut && op.plainInit(o);
      }
      ScanOp copy = new ScanOp(op.innerInputs(), withRes, seqTaps, outTaps, plain,
          op.nStates(), op.nNonSeqs(), op.hasNSteps(), op.hasUntil(), op.truncateGradient(),
          op.name());
      Apply f = Apply.make(copy, node.inputs(), node.site());
      return new Residuals(inner, f.outputs().subList(nOut, nOut + inner.size()));
    }

    /** Whether {@code v} is computed from one of {@code inputs}. */
    private static boolean readsAny(Variable v, Set<Variable> inputs) {
      for (Apply a : Graphs.toposort(List.of(v))) {
        for (Variable in : a.inputs()) {
          if (inputs.contains(in)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /** Whether {@code v} is computed from {@code allowed} inputs and constants only. */
  private static boolean readsOnly(Variable v, Set<Variable> allowed) {
    List<Variable> roots = new ArrayList<>();
    if (v.owner() == null) {
      roots.add(v);
    }
    for (Apply a : Graphs.toposort(List.of(v))) {
      for (Variable in : a.inputs()) {
        if (in.owner() == null) {
          roots.add(in);
        }
      }
    }
    for (Variable r : roots) {
      if (!allowed.contains(r) && !(r instanceof org.theano4j.graph.Constant)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Per state in {@code states}: the values it takes before each step, {@code s_0 ... s_{n-1}}
   * followed by the value after the last ({@code n + 1} rows), from a scan of the states'
   * own recurrence (their next values read only the states and the non-sequences).
   */
  private static Map<Integer, Variable> statesPerStep(Apply node, ScanOp op,
      List<Integer> states) {
    List<Variable> ins = op.innerInputs();
    List<Object> inits = new ArrayList<>();
    for (int i : states) {
      inits.add(node.input(op.firstStateInput() + i));
    }
    List<Variable> nonSeqs = new ArrayList<>();
    for (int k = 0; k < op.nNonSeqs(); k++) {
      nonSeqs.add(node.input(op.firstNonSeqInput() + k));
    }
    Scan.Result r = Scan.builder().name(op.name() + "_states").outputsInfo(inits)
        .nonSequences(nonSeqs).nSteps(T.shapeOf(node.output(0), 0)).fn(a -> {
          Map<Variable, Variable> givens = new IdentityHashMap<>();
          for (int j = 0; j < op.nStates(); j++) {
            int at = states.indexOf(j);
            // a state not read by the outputs keeps its initial value here (not used)
            givens.put(ins.get(op.firstInnerState() + j), at >= 0 ? a.get(at)
                : node.input(op.firstStateInput() + j));
          }
          for (int k = 0; k < op.nNonSeqs(); k++) {
            givens.put(ins.get(op.firstInnerNonSeq() + k), a.get(states.size() + k));
          }
          List<Variable> next = new ArrayList<>();
          for (int i : states) {
            next.add(op.innerOutputs().get(op.nOuts() + i));
          }
          return Graphs.substitute(next, givens, "the states' recurrence");
        }).build();
    Map<Integer, Variable> out = new java.util.LinkedHashMap<>();
    for (int j = 0; j < states.size(); j++) {
      Variable init = node.input(op.firstStateInput() + states.get(j));
      out.put(states.get(j), T.concatenate(List.of(T.stack(List.of(init), 0), r.output(j)), 0));
    }
    return out;
  }

  /** The backward scan of one node and the gradients read from it. */
  private static final class Backward {
    private final Apply node;
    private final ScanOp op;
    private final List<Variable> gz;
    private final Variable[] cot;
    private final Map<Variable, Variable> dOf;
    private final List<Variable> result;
    private final Variable steps;
    private final Map<Integer, Variable> stateHistory;
    private final Residuals residuals;

    Backward(Apply node, ScanOp op, List<Variable> gz, Variable[] cot,
        Map<Variable, Variable> dOf, List<Variable> result, Map<Integer, Variable> stateHistory,
        Residuals residuals) {
      this.stateHistory = stateHistory;
      this.residuals = residuals;
      this.node = node;
      this.op = op;
      this.gz = gz;
      this.cot = cot;
      this.dOf = dOf;
      this.result = result;
      this.steps = T.shapeOf(node.output(0), 0);
    }

    List<Variable> build() {
      List<Variable> ins = op.innerInputs();
      // backward sequences: each forward sequence's used rows and each fed-back output's
      // states (initial rows, then history), read at the negated taps from the end; then the
      // output gradients
      List<Object> seqs = new ArrayList<>();
      List<int[]> order = new ArrayList<>(); // per backward sequence: inner input per arg
      int inner = 0;
      for (int s = 0; s < op.nSeqs(); s++) {
        Variable seq = node.input(op.firstSeqInput() + s);
        Variable used = seq.slice(0, steps.add(op.seqLead(s) + op.seqTail(s)));
        inner = addSeq(seqs, order, used, op.seqTaps(s), inner);
      }
      int init = op.firstInitInput();
      Variable[] initOf = new Variable[op.nOuts()];
      for (int o = 0; o < op.nOuts(); o++) {
        if (op.outTaps(o).length == 0) {
          continue;
        }
        initOf[o] = node.input(init++);
        Variable rows = op.plainInit(o) ? T.stack(List.of(initOf[o]), 0)
            : initOf[o].slice(0, op.window(o));
        Variable ext = T.concatenate(List.of(rows, node.output(o)), 0);
        inner = addSeq(seqs, order, ext, op.outTaps(o), inner);
      }
      // the states the step's outputs read (random streams), one row per step, as read at -1
      for (Map.Entry<Integer, Variable> e : stateHistory.entrySet()) {
        seqs.add(Scan.taps(e.getValue(), 1));
        order.add(new int[] {op.firstInnerState() + e.getKey()});
      }
      int firstGy = seqs.size();
      for (int o = 0; o < op.nOuts(); o++) {
        if (cot[o] != null) {
          Variable g = gz.get(o);
          seqs.add(g != null ? g : T.zerosLike(node.output(o)));
        }
      }
      // the stored outputs: the step's gradient reads them instead of recomputing them
      for (int o = 0; o < op.nOuts(); o++) {
        if (cot[o] != null) {
          seqs.add(node.output(o));
        }
      }
      // the stored intermediates (Residuals), read instead of recomputed
      seqs.addAll(residuals.stacked());
      // recurrent outputs: carried state gradients, non-sequence sums; then per sequence tap
      // its gradient (not fed back)
      List<Object> outsInfo = new ArrayList<>();
      for (int o = 0; o < op.nOuts(); o++) {
        if (op.outTaps(o).length > 0 && cot[o] != null) {
          Variable zero = T.zerosLike(op.plainInit(o) ? initOf[o] : initOf[o].get(0));
          for (int j = 0; j < op.window(o); j++) {
            outsInfo.add(zero);
          }
        }
      }
      List<Integer> accOf = new ArrayList<>();
      List<Variable> nonSeqs = new ArrayList<>();
      for (int i = 0; i < op.nNonSeqs(); i++) {
        Variable w = node.input(op.firstNonSeqInput() + i);
        nonSeqs.add(w);
        if (w.dtype().isFloat()) {
          accOf.add(i);
          if (carriedPart(i) != null) {
            outsInfo.add(T.zerosLike(w));
          }
        }
      }
      int nCarried = outsInfo.size();
      int nSeqTapOuts = 0;
      for (int s = 0; s < op.nSeqs(); s++) {
        for (int k = 0; k < op.seqTaps(s).length; k++) {
          outsInfo.add(null);
          nSeqTapOuts++;
        }
      }
      List<Variable> pushedRows = pushedRows(accOf);
      int nPushed = pushedRows.size();
      for (int j = 0; j < nPushed; j++) {
        outsInfo.add(null);
      }
      final int nGy = (seqs.size() - firstGy - residuals.stacked().size()) / 2;
      Variable nb = op.truncateGradient() > 0
          ? T.minimum(steps, T.constant(org.theano4j.ndarray.NDArray.scalar(
              (long) op.truncateGradient()))) : steps;
      Scan.Result back = Scan.builder().name(op.name() + "_grad").sequences(seqs)
          .outputsInfo(outsInfo).nonSequences(nonSeqs).nSteps(nb).goBackwards(true)
          .fn(a -> step(a, order, firstGy, nGy, nCarried, accOf)).build();
      // gradients from the backward scan's results
      List<Variable> bo = back.outputs();
      Variable complete = op.truncateGradient() > 0 ? nb.eq(steps) : null;
      int c = 0;
      for (int o = 0; o < op.nOuts(); o++) {
        if (op.outTaps(o).length == 0 || cot[o] == null) {
          continue;
        }
        int k = op.window(o);
        Variable g;
        if (op.plainInit(o)) {
          g = last(bo.get(c));
        } else {
          List<Variable> rows = new ArrayList<>();
          for (int j = k - 1; j >= 0; j--) {
            rows.add(last(bo.get(c + j)));
          }
          g = T.incSubtensor(T.zerosLike(initOf[o]).slice(0, k), T.stack(rows, 0));
        }
        if (complete != null) {
          g = T.where(complete, g, T.zerosLike(g));
        }
        result.set(op.initInput(o), g);
        c += k;
      }
      Map<Variable, Variable> stackedRows = new IdentityHashMap<>();
      for (int j = 0; j < nPushed; j++) {
        stackedRows.put(pushedRows.get(j), bo.get(nCarried + nSeqTapOuts + j));
      }
      for (int i : accOf) {
        Variable g = null;
        if (carriedPart(i) != null) {
          g = last(bo.get(c++));
        }
        for (Pushed term : pushed(i)) {
          Variable t = term.afterLoop(term.rows().stream().map(stackedRows::get).toList());
          g = g == null ? t : g.add(t);
        }
        result.set(op.firstNonSeqInput() + i, g);
      }
      int d = nCarried;
      for (int s = 0; s < op.nSeqs(); s++) {
        Variable seq = node.input(op.firstSeqInput() + s);
        Variable g = T.zerosLike(seq);
        for (int k : op.seqTaps(s)) {
          Variable rows = bo.get(d++).get(T.slice(null, null, -1));
          Variable from = steps.sub(nb).add(op.seqLead(s) + k);
          g = T.incSubtensor(g.slice(from, from.add(nb)), rows);
        }
        result.set(op.firstSeqInput() + s, seq.dtype().isFloat() ? g : null);
      }
      if (nSeqTapOuts + nCarried + nPushed != bo.size()) {
        throw new IllegalStateException("backward scan has " + bo.size() + " outputs");
      }
      return result;
    }

    /** The rows the pushed terms of the non-sequences {@code accOf} read, each once. */
    private List<Variable> pushedRows(List<Integer> accOf) {
      Set<Variable> rows = Collections.newSetFromMap(new IdentityHashMap<>());
      List<Variable> out = new ArrayList<>();
      for (int i : accOf) {
        for (Pushed term : pushed(i)) {
          for (Variable r : term.rows()) {
            if (rows.add(r)) {
              out.add(r);
            }
          }
        }
      }
      return out;
    }

    /** The terms of non-sequence {@code i}'s step gradient summed after the loop. */
    private List<Pushed> pushed(int i) {
      return split(i).pushed();
    }

    /** The rest of non-sequence {@code i}'s step gradient, carried as a running sum, or null. */
    private Variable carriedPart(int i) {
      return split(i).carried();
    }

    private final Map<Integer, Split> splits = new java.util.HashMap<>();

    private Split split(int i) {
      return splits.computeIfAbsent(i, k -> {
        Variable d = dOf.get(op.innerInputs().get(op.firstInnerNonSeq() + k));
        List<Pushed> out = new ArrayList<>();
        Variable rest = null;
        for (Variable term : addends(d)) {
          Pushed p = Pushed.of(term, this::perStep);
          if (p != null) {
            out.add(p);
          } else {
            rest = rest == null ? term : rest.add(term);
          }
        }
        return new Split(out, rest);
      });
    }

    /** Whether {@code v} depends on a value that changes from step to step. */
    private boolean perStep(Variable v) {
      Set<Variable> fixed = Collections.newSetFromMap(new IdentityHashMap<>());
      fixed.addAll(op.innerInputs().subList(op.firstInnerNonSeq(),
          op.firstInnerNonSeq() + op.nNonSeqs()));
      Set<Variable> varying = Collections.newSetFromMap(new IdentityHashMap<>());
      varying.addAll(op.innerInputs());
      varying.removeAll(fixed);
      for (Variable c : cot) {
        if (c != null) {
          varying.add(c);
        }
      }
      if (varying.contains(v)) {
        return true;
      }
      for (Apply a : Graphs.toposort(List.of(v))) {
        for (Variable in : a.inputs()) {
          if (varying.contains(in)) {
            return true;
          }
        }
      }
      return false;
    }

    /** The operands of a (nested) elementwise sum, or {@code v} itself; null gives none. */
    private static List<Variable> addends(Variable v) {
      List<Variable> out = new ArrayList<>();
      if (v == null) {
        return out;
      }
      Apply a = v.owner();
      if (a != null && a.op() instanceof Elemwise e && e.scalar() == Scalar.ADD
          && a.inputs().stream().allMatch(x -> x.type().equals(v.type()))) {
        for (Variable x : a.inputs()) {
          out.addAll(addends(x));
        }
      } else {
        out.add(v);
      }
      return out;
    }

    private static Variable last(Variable stacked) {
      return stacked.get(-1);
    }

    /**
     * Adds a backward sequence read at the negated {@code taps}; records, per argument the
     * backward step receives for it (negated taps ascending), the forward inner input.
     */
    private static int addSeq(List<Object> seqs, List<int[]> order, Variable v, int[] taps,
        int firstInner) {
      int[] neg = new int[taps.length];
      int[] innerAt = new int[taps.length];
      for (int i = 0; i < taps.length; i++) {
        neg[i] = -taps[taps.length - 1 - i];
        innerAt[i] = firstInner + taps.length - 1 - i;
      }
      seqs.add(Scan.taps(v, neg));
      order.add(innerAt);
      return firstInner + taps.length;
    }

    /** One backward step. */
    private List<Variable> step(List<Variable> a, List<int[]> order, int firstGy, int nGy,
        int nCarried, List<Integer> accOf) {
      List<Variable> ins = op.innerInputs();
      Map<Variable, Variable> givens = new IdentityHashMap<>();
      int at = 0;
      for (int[] innerAt : order) {
        for (int i : innerAt) {
          givens.put(ins.get(i), a.get(at++));
        }
      }
      List<Variable> gy = a.subList(at, at + nGy);
      at += nGy;
      List<Variable> stored = a.subList(at, at + nGy);
      at += nGy;
      for (Variable v : residuals.inner()) {
        givens.put(v, a.get(at++));
      }
      List<Variable> carried = a.subList(at, at + nCarried);
      at += nCarried;
      for (int i = 0; i < op.nNonSeqs(); i++) {
        givens.put(ins.get(op.firstInnerNonSeq() + i), a.get(at + i));
      }
      // the cotangent of each float output: its outer gradient plus what later steps gave
      int g = 0;
      int c = 0;
      for (int o = 0; o < op.nOuts(); o++) {
        if (cot[o] == null) {
          continue;
        }
        givens.put(op.innerOutputs().get(o), stored.get(g));
        Variable total = gy.get(g++);
        if (op.outTaps(o).length > 0) {
          total = total.add(carried.get(c));
          c += op.window(o);
        }
        givens.put(cot[o], total);
      }
      List<Variable> exprs = new ArrayList<>();
      List<Variable> out = new ArrayList<>();
      // new carried gradients: c'_j = c_{j+1} + d(tap -(j+1)), c'_{K-1} = d(tap -K)
      c = 0;
      int tapIn = op.firstInnerOutTap();
      for (int o = 0; o < op.nOuts(); o++) {
        int[] taps = op.outTaps(o);
        if (taps.length == 0) {
          continue;
        }
        if (cot[o] == null) {
          tapIn += taps.length;
          continue;
        }
        int k = op.window(o);
        for (int j = 0; j < k; j++) {
          int tap = -(j + 1);
          int pos = Arrays.binarySearch(taps, tap);
          Variable d = pos >= 0 ? dOf.get(ins.get(tapIn + pos)) : null;
          Variable next = j + 1 < k ? carried.get(c + j + 1) : null;
          out.add(sum(next, d, carried.get(c + j)));
        }
        tapIn += taps.length;
        c += k;
      }
      for (int i : accOf) {
        Variable d = carriedPart(i);
        if (d != null) {
          out.add(sum(carried.get(c++), d, null));
        }
      }
      int s = 0;
      for (int q = 0; q < op.nSeqs(); q++) {
        for (int k = 0; k < op.seqTaps(q).length; k++) {
          Variable in = ins.get(s++);
          Variable d = dOf.get(in);
          out.add(d != null ? d : T.zerosLike(in));
        }
      }
      out.addAll(pushedRows(accOf));
      exprs.addAll(out);
      return Graphs.substitute(exprs, givens, "the backward step's inputs");
    }

    /** {@code a + b} where either may be null; {@code like}'s zeros when both are. */
    private static Variable sum(Variable a, Variable b, Variable like) {
      if (a == null && b == null) {
        return T.zerosLike(like);
      }
      return a == null ? b : b == null ? a : a.add(b);
    }
  }

  /** A non-sequence's step gradient split into terms summed after the loop and the rest. */
  private record Split(List<Pushed> pushed, Variable carried) {}

  /**
   * A term of a non-sequence's step gradient that the backward step outputs as per-step rows
   * and that is summed over the steps after the loop: {@code Aᵀ·B} (rows {@code A}, {@code B},
   * each a matrix; the sum is one GEMM over the stacked rows) or {@code sum(G, axes 0..e-1)}
   * (rows {@code G}; the sum is one reduction).
   */
  private record Pushed(List<Variable> rows, int sumAxes) {
    /** The term as rows to output, or null when it is not of a pushed form. */
    static Pushed of(Variable term, java.util.function.Predicate<Variable> perStep) {
      Apply a = term.owner();
      if (a == null || !perStep.test(term)) {
        return null;
      }
      if (a.op() instanceof Dot && a.input(0).ndim() == 2 && a.input(1).ndim() == 2
          && perStep.test(a.input(0)) && perStep.test(a.input(1))) {
        Variable left = a.input(0);
        Apply t = left.owner();
        Variable rowsA = t != null && t.op() instanceof DimShuffle d
            && d.order().equals(List.of(1, 0)) ? t.input(0) : left.T();
        return new Pushed(List.of(rowsA, a.input(1)), 0);
      }
      if (a.op() instanceof Reduce r && r.kind() == ReduceKind.SUM && !r.keepdims()
          && r.axes().equals(leading(r.axes().size())) && perStep.test(a.input(0))) {
        return new Pushed(List.of(a.input(0)), r.axes().size());
      }
      return null;
    }

    private static List<Integer> leading(int n) {
      List<Integer> l = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        l.add(i);
      }
      return l;
    }

    /** The term summed over the steps, from the backward scan's stacked rows. */
    Variable afterLoop(List<Variable> stacked) {
      if (rows.size() == 2) {
        Variable as = stacked.get(0);
        Variable bs = stacked.get(1);
        Variable af = T.reshape(as, -1, T.shapeOf(as, 2));
        Variable bf = T.reshape(bs, -1, T.shapeOf(bs, 2));
        return T.dot(af.T(), bf);
      }
      return T.sum(stacked.get(0), leading(sumAxes + 1).stream().mapToInt(Integer::intValue)
          .toArray());
    }
  }
}
