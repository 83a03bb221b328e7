package org.theano4j.cuda.lower;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.theano4j.TheanoException;
import org.theano4j.compile.Executable;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.jvm.Kernels;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Storage;

/**
 * Runs a lowered {@link Program} on a {@link Device}: each variable lives on the device, on the
 * host, or both (copied on demand: a host scalar bound is uploaded when a kernel reads it, a
 * shape is computed on the host). Run-time errors name the node and the user's line, as the
 * JVM backend's do.
 */
public final class ProgramRunner implements Executable {
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
  }

  @Override
  public NDArray[] run(NDArray[] roots) {
    Map<Variable, Value> values = new IdentityHashMap<>();
    List<Variable> r = program.graph().roots();
    for (int i = 0; i < r.size(); i++) {
      Value v = new Value();
      v.host = roots[i];
      values.put(r.get(i), v);
    }
    for (Step s : program.steps()) {
      Apply a = s.node();
      try {
        ArrayRef[] dev = null;
        NDArray[] host = null;
        if (s instanceof Step.Host) {
          host = Kernels.forNode(a).run(a, hostInputs(a, values));
        } else if (s instanceof Step.View) {
          dev = new ArrayRef[] {view(a, device(a.input(0), values), hostInputs(a, values))};
        } else if (s instanceof Step.Library) {
          dev = device.libraryCall(a, deviceInputs(a, values));
        } else {
          NodeKernels k = ((Step.Launch) s).kernels();
          dev = k.run(deviceInputs(a, values), hostValues(a, values), device);
        }
        for (int i = 0; i < a.outputs().size(); i++) {
          Value v = new Value();
          v.dev = dev == null ? null : dev[i];
          v.host = host == null ? null : host[i];
          values.put(a.output(i), v);
        }
      } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
        throw failure(a, values, e);
      }
    }
    List<Variable> outs = program.graph().outputs();
    NDArray[] result = new NDArray[outs.size()];
    for (int i = 0; i < result.length; i++) {
      Value v = values.get(outs.get(i));
      result[i] = v.host != null ? v.host : device.toHost(v.dev);
    }
    return result;
  }

  private ArrayRef device(Variable var, Map<Variable, Value> values) {
    Value v = values.get(var);
    if (v.dev == null) {
      v.dev = device.fromHost(v.host);
    }
    return v.dev;
  }

  private ArrayRef[] deviceInputs(Apply a, Map<Variable, Value> values) {
    ArrayRef[] in = new ArrayRef[a.inputs().size()];
    for (int i = 0; i < in.length; i++) {
      in[i] = device(a.input(i), values);
    }
    return in;
  }

  /** Host copies of the inputs that are host values (rank 0 or host-computed); else null. */
  private static NDArray[] hostValues(Apply a, Map<Variable, Value> values) {
    NDArray[] in = new NDArray[a.inputs().size()];
    for (int i = 0; i < in.length; i++) {
      in[i] = values.get(a.input(i)).host;
    }
    return in;
  }

  private NDArray[] hostInputs(Apply a, Map<Variable, Value> values) {
    NDArray[] in = new NDArray[a.inputs().size()];
    for (int i = 0; i < in.length; i++) {
      Value v = values.get(a.input(i));
      if (v.host == null) {
        v.host = device.toHost(v.dev);
      }
      in[i] = v.host;
    }
    return in;
  }

  /**
   * A view node applied to layouts only: the JVM backend's view kernel runs on a metadata
   * array over an empty storage (it never touches elements), and its layout is carried over
   * to the device memory.
   */
  private static ArrayRef view(Apply a, ArrayRef x, NDArray[] host) {
    NDArray[] in = host.clone();
    in[0] = NDArray.view(EMPTY.get(x.dtype()), x.shape(), x.strides(), x.offset());
    NDArray v = Kernels.forNode(a).run(a, in)[0];
    return x.view(v.shape(), v.strides(), v.offset());
  }

  private static final Map<DType, Storage> EMPTY = new java.util.EnumMap<>(DType.class);

  static {
    for (DType d : DType.values()) {
      EMPTY.put(d, Storage.allocate(d, 0));
    }
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
