package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.compile.Mode;
import org.theano4j.compile.UnusedInputPolicy;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.Storage;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.ScanOp;
import org.theano4j.tensor.IfElse;

/**
 * Runs a {@link ScanOp}: its inner graph is compiled once per op, when the first function
 * containing the node is linked (a {@code FAST_RUN} function of the JVM backend: rewrites,
 * fusion and in-place planning apply inside the step), and its executable is run once per step
 * on views of the sequences' rows and of the states, with no per-step conversion or check of
 * the arguments (their types follow from the node's, checked when it was built; the step
 * count, the sequences' lengths and the initial rows are checked once per call, each output's
 * shape per step). Each step's outputs are copied into result arrays allocated after the first
 * step. The step writes into none of its roots but its carried states, and into a state only
 * when the loop owns its buffer (see {@link #loop}), so a sequence's row, an output fed back, a
 * non-sequence and the caller's initial state are never changed by the step reading them; a
 * final state that aliases an input, a constant, a stacked output or another state is copied.
 */
@AutoService(KernelFamily.class)
public final class ScanKernel implements KernelFamily {
  /** Compiled steps, per scan node; a node that is no longer referenced lets its function go. */
  private static final Map<Apply, Function> COMPILED =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public ScanKernel() {}

  @Override
  public void register(Registry r) {
    r.kernel(ScanOp.class, InplaceInfo.FRESH, new JvmKernel() {
      @Override
      public NDArray[] run(Apply node, NDArray[] inputs) {
        return ScanKernel.run(node, inputs);
      }

      @Override
      public void link(Apply node) {
        compiled(node);
      }
    });
  }

  /**
   * The step function of scan node {@code node}, compiled once (when the function containing
   * it links).
   */
  static Function compiled(Apply node) {
    return COMPILED.computeIfAbsent(node, ScanKernel::compile);
  }

  /**
   * The step as a function whose carried states are destroyable: the node computing state
   * {@code i}'s next value may overwrite state {@code i}'s buffer in place (a weight update's
   * GEMM, as in a function updating a shared variable), which the loop allows only on a
   * buffer it owns (see {@link #loop}). A non-sequence that the outer graph gives as a
   * constant is the step's constant, and one bound to the same outer variable as an earlier
   * one reads that one, so that the step's merge and constant folding apply across them (the
   * gradient's two hoisted {@code -1} factors of a softmax step are then one, as in the graph
   * without the loop); the inputs they replace are passed and not read.
   */
  private static Function compile(Apply node) {
    ScanOp op = (ScanOp) node.op();
    Map<Variable, Variable> bind = new IdentityHashMap<>();
    Map<Variable, Variable> innerOf = new IdentityHashMap<>();
    for (int i = 0; i < op.nNonSeqs(); i++) {
      Variable inner = op.innerInputs().get(op.firstInnerNonSeq() + i);
      Variable outer = node.input(op.firstNonSeqInput() + i);
      Variable first = outer instanceof Constant ? outer : innerOf.putIfAbsent(outer, inner);
      if (first != null) {
        bind.put(inner, first);
      }
    }
    List<Variable> outs = bind.isEmpty() ? op.innerOutputs()
        : Graphs.substitute(op.innerOutputs(), bind, "the scan's step");
    Map<Variable, Integer> destroyable = new IdentityHashMap<>();
    for (int i = 0; i < op.nStates(); i++) {
      destroyable.put(op.innerInputs().get(op.firstInnerState() + i), op.nOuts() + i);
    }
    return Theano.function(op.innerInputs(), outs).mode(Mode.FAST_RUN)
        .backend("jvm").onUnusedInput(UnusedInputPolicy.IGNORE).destroyableInputs(destroyable)
        .build();
  }

  /** Per state of {@code op}, whether its compiled step {@code f} may overwrite it in place. */
  private static boolean[] overwrittenStates(ScanOp op, Function f) {
    boolean[] w = new boolean[op.nStates()];
    f.graph().destroyMap().forEach((node, idx) -> {
      int i = op.innerInputs().indexOf(node.input(idx)) - op.firstInnerState();
      if (i >= 0 && i < w.length) {
        w[i] = true;
      }
    });
    return w;
  }

  static NDArray[] run(Apply node, NDArray[] in) {
    ScanOp op = (ScanOp) node.op();
    Function f = compiled(node);
    // one call of the step at a time (its interpreter's buffers are its own)
    synchronized (f) {
      return loop(node, op, f, in);
    }
  }

