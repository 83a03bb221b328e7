package org.theano4j.jvm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.theano4j.TheanoException;
import org.theano4j.compile.Executable;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Apply;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;

/**
 * Runs a {@link FunctionGraph} node by node. Each variable has a slot; a slot is cleared
 * after its last reader so memory is released as early as possible.
 */
final class Interpreter implements Executable {
  private final FunctionGraph graph;
  private final boolean debug;
  private final int slotCount;
  private final int rootCount;
  private final Step[] steps;
  private final int[] outputSlots;

  private record Step(Apply node, JvmKernel kernel, int[] in, int[] out, int[] freeAfter) {}

  Interpreter(FunctionGraph graph, Mode mode) {
    this.graph = graph;
    this.debug = mode == Mode.DEBUG;
    Map<Variable, Integer> slot = new IdentityHashMap<>();
    for (Variable r : graph.roots()) {
      slot.put(r, slot.size());
    }
    this.rootCount = slot.size();
    for (Apply a : graph.nodes()) {
      for (Variable o : a.outputs()) {
        slot.put(o, slot.size());
      }
    }
    this.slotCount = slot.size();
    // Last step reading each slot; graph outputs and roots are never freed.
    int[] lastUse = new int[slotCount];
    Arrays.fill(lastUse, -1);
    List<Apply> nodes = graph.nodes();
    for (int s = 0; s < nodes.size(); s++) {
      for (Variable v : nodes.get(s).inputs()) {
        lastUse[slot.get(v)] = s;
      }
    }
    this.outputSlots = new int[graph.outputs().size()];
    for (int i = 0; i < outputSlots.length; i++) {
      outputSlots[i] = slot.get(graph.outputs().get(i));
      lastUse[outputSlots[i]] = Integer.MAX_VALUE;
    }
    List<List<Integer>> frees = new ArrayList<>();
    for (int s = 0; s < nodes.size(); s++) {
      frees.add(new ArrayList<>());
    }
    for (int v = rootCount; v < slotCount; v++) {
      if (lastUse[v] >= 0 && lastUse[v] < nodes.size()) {
        frees.get(lastUse[v]).add(v);
      }
    }
    this.steps = new Step[nodes.size()];
    for (int s = 0; s < nodes.size(); s++) {
      Apply a = nodes.get(s);
      int[] in = a.inputs().stream().mapToInt(slot::get).toArray();
      int[] out = a.outputs().stream().mapToInt(slot::get).toArray();
      int[] free = frees.get(s).stream().mapToInt(Integer::intValue).toArray();
      steps[s] = new Step(a, Kernels.forNode(a), in, out, free);
    }
  }

  @Override
  public NDArray[] run(NDArray[] roots) {
    NDArray[] slots = new NDArray[slotCount];
    System.arraycopy(roots, 0, slots, 0, rootCount);
    for (Step st : steps) {
      NDArray[] ins = new NDArray[st.in.length];
      for (int i = 0; i < ins.length; i++) {
        ins[i] = slots[st.in[i]];
      }
      NDArray[] outs;
      try {
        outs = st.kernel.run(st.node, ins);
      } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException
          | UnsupportedOperationException e) {
        throw failure(st.node, ins, e.getMessage(), e);
      }
      for (int i = 0; i < outs.length; i++) {
        if (debug) {
          check(st.node, i, outs[i], ins);
        }
        slots[st.out[i]] = outs[i];
      }
      for (int f : st.freeAfter) {
        slots[f] = null;
      }
    }
    NDArray[] result = new NDArray[outputSlots.length];
    for (int i = 0; i < result.length; i++) {
      result[i] = slots[outputSlots[i]];
    }
    return result;
  }

  private static TheanoException failure(Apply node, NDArray[] ins, String what, Throwable e) {
    StringBuilder sb = new StringBuilder();
    sb.append(node.op().describe()).append(" failed at run time: ").append(what)
        .append("\n  node created at ").append(node.site());
    for (int i = 0; i < ins.length; i++) {
      sb.append("\n  input ").append(i).append(": ").append(node.input(i).describe())
          .append(", value shape ").append(Arrays.toString(ins[i].shape()));
    }
    return new TheanoException(sb.toString(), e);
  }

  /** DEBUG mode: the value must match the static type and be finite. */
  private static void check(Apply node, int index, NDArray value, NDArray[] ins) {
    TensorType t = node.output(index).type();
    String problem = null;
    if (value.dtype() != t.dtype()) {
      problem = "produced dtype " + value.dtype() + " but its type says " + t.dtype();
    } else if (value.ndim() != t.ndim()) {
      problem = "produced rank " + value.ndim() + " but its type says " + t.ndim();
    } else {
      for (int d = 0; d < t.ndim(); d++) {
        if (t.dim(d) != TensorType.UNKNOWN && t.dim(d) != value.shape(d)) {
          problem = "produced shape " + Arrays.toString(value.shape()) + " but its type says "
              + t.shapeString();
        }
      }
    }
    if (problem == null && value.dtype().isFloat()) {
      double[] v = value.toDoubleArray();
      for (int i = 0; i < v.length; i++) {
        if (!Double.isFinite(v[i])) {
          problem = "produced " + v[i] + " at flat index " + i;
          break;
        }
      }
    }
    if (problem != null) {
      throw failure(node, ins, "DEBUG check: output " + index + " " + problem, null);
    }
  }

  FunctionGraph graph() {
    return graph;
  }
}
