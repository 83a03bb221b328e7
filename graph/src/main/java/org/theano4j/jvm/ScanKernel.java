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
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.Storage;
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
 * step. The step never writes into its roots (the interpreter overwrites only its own
 * intermediates), so a state fed back, a sequence's row or a non-sequence is never changed by
 * the step reading it; a final state that aliases an input, a constant or another state is
 * copied.
 */
@AutoService(KernelFamily.class)
public final class ScanKernel implements KernelFamily {
  /** Compiled inner graphs; an op that is no longer referenced lets its function go. */
  private static final Map<ScanOp, Function> COMPILED =
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
        compiled((ScanOp) node.op());
      }
    });
  }

  /** The step function of {@code op}, compiled once (when the first function using it links). */
  static Function compiled(ScanOp op) {
    return COMPILED.computeIfAbsent(op, o -> Theano.function(o.innerInputs(), o.innerOutputs())
        .mode(Mode.FAST_RUN).backend("jvm").onUnusedInput(UnusedInputPolicy.IGNORE).build());
  }

  static NDArray[] run(Apply node, NDArray[] in) {
    ScanOp op = (ScanOp) node.op();
    Function f = compiled(op);
    // one call of the step at a time (its interpreter's buffers are its own)
    synchronized (f) {
      return loop(node, op, f, in);
    }
  }

  private static NDArray[] loop(Apply node, ScanOp op, Function f, NDArray[] in) {
    int[] rows = new int[op.nSeqs()];
    for (int s = 0; s < rows.length; s++) {
      rows[s] = in[op.firstSeqInput() + s].shape(0);
    }
    int n = op.steps(node.inputs(), op.hasNSteps() ? in[0].getLong() : -1, rows);
    int nOut = op.nOuts();
    // the step's roots: its inputs (filled per step), then its constants
    List<Variable> roots = f.graph().roots();
    NDArray[] args = new NDArray[roots.size()];
    for (int i = op.innerInputs().size(); i < roots.size(); i++) {
      args[i] = ((Constant) roots.get(i)).value();
    }
    NDArray[] states = new NDArray[op.nStates()];
    for (int i = 0; i < states.length; i++) {
      states[i] = in[op.firstStateInput() + i];
    }
    for (int i = 0; i < op.nNonSeqs(); i++) {
      args[op.firstInnerNonSeq() + i] = in[op.firstNonSeqInput() + i];
    }
    int[] initOf = new int[nOut];
    for (int o = 0; o < nOut; o++) {
      initOf[o] = op.initInput(o);
      if (initOf[o] >= 0 && !op.plainInit(o)) {
        op.checkInitialRows(node.inputs(), o, in[initOf[o]].shape(0));
      }
    }
    // the taps, read once (the op hands out copies)
    int[][] seqTaps = new int[op.nSeqs()][];
    for (int s = 0; s < seqTaps.length; s++) {
      seqTaps[s] = op.seqTaps(s);
      for (int i = 0; i < seqTaps[s].length; i++) {
        seqTaps[s][i] += op.seqLead(s);
      }
    }
    int[][] outTaps = new int[nOut][];
    for (int o = 0; o < nOut; o++) {
      outTaps[o] = op.outTaps(o);
    }
    NDArray[] stacked = new NDArray[nOut];
    int[][] rowShape = new int[nOut][];
    int done = 0;
    for (int t = 0; t < n; t++) {
      int a = 0;
      for (int s = 0; s < seqTaps.length; s++) {
        NDArray seq = in[op.firstSeqInput() + s];
        for (int k : seqTaps[s]) {
          args[a++] = seq.index(0, t + k);
        }
      }
      for (int o = 0; o < nOut; o++) {
        for (int k : outTaps[o]) {
          int at = t + k;
          if (at >= 0) {
            args[a++] = stacked[o].index(0, at);
          } else if (op.plainInit(o)) {
            args[a++] = in[initOf[o]];
          } else {
            args[a++] = in[initOf[o]].index(0, op.window(o) + at);
          }
        }
      }
      for (NDArray s : states) {
        args[a++] = s;
      }
      NDArray[] r;
      try {
        r = f.runGraph(args);
      } catch (TheanoException e) {
        throw new IllegalArgumentException("in its inner graph, step " + t + ": "
            + e.getMessage(), e);
      }
      for (int o = 0; o < nOut; o++) {
        NDArray v = r[o];
        if (stacked[o] == null || !Arrays.equals(rowShape[o], v.shape())) {
          op.checkOutputShape(node.inputs(), o, t, v.shape(), rowShape[o],
              initOf[o] < 0 ? null : op.stateShape(o, in[initOf[o]].shape()));
        }
        if (stacked[o] == null) {
          rowShape[o] = v.shape();
          int[] shape = new int[v.ndim() + 1];
          shape[0] = n;
          System.arraycopy(v.shape(), 0, shape, 1, v.ndim());
          stacked[o] = NDArray.zeros(v.dtype(), shape);
        }
        NDArray.copyInto(v, stacked[o].index(0, t));
      }
      NDArray[] superseded = states.clone();
      for (int i = 0; i < states.length; i++) {
        states[i] = r[nOut + i];
      }
      if (t > 0) {
        release(f, superseded, in, args, r);
      }
      done = t + 1;
      if (op.hasUntil() && IfElse.truth(r[nOut + states.length])) {
        break;
      }
    }
    NDArray[] out = new NDArray[nOut + states.length];
    for (int o = 0; o < nOut; o++) {
      out[o] = done == n ? stacked[o] : stacked[o].slice(0, 0, done, 1);
    }
    // a final state that is an input's or a constant's array, or another state's, is copied:
    // the node's outputs are declared fresh
    Set<Storage> taken = Collections.newSetFromMap(new IdentityHashMap<>());
    for (NDArray a : in) {
      taken.add(a.storage());
    }
    for (NDArray a : args) {
      taken.add(a.storage());
    }
    for (int i = 0; i < states.length; i++) {
      out[nOut + i] = taken.add(states[i].storage()) ? states[i] : states[i].copy();
    }
    return out;
  }

  /**
   * Gives the step's pool the buffers of the states the last step superseded (each made by
   * the step before it: the caller's initial states are never given), so that the next step
   * allocates its new states from them: a state the step cannot overwrite (a weight updated
   * inside the loop) would otherwise be a new native buffer every step. A buffer that an
   * input, a constant, the last step's outputs or another state still share is kept.
   */
  private static void release(Function f, NDArray[] superseded, NDArray[] in, NDArray[] args,
      NDArray[] results) {
    Set<Storage> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    for (NDArray a : in) {
      kept.add(a.storage());
    }
    for (NDArray a : results) {
      kept.add(a.storage());
    }
    // the step's constants (the arguments after its inputs)
    for (int i = f.graph().inputs().size(); i < args.length; i++) {
      kept.add(args[i].storage());
    }
    for (NDArray s : superseded) {
      if (kept.add(s.storage())) {
        f.releaseGraphValue(s);
      }
    }
  }
}
