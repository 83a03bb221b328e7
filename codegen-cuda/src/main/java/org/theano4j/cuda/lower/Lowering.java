package org.theano4j.cuda.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.theano4j.TheanoException;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.cuda.ir.ScalarProgram;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.ARange;
import org.theano4j.tensor.AdvancedIncSubtensor;
import org.theano4j.tensor.AdvancedSubtensor;
import org.theano4j.tensor.Alloc;
import org.theano4j.tensor.BatchedDot;
import org.theano4j.tensor.ArgReduce;
import org.theano4j.tensor.Composite;
import org.theano4j.tensor.CrossentropyCategorical1Hot;
import org.theano4j.tensor.CrossentropySoftmax1Hot;
import org.theano4j.tensor.SoftmaxCrossentropy1Hot;
import org.theano4j.tensor.DimShuffle;
import org.theano4j.tensor.DisconnectedGrad;
import org.theano4j.tensor.Dot;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.Gemm;
import org.theano4j.tensor.IncSubtensor;
import org.theano4j.tensor.Join;
import org.theano4j.tensor.MakeVector;
import org.theano4j.tensor.Reduce;
import org.theano4j.tensor.Reshape;
import org.theano4j.tensor.ScalarOp;
import org.theano4j.tensor.Shape;
import org.theano4j.tensor.ShapeI;
import org.theano4j.tensor.Softmax;
import org.theano4j.tensor.Subtensor;
import org.theano4j.tensor.ZeroGrad;

/**
 * Lowers a function graph node by node: elementwise nodes, reductions, softmax, cross-entropy
 * advanced and basic indexing updates, joins and reshapes of strided inputs become kernels (a
 * fused {@code Composite} one kernel running its scalar program); basic slices, dimshuffles
 * and reshapes of contiguous inputs become views; float {@code Dot}, {@code Gemm} and
 * {@code BatchedDot} cuBLAS calls (integer ones a kernel); shapes and scalar index
 * arithmetic stay on the host.
 */
public final class Lowering {
  private Lowering() {}

