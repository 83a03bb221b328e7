package org.theano4j.cuda.lower;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.theano4j.TheanoException;
import org.theano4j.compile.LazyBranches;
import org.theano4j.compile.ResidentExecutable;
import org.theano4j.graph.DeviceValue;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.jvm.Kernels;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.IfElse;
import org.theano4j.tensor.ScanOp;

/**
 * Runs a lowered {@link Program} on a {@link Device}: each variable lives on the device, on the
 * host, or both (copied on demand: a host scalar bound is uploaded when a kernel reads it, a
 * shape is computed on the host). Shared variables stay on the device between calls ({@link
 * ResidentExecutable}): a shared root is read from its device value, or uploaded once and the
 * copy cached on the variable, and update values are handed over as device values. Run-time
 * errors name the node and the user's line, as the JVM backend's do.
 *
 * <p>Runs only inside {@code Function.call}, which holds the locks of every shared variable of
 * the graph: a device value adopted here can be neither replaced nor released (by another
 * function's commit or a {@code setValue}) nor downloaded half-updated by {@code getValue}
 * until the call has committed.
 */
public final class ProgramRunner implements ResidentExecutable {
  private final Program program;
  private final Device device;

  public ProgramRunner(Program program, Device device) {
    this.program = program;
    this.device = device;
  }

  /** A variable's value: on the device, on the host, or both. */
  private static final class Value {
    ArrayRef dev;
    NDArray host;
    /** The shared variable whose host value {@code host} is (its upload is cached on it). */
    SharedVariable shared;
    /** True for a root's value: the caller's or a variable's array, returned only as a copy. */
    boolean root;
  }

  /** Runs with every root's value given on the host; update values come back on the host. */
  @Override
  public NDArray[] run(NDArray[] roots) {
    device.beginCall();
    try {
      Map<Variable, Value> values = runSteps(roots, false);
      List<Variable> outs = program.graph().outputs();
      checkHostSizes(values, outs.size());
      finish(values);
      NDArray[] result = new NDArray[outs.size()];
      for (int i = 0; i < result.length; i++) {
        result[i] = hostOutput(values.get(outs.get(i)));
      }
      return result;
    } finally {
      device.endCall();
    }
  }

  @Override
  public Result runResident(NDArray[] roots) {
    device.beginCall();
    List<Variable> outs = program.graph().outputs();
    int nOut = program.graph().userOutputCount();
    DeviceValue[] updates = new DeviceValue[outs.size() - nOut];
    try {
      Map<Variable, Value> values = runSteps(roots, true);
      checkHostSizes(values, nOut);
      for (int i = 0; i < updates.length; i++) {
        Value v = values.get(outs.get(nOut + i));
        ArrayRef a = v.dev != null ? v.dev : device.fromHost(v.host);
        DeviceValue kept = device.keep(a);
        // A root's memory, or memory another update took: the update gets its own copy.
        updates[i] = kept != null ? kept : device.keep(device.copy(a));
      }
      finish(values);
      NDArray[] result = new NDArray[nOut];
      for (int i = 0; i < nOut; i++) {
        result[i] = hostOutput(values.get(outs.get(i)));
      }
      Result r = new Result(result, updates);
      updates = new DeviceValue[0];
      return r;
    } finally {
      for (DeviceValue u : updates) {
        if (u != null) {
          u.release();
        }
      }
      device.endCall();
    }
  }

  /**
   * Refuses, before the call's work is sent, a device output that no host array can hold
   * (over 2^31-1 bytes): it could not be returned, so nothing runs and nothing is committed.
   */
  private void checkHostSizes(Map<Variable, Value> values, int count) {
    List<Variable> outs = program.graph().outputs();
    for (int i = 0; i < count; i++) {
      Value v = values.get(outs.get(i));
      if (v.host != null) {
        continue;
      }
      try {
        Shapes.byteCount(v.dev.dtype(), Shapes.size(v.dev.shape()));
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new TheanoException("output " + i + " (" + outs.get(i).describe() + ") of shape "
            + Arrays.toString(v.dev.shape()) + " cannot be returned to the host: "
            + e.getMessage() + "; the call stops here and commits nothing");
      }
    }
  }