  /**
   * The loop. A state that the compiled step may overwrite in place runs on a buffer the loop
   * owns: before a step, such a state whose buffer is not the loop's (the caller's initial
   * value, an input's or a constant's, a row of a stacked output) is copied once into a fresh
   * one; from then on the step updates it in place (the interpreter still declines the in-place
   * write when another root of the step shares the buffer), so a weight updated inside the loop
   * costs what it costs in a function updating a shared variable.
   */
  private static NDArray[] loop(Apply node, ScanOp op, Function f, NDArray[] in) {
    Plan plan = Plan.of(op, f);
    // the step disowns its arguments, the node's inputs among them: those that an arena of
    // this function owned go back to it after the loop (the outputs are none of them)
    boolean[] owned = plan.owned(in.length);
    for (int i = 0; i < in.length; i++) {
      owned[i] = ArrayArena.owned(in[i]);
    }
    try {
      return loop(node, op, f, in, plan);
    } finally {
      for (int i = 0; i < in.length; i++) {
        if (owned[i]) {
          ArrayArena.restoreOwner(in[i]);
        }
      }
      plan.clear();
    }
  }

  /**
   * What the loop of one scan node reads off its op on every call (the taps, the initial
   * values' inputs, the outputs passed through from a sequence, the states the step overwrites)
   * its set of foreign storage and its working arrays (emptied after each call, so that the
   * plan keeps no value alive), kept in the node's {@link ArrayArena#state} so that a call
   * does not make them again.
   */
  private static final class Plan {
    final int[] rows;
    final int[] initOf;
    final int[][] seqTaps;
    final int[][] outTaps;
    final boolean[] plainInit;
    final int[] window;
    final int[] passSeq;
    final int[] passTap;
    final boolean[] overwrites;
    final Set<Storage> foreign = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The step's arguments, states, states superseded by a step and stacked outputs. */
    final NDArray[] args;
    final NDArray[] states;
    final NDArray[] superseded;
    final NDArray[] stacked;
    /** The arena of the node (its result array), null outside a compiled function. */
    final ArrayArena arena;
    /**
     * The wrappers of the rows a step reads (sequences', fed-back outputs', initial values')
     * and writes (its stacked outputs'), re-pointed every step: the step function disowns its
     * arguments, and the loop takes them back ({@link ArrayArena#reclaim}) but those the step
     * returned.
     */
    final ArrayArena rowViews = new ArrayArena();
    /** Each output's row shape, as the first step gave it. */
    final int[][] rowShape;
    private NDArray[] keep = new NDArray[0];
    private boolean[] owned = new boolean[0];

    /** Per input of the node: whether an arena owned it when the call began. */
    boolean[] owned(int n) {
      if (owned.length != n) {
        owned = new boolean[n];
      }
      return owned;
    }

    /**
     * The step's results {@code r} that the loop reads after the step: all but the outputs
     * passed through from a sequence, which the loop takes from the sequence after the loop
     * (the caller empties the array after use).
     */
    NDArray[] keep(NDArray[] r) {
      if (keep.length != r.length) {
        keep = new NDArray[r.length];
      }
      System.arraycopy(r, 0, keep, 0, r.length);
      for (int o = 0; o < passSeq.length; o++) {
        if (passSeq[o] >= 0) {
          keep[o] = null;
        }
      }
      return keep;
    }

    static Plan of(ScanOp op, Function f) {
      ArrayArena arena = ArrayArena.current();
      if (arena != null && arena.state() instanceof Plan) {
        return (Plan) arena.state();
      }
      Plan plan = new Plan(op, f, arena);
      if (arena != null) {
        arena.state(plan);
      }
      return plan;
    }

    /** Drops every array the call put in the plan. */
    void clear() {
      foreign.clear();
      Arrays.fill(args, null);
      Arrays.fill(states, null);
      Arrays.fill(superseded, null);
      Arrays.fill(stacked, null);
    }

    /** The array the loop returns its {@code n} outputs in. */
    NDArray[] results(int n) {
      return arena == null ? new NDArray[n] : arena.results(n);
    }