  /** Lowers {@code graph}; kernel names start with {@code prefix} (a C identifier). */
  public static Program lower(FunctionGraph graph, String prefix) {
    Set<Variable> host = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Variable r : graph.roots()) {
      if (r.ndim() == 0 && !(r instanceof SharedVariable)) {
        host.add(r);
      }
    }
    List<Step> steps = new ArrayList<>();
    List<Apply> nodes = graph.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      Apply a = nodes.get(i);
      String name = String.format(Locale.ROOT, "%s_k%02d_%s", prefix, i, shortName(a.op()));
      Step s = lowerNode(a, name, host);
      if (s instanceof Step.Host) {
        host.addAll(a.outputs());
      }
      steps.add(s);
    }
    return new Program(graph, steps);
  }

  private static Step lowerNode(Apply a, String name, Set<Variable> host) {
    Op op = a.op();
    if (op instanceof Shape || op instanceof ShapeI || op instanceof MakeVector
        || op instanceof ARange
        || op instanceof Elemwise && a.output(0).ndim() == 0 && host.containsAll(a.inputs())) {
      return new Step.Host(a);
    }
    if (op instanceof Subtensor || op instanceof DimShuffle || op instanceof ZeroGrad
        || op instanceof DisconnectedGrad) {
      return new Step.View(a);
    }
    if (op instanceof Dot || op instanceof Gemm || op instanceof BatchedDot) {
      DType out = a.output(0).dtype();
      if (!out.isFloat()) {
        return new Step.Launch(a, new MatmulKernels(a, name));
      }
      String call = (out == DType.FLOAT64 ? "cublasDgemm" : "cublasSgemm")
          + (op instanceof BatchedDot ? "StridedBatched" : "");
      return new Step.Library(a, call, new GemmKernels(a, name));
    }
    if (op instanceof Reshape || op instanceof Join) {
      return new Step.Launch(a, new ShapeCopyKernels(a, name));
    }
    if (op instanceof IncSubtensor) {
      return new Step.Launch(a, new IncSubtensorKernels(a, name));
    }
    if (op instanceof Elemwise) {
      return new Step.Launch(a, new ElemwiseKernels(a, name, program(a), a.inputs().size(),
          ElemwiseKernels.theanoBroadcast(a)));
    }
    if (op instanceof Reduce) {
      return new Step.Launch(a, new ReduceKernels(a, name));
    }
    if (op instanceof ArgReduce) {
      return new Step.Launch(a, new ArgReduceKernels(a, name));
    }
    if (op instanceof Softmax) {
      return new Step.Launch(a, new SoftmaxKernels(a, name));
    }
    if (op instanceof CrossentropySoftmax1Hot) {
      return new Step.Launch(a, new SoftmaxKernels(a, name));
    }
    if (op instanceof SoftmaxCrossentropy1Hot) {
      return new Step.Launch(a, new SoftmaxLossKernels(a, name));
    }
    if (op instanceof CrossentropyCategorical1Hot) {
      return new Step.Launch(a, new CrossentropyKernels(a, name));
    }
    if (op instanceof AdvancedSubtensor || op instanceof AdvancedIncSubtensor) {
      return new Step.Launch(a, new AdvancedIndexKernels(a, name));
    }
    if (op instanceof Alloc) {
      return new Step.Launch(a, alloc(a, name));
    }
    throw unsupported(a);
  }

  /** The error for a node with no CUDA lowering. */
  static TheanoException unsupported(Apply a) {
    return new TheanoException("not supported on CUDA: " + a.op().describe() + " created at "
        + a.site() + " (use the jvm backend for this function)");
  }

  /** The scalar program of an elementwise node. */
  static ScalarProgram program(Apply a) {
    ScalarOp s = ((Elemwise) a.op()).scalar();
    List<DType> in = new ArrayList<>();
    for (Variable v : a.inputs()) {
      in.add(v.dtype());
    }
    if (!(s instanceof Composite)) {
      return ScalarProgram.of(s, in);
    }
    // A fused group: its steps become the program's steps, one-to-one.
    Composite c = (Composite) s;
    List<DType> all = new ArrayList<>(in);
    all.addAll(c.stepDTypes(in));
    List<ScalarProgram.Step> steps = new ArrayList<>();
    for (int k = 0; k < c.program().size(); k++) {
      Composite.Step st = c.program().get(k);
      List<DType> args = c.argDTypes(k, all);
      steps.add(new ScalarProgram.Step(st.op(), st.args(), all.get(in.size() + k),
          st.op().computeDType(args)));
    }
    return new ScalarProgram(in, steps);
  }

  /** {@code Alloc}: the value broadcast (NumPy rules) to the host-given dims, as a copy. */
  private static ElemwiseKernels alloc(Apply a, String name) {
    DType out = a.output(0).dtype();
    ScalarProgram copy = ScalarProgram.of(new org.theano4j.tensor.Cast(out),
        List.of(a.input(0).dtype()));
    return new ElemwiseKernels(a, name, copy, 1, (data, hostValues) -> {
      int[] dims = new int[hostValues.length - 1];
      for (int i = 0; i < dims.length; i++) {
        long d = hostValues[i + 1].getLong();
        if (d < 0 || d > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("alloc: dimension " + i + " is " + d
              + "; dimensions must be non-negative");
        }
        dims[i] = (int) d;
      }
      int[] v = data[0].shape();
      int lead = dims.length - v.length;
      for (int d = 0; d < v.length; d++) {
        if (lead < 0 || v[d] != 1 && v[d] != dims[lead + d]) {
          throw new IllegalArgumentException("the alloc value of shape " + Arrays.toString(v)
              + " does not broadcast to shape " + Arrays.toString(dims));
        }
      }
      return dims;
    });
  }

  private static String shortName(Op op) {
    String s = op instanceof Elemwise ? ((Elemwise) op).scalar().opName()
        : op.getClass().getSimpleName();
    s = s.replaceAll("[^A-Za-z0-9]+", "_").toLowerCase(Locale.ROOT);
    return s.length() > 24 ? s.substring(0, 24) : s;
  }
}