  /** Sends the call's work to the device and reports a kernel's failure against its node. */
  private void finish(Map<Variable, Value> values) {
    try {
      device.finish();
    } catch (KernelFailure e) {
      throw failure(nodeOf(e.kernel()), values, e);
    }
  }

  private NDArray hostOutput(Value v) {
    if (v.host != null) {
      return v.root ? v.host.copy() : v.host;
    }
    return device.toHost(v.dev);
  }

  private Map<Variable, Value> runSteps(NDArray[] roots, boolean resident) {
    Map<Variable, Value> values = new IdentityHashMap<>();
    List<Variable> r = program.graph().roots();
    for (int i = 0; i < r.size(); i++) {
      Value v = new Value();
      v.root = true;
      if (resident && r.get(i) instanceof SharedVariable) {
        SharedVariable sv = (SharedVariable) r.get(i);
        DeviceValue dv = sv.deviceValue();
        v.dev = dv == null ? null : device.adopt(dv);
        if (v.dev == null) {
          v.host = sv.getValue(true);
          v.shared = sv;
        }
      } else {
        v.host = roots[i];
      }
      values.put(r.get(i), v);
    }
    runProgram(program, values);
    return values;
  }

  /**
   * Runs {@code p}'s steps on {@code values}, which holds its roots' values; adds the values the
   * steps compute.
   */
  private void runProgram(Program p, Map<Variable, Value> values) {
    List<Step> steps = p.steps();
    LazyBranches branches = p.branches();
    Function<Variable, Boolean> taken = c -> truth(values.get(c));
    for (int n = 0; n < steps.size(); n++) {
      Step s = steps.get(n);
      Apply a = s.node();
      if (branches.skip(n, taken)) {
        continue; // a step of a branch not taken
      }
      try {
        Value[] out = s.accept(new StepRunner(values));
        for (int i = 0; i < a.outputs().size(); i++) {
          values.put(a.output(i), out[i]);
        }
      } catch (KernelFailure e) {
        throw failure(nodeOf(e.kernel()), values, e);
      } catch (IllegalArgumentException | IndexOutOfBoundsException | IllegalStateException
          | ArithmeticException e) {
        throw failure(a, values, e);
      }
    }
  }

  /** Runs one step on the values computed so far; returns its outputs' values. */
  private final class StepRunner implements Step.Visitor<Value[]> {
    private final Map<Variable, Value> values;

    StepRunner(Map<Variable, Value> values) {
      this.values = values;
    }

    @Override
    public Value[] host(Step.Host s) {
      Apply a = s.node();
      return outputs(null, Kernels.forNode(a).run(a, hostInputs(a, values, i -> true)));
    }

    @Override
    public Value[] view(Step.View s) {
      Apply a = s.node();
      return outputs(new ArrayRef[] {JvmLayouts.view(a, device(a.input(0), values),
          hostInputs(a, values, i -> i > 0))}, null);
    }

    @Override
    public Value[] launch(Step.Launch s) {
      return launchAll(s.node(), s.kernels());
    }

    @Override
    public Value[] library(Step.Library s) {
      return launchAll(s.node(), s.kernels());
    }

    @Override
    public Value[] select(Step.Select s) {
      Apply a = s.node();
      int n = ((IfElse) a.op()).n();
      int from = truth(values.get(a.input(0))) ? 1 : 1 + n;
      Value[] out = new Value[n];
      for (int i = 0; i < n; i++) {
        out[i] = values.get(a.input(from + i));
      }
      return out;
    }

    @Override
    public Value[] loop(Step.Loop s) {
      return runLoop(s, values);
    }

    private Value[] launchAll(Apply a, NodeKernels k) {
      return outputs(k.run(deviceInputs(a, values, k), hostValues(a, values, k), device), null);
    }

    /** One value per output: on the device ({@code dev}) or on the host ({@code host}). */
    private Value[] outputs(ArrayRef[] dev, NDArray[] host) {
      Value[] out = new Value[dev != null ? dev.length : host.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = new Value();
        out[i].dev = dev == null ? null : dev[i];
        out[i].host = host == null ? null : host[i];
      }
      return out;
    }
  }