    private Plan(ScanOp op, Function f, ArrayArena arena) {
      this.arena = arena;
      int nOut = op.nOuts();
      args = new NDArray[f.graph().roots().size()];
      states = new NDArray[op.nStates()];
      superseded = new NDArray[op.nStates()];
      stacked = new NDArray[nOut];
      rowShape = new int[nOut][];
      rows = new int[op.nSeqs()];
      overwrites = overwrittenStates(op, f);
      initOf = new int[nOut];
      for (int o = 0; o < nOut; o++) {
        initOf[o] = op.initInput(o);
      }
      // the taps, read once (the op hands out copies)
      seqTaps = new int[op.nSeqs()][];
      for (int s = 0; s < seqTaps.length; s++) {
        seqTaps[s] = op.seqTaps(s);
        for (int i = 0; i < seqTaps[s].length; i++) {
          seqTaps[s][i] += op.seqLead(s);
        }
      }
      outTaps = new int[nOut][];
      plainInit = new boolean[nOut];
      window = new int[nOut];
      for (int o = 0; o < nOut; o++) {
        outTaps[o] = op.outTaps(o);
        plainInit[o] = op.plainInit(o);
        window[o] = initOf[o] >= 0 ? op.window(o) : 0;
      }
      // an output not fed back that is a sequence's row passed through unchanged (a gradient
      // scan's x_t, kept for the sum after the loop): copied from the sequence in one piece
      // after the loop rather than row by row; passSeq[o] is its sequence, passTap[o] its row
      // offset
      passSeq = new int[nOut];
      passTap = new int[nOut];
      Arrays.fill(passSeq, -1);
      for (int o = 0; o < nOut; o++) {
        // j: the inner input the output is, counted through the sequences' taps
        int j = initOf[o] < 0 ? op.innerInputs().indexOf(op.innerOutputs().get(o)) : -1;
        for (int s = 0; j >= 0 && s < seqTaps.length; j -= seqTaps[s].length, s++) {
          if (j < seqTaps[s].length) {
            passSeq[o] = s;
            passTap[o] = seqTaps[s][j];
            break;
          }
        }
      }
    }
  }

  private static NDArray[] loop(Apply node, ScanOp op, Function f, NDArray[] in, Plan plan) {
    int[] rows = plan.rows;
    for (int s = 0; s < rows.length; s++) {
      rows[s] = in[op.firstSeqInput() + s].shape(0);
    }
    int n = op.steps(node.inputs(), op.hasNSteps() ? in[0].getLong() : -1, rows);
    int nOut = op.nOuts();
    // storage the loop does not own: the caller's arrays, the step's constants and (added when
    // made) the stacked outputs; a state is overwritten in place or reused only outside it
    Set<Storage> foreign = plan.foreign;
    foreign.clear();
    for (NDArray a : in) {
      foreign.add(a.storage());
    }
    // the step's roots: its inputs (filled per step), then its constants
    List<Variable> roots = f.graph().roots();
    NDArray[] args = plan.args;
    for (int i = op.innerInputs().size(); i < roots.size(); i++) {
      args[i] = ((Constant) roots.get(i)).value();
      foreign.add(args[i].storage());
    }
    NDArray[] states = plan.states;
    for (int i = 0; i < states.length; i++) {
      states[i] = in[op.firstStateInput() + i];
    }
    boolean[] overwrites = plan.overwrites;
    NDArray[] superseded = plan.superseded;
    for (int i = 0; i < op.nNonSeqs(); i++) {
      args[op.firstInnerNonSeq() + i] = in[op.firstNonSeqInput() + i];
    }
    int[] initOf = plan.initOf;
    for (int o = 0; o < nOut; o++) {
      if (initOf[o] >= 0 && !plan.plainInit[o]) {
        op.checkInitialRows(node.inputs(), o, in[initOf[o]].shape(0));
      }
    }
    int[][] seqTaps = plan.seqTaps;
    int[][] outTaps = plan.outTaps;
    boolean[] plainInit = plan.plainInit;
    int[] window = plan.window;
    int firstSeq = op.firstSeqInput();
    boolean until = op.hasUntil();
    int[] passSeq = plan.passSeq;
    int[] passTap = plan.passTap;
    NDArray[] stacked = plan.stacked;
    int[][] rowShape = plan.rowShape;
    ArrayArena rowViews = plan.rowViews;
    int done = 0;
    for (int t = 0; t < n; t++) {
      int a = 0;
      // the rows' wrappers of the last step are free again: re-pointed from the first
      ArrayArena nodeArena = ArrayArena.enter(rowViews);
      for (int s = 0; s < seqTaps.length; s++) {
        NDArray seq = in[firstSeq + s];
        for (int k : seqTaps[s]) {
          args[a++] = seq.index(0, t + k);
        }
      }
      for (int o = 0; o < nOut; o++) {
        for (int k : outTaps[o]) {
          int at = t + k;
          if (at >= 0) {
            args[a++] = stacked[o].index(0, at);
          } else if (plainInit[o]) {
            args[a++] = in[initOf[o]];
          } else {
            args[a++] = in[initOf[o]].index(0, window[o] + at);
          }
        }
      }
      ArrayArena.restore(nodeArena);
      for (int i = 0; i < states.length; i++) {
        if (overwrites[i] && foreign.contains(states[i].storage())) {
          states[i] = states[i].copy();
        }
        args[a++] = states[i];
      }
      NDArray[] r;
      try {
        r = f.runGraph(args);
      } catch (TheanoException e) {
        throw new IllegalArgumentException("in its inner graph, step " + t + ": "
            + e.getMessage(), e);
      }
      // a row the step returned as a state, or as an output the loop reads, stays as it is
      NDArray[] keep = plan.keep(r);
      rowViews.reclaim(keep);
      java.util.Arrays.fill(keep, null);
      for (int o = 0; o < nOut; o++) {
        NDArray v = r[o];
        if (passSeq[o] >= 0) {
          continue;
        }
        if (stacked[o] != null && !sameShape(rowShape[o], v)) {
          op.checkOutputShape(node.inputs(), o, t, v.shape(), rowShape[o], null); // throws
        }
        if (stacked[o] == null) {
          if (initOf[o] >= 0 && !hasStateShape(v, in[initOf[o]], plainInit[o])) {
            op.checkOutputShape(node.inputs(), o, t, v.shape(), null,
                op.stateShape(o, in[initOf[o]].shape())); // throws
          }
          if (rowShape[o] == null || rowShape[o].length != v.ndim()) {
            rowShape[o] = new int[v.ndim()];
          }
          int[] shape = ArrayArena.scratchInts(0, v.ndim() + 1);
          shape[0] = n;
          for (int d = 0; d < v.ndim(); d++) {
            rowShape[o][d] = v.shape(d);
            shape[d + 1] = v.shape(d);
          }
          stacked[o] = NDArray.zeros(v.dtype(), shape);
          foreign.add(stacked[o].storage());
        }
        ArrayArena.restore(rowViews);
        NDArray row = stacked[o].index(0, t);
        ArrayArena.restore(nodeArena);
        NDArray.copyInto(v, row);
      }
      System.arraycopy(states, 0, superseded, 0, states.length);
      System.arraycopy(r, nOut, states, 0, states.length);
      release(f, r, nOut, superseded, foreign);
      done = t + 1;
      if (until && IfElse.truth(r[nOut + states.length])) {
        break;
      }
    }
    NDArray[] out = plan.results(nOut + states.length);
    for (int o = 0; o < nOut; o++) {
      out[o] = passSeq[o] >= 0
          ? in[firstSeq + passSeq[o]].slice(0, passTap[o], passTap[o] + done, 1).copy()
          : done == n ? stacked[o] : stacked[o].slice(0, 0, done, 1);
    }
    // a final state that is an input's or a constant's array, a stacked output's or another
    // state's, is copied: the node's outputs are declared fresh
    for (int i = 0; i < states.length; i++) {
      out[nOut + i] = foreign.add(states[i].storage()) ? states[i] : states[i].copy();
    }
    return out;
  }