  /**
   * Runs a scan: the step count and checks of {@link ScanOp}, then its body once per step on
   * device views of the sequences' rows and of the states (scalar ones too: the body's
   * lowering reads them in its kernels, {@link Lowering#lower(org.theano4j.compile.FunctionGraph, String, java.util.Set)}),
   * each output copied into its row of a stacked array allocated after the first step. The
   * launches of every step go to the device's one record of the call (replayed as one CUDA
   * graph when the call repeats); only an {@code until} condition, or a step whose host logic
   * needs a scalar's value (a shape from it, an {@code ifelse} on it, a slice whose length
   * depends on it), reads device data back, which sends the work early.
   */
  private Value[] runLoop(Step.Loop s, Map<Variable, Value> values) {
    Apply a = s.node();
    ScanOp op = (ScanOp) a.op();
    int[] rows = new int[op.nSeqs()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = shape(values.get(a.input(op.firstSeqInput() + i)))[0];
    }
    long asked = op.hasNSteps() ? hostValue(values.get(a.input(0))).getLong() : -1;
    int n = op.steps(a.inputs(), asked, rows);
    int nOut = op.nOuts();
    for (int o = 0; o < nOut; o++) {
      if (op.initInput(o) >= 0 && !op.plainInit(o)) {
        op.checkInitialRows(a.inputs(), o, shape(values.get(a.input(op.initInput(o))))[0]);
      }
    }
    List<Variable> inner = op.innerInputs();
    List<Variable> innerOuts = op.innerOutputs();
    Program body = s.body();
    Value[] states = new Value[op.nStates()];
    for (int i = 0; i < states.length; i++) {
      states[i] = values.get(a.input(op.firstStateInput() + i));
    }
    ArrayRef[] stacked = new ArrayRef[nOut];
    int done = 0;
    for (int t = 0; t < n; t++) {
      Map<Variable, Value> bv = new IdentityHashMap<>();
      int k = 0;
      for (int q = 0; q < op.nSeqs(); q++) {
        ArrayRef seq = device(a.input(op.firstSeqInput() + q), values);
        for (int tap : op.seqTaps(q)) {
          bv.put(inner.get(k), rowValue(seq, t + tap + op.seqLead(q)));
          k++;
        }
      }
      for (int o = 0; o < nOut; o++) {
        for (int tap : op.outTaps(o)) {
          int at = t + tap;
          Variable init = a.input(op.initInput(o));
          bv.put(inner.get(k), at >= 0 ? rowValue(stacked[o], at)
              : op.plainInit(o) ? values.get(init)
              : rowValue(device(init, values), op.window(o) + at));
          k++;
        }
      }
      for (Value st : states) {
        bv.put(inner.get(k), st);
        k++;
      }
      for (int i = 0; i < op.nNonSeqs(); i++) {
        bv.put(inner.get(k++), values.get(a.input(op.firstNonSeqInput() + i)));
      }
      for (Variable r : body.graph().roots()) {
        if (!bv.containsKey(r)) {
          Value c = new Value();
          c.host = ((org.theano4j.graph.Constant) r).value();
          c.root = true;
          bv.put(r, c);
        }
      }
      runProgram(body, bv);
      for (int o = 0; o < nOut; o++) {
        ArrayRef v = device(innerOuts.get(o), bv);
        int[] first = stacked[o] == null ? null
            : Arrays.copyOfRange(stacked[o].shape(), 1, stacked[o].ndim());
        op.checkOutputShape(a.inputs(), o, t, v.shape(), first, op.initInput(o) < 0 ? null
            : op.stateShape(o, shape(values.get(a.input(op.initInput(o))))));
        if (stacked[o] == null) {
          int[] shape = new int[v.ndim() + 1];
          shape[0] = n;
          System.arraycopy(v.shape(), 0, shape, 1, v.ndim());
          stacked[o] = device.allocate(v.dtype(), shape);
        }
        s.copies().get(o).run(device, v, row(stacked[o], t));
      }
      for (int i = 0; i < states.length; i++) {
        states[i] = bv.get(innerOuts.get(nOut + i));
      }
      done = t + 1;
      if (op.hasUntil() && truth(bv.get(innerOuts.get(nOut + states.length)))) {
        break;
      }
    }
    Value[] out = new Value[nOut + states.length];
    for (int o = 0; o < nOut; o++) {
      out[o] = new Value();
      ArrayRef st = stacked[o];
      int[] shape = st.shape();
      shape[0] = done;
      out[o].dev = done == n ? st : st.view(shape, st.strides(), st.offset());
    }
    System.arraycopy(states, 0, out, nOut, states.length);
    return out;
  }