  /**
   * Gives the step's pool the buffers that the loop owns and no longer reads after a step: the
   * step's outputs, once copied into their rows of the stacked outputs, and the states the
   * step superseded. The next step then takes its outputs and new states from the pool instead
   * of new native memory (a cost per step, or a state the step cannot overwrite in place). A
   * buffer that is not the loop's (in {@code foreign}), that a new state or the {@code until}
   * condition shares, or that an earlier candidate already gave, is kept.
   */
  private static void release(Function f, NDArray[] results, int nOut, NDArray[] superseded,
      Set<Storage> foreign) {
    for (int i = 0; i < nOut + superseded.length; i++) {
      NDArray dead = i < nOut ? results[i] : superseded[i - nOut];
      if (!foreign.contains(dead.storage()) && !sharedWith(dead, results, nOut, results.length)
          && !sharedWith(dead, results, 0, Math.min(i, nOut))
          && !sharedWith(dead, superseded, 0, i - nOut)) {
        f.releaseGraphValue(dead);
        // its wrapper too: the step's arena hands it out again instead of a new one
        ArrayArena.recycle(dead);
      }
    }
  }

  /** Whether {@code v} has shape {@code shape} (without copying its shape). */
  private static boolean sameShape(int[] shape, NDArray v) {
    if (shape.length != v.ndim()) {
      return false;
    }
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] != v.shape(d)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code v} has the shape of a state whose initial value is {@code init} (its rows,
   * or all of it when {@code plain}), without copying shapes.
   */
  private static boolean hasStateShape(NDArray v, NDArray init, boolean plain) {
    int lead = plain ? 0 : 1;
    if (v.ndim() != init.ndim() - lead) {
      return false;
    }
    for (int d = 0; d < v.ndim(); d++) {
      if (v.shape(d) != init.shape(d + lead)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code a} shares its buffer with one of {@code arrays[from .. to)}. */
  private static boolean sharedWith(NDArray a, NDArray[] arrays, int from, int to) {
    for (int j = from; j < to; j++) {
      if (arrays[j].storage() == a.storage()) {
        return true;
      }
    }
    return false;
  }
}