  /** Row {@code i} of {@code a} (a view), for the inner input {@code in}. */
  private static Value rowValue(ArrayRef a, int i) {
    Value v = new Value();
    v.dev = row(a, i);
    v.root = true;
    return v;
  }

  private static ArrayRef row(ArrayRef a, int i) {
    return a.view(Arrays.copyOfRange(a.shape(), 1, a.ndim()),
        Arrays.copyOfRange(a.strides(), 1, a.ndim()), a.offset() + i * a.strides()[0]);
  }


  private static int[] shape(Value v) {
    return v.host != null ? v.host.shape() : v.dev.shape();
  }

  private NDArray hostValue(Value v) {
    if (v.host == null) {
      v.host = device.toHost(v.dev);
    }
    return v.host;
  }

  /**
   * The truth of a condition's value, read on the host (downloaded if a kernel computed it:
   * the call then sends its recorded work at once), or null if its step was skipped.
   */
  private Boolean truth(Value v) {
    if (v == null) {
      return null;
    }
    if (v.host == null) {
      v.host = device.toHost(v.dev);
    }
    return IfElse.truth(v.host);
  }

  /** The node whose step launches {@code k}. */
  private Apply nodeOf(org.theano4j.cuda.ir.Kernel k) {
    for (Step s : program.steps()) {
      if (s.deviceKernels().contains(k)) {
        return s.node();
      }
    }
    throw new IllegalStateException("kernel " + k.name() + " belongs to no step");
  }

  private ArrayRef device(Variable var, Map<Variable, Value> values) {
    Value v = values.get(var);
    if (v.dev == null) {
      v.dev = device.fromHost(v.host);
      if (v.shared != null) {
        DeviceValue copy = device.keep(v.dev);
        if (copy != null) {
          v.shared.cacheDeviceCopy(copy);
        }
      }
    }
    return v.dev;
  }

  /** Device copies of the inputs the kernels read on the device (null for host inputs). */
  private ArrayRef[] deviceInputs(Apply a, Map<Variable, Value> values, NodeKernels k) {
    ArrayRef[] in = new ArrayRef[a.inputs().size()];
    for (int i = 0; i < in.length; i++) {
      in[i] = k.hostInput(i) ? null : device(a.input(i), values);
    }
    return in;
  }

  /**
   * Host copies of the inputs that are host values (rank 0 or host-computed), and of those the
   * kernels need on the host (downloaded if needed); null elsewhere.
   */
  private NDArray[] hostValues(Apply a, Map<Variable, Value> values, NodeKernels k) {
    NDArray[] in = hostInputs(a, values, k::hostInput);
    for (int i = 0; i < in.length; i++) {
      if (in[i] == null) {
        in[i] = values.get(a.input(i)).host;
      }
    }
    return in;
  }

  /** Host copies of the inputs at the positions {@code wanted}, downloaded if needed. */
  private NDArray[] hostInputs(Apply a, Map<Variable, Value> values, IntPredicate wanted) {
    NDArray[] in = new NDArray[a.inputs().size()];
    for (int i = 0; i < in.length; i++) {
      if (!wanted.test(i)) {
        continue;
      }
      Value v = values.get(a.input(i));
      if (v.host == null && JvmLayouts.readsShapesOnly(a)) {
        // No download: a call that downloads half-way cannot be replayed as a graph.
        in[i] = JvmLayouts.metadata(v.dev);
        continue;
      }
      if (v.host == null) {
        v.host = device.toHost(v.dev);
      }
      in[i] = v.host;
    }
    return in;
  }

  private static TheanoException failure(Apply node, Map<Variable, Value> values,
      RuntimeException e) {
    StringBuilder sb = new StringBuilder();
    sb.append(node.op().describe()).append(" failed at run time: ").append(e.getMessage())
        .append("\n  node created at ").append(node.site());
    for (int i = 0; i < node.inputs().size(); i++) {
      Value v = values.get(node.input(i));
      int[] shape = v.host != null ? v.host.shape() : v.dev.shape();
      sb.append("\n  input ").append(i).append(": ").append(node.input(i).describe())
          .append(", value shape ").append(Arrays.toString(shape));
    }
    return new TheanoException(sb.toString(), e);
  }
}
