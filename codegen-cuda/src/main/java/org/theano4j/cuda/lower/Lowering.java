package org.theano4j.cuda.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.theano4j.TheanoException;
import org.theano4j.compile.FunctionGraph;
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
import org.theano4j.tensor.CumOp;
import org.theano4j.tensor.ArgSort;
import org.theano4j.tensor.CrossentropyCategorical1Hot;
import org.theano4j.tensor.CrossentropySoftmax1Hot;
import org.theano4j.tensor.SoftmaxCrossentropy1Hot;
import org.theano4j.tensor.DimShuffle;
import org.theano4j.tensor.DisconnectedGrad;
import org.theano4j.tensor.Diag;
import org.theano4j.tensor.Dot;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.Eye;
import org.theano4j.tensor.Gemm;
import org.theano4j.tensor.IncSubtensor;
import org.theano4j.tensor.Join;
import org.theano4j.tensor.MakeVector;
import org.theano4j.tensor.Reduce;
import org.theano4j.tensor.RandomDraw;
import org.theano4j.tensor.Repeat;
import org.theano4j.tensor.Reshape;
import org.theano4j.tensor.ScalarProgram;
import org.theano4j.tensor.Shape;
import org.theano4j.tensor.ShapeI;
import org.theano4j.tensor.Softmax;
import org.theano4j.tensor.Sort;
import org.theano4j.tensor.Subtensor;
import org.theano4j.tensor.Tile;
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
      if (s.hostOutputs()) {
        host.addAll(a.outputs());
      }
      steps.add(s);
    }
    return new Program(graph, steps);
  }

  /** How one op class becomes a step: its node, its kernel name, the host-computed values. */
  @FunctionalInterface
  interface Rule {
    Step lower(Apply a, String name, Set<Variable> host);
  }

  /**
   * The CUDA lowering of every op class, keyed by the op's exact class (all ops are records).
   * The completeness test {@code LoweringTableTest} checks that every op of the catalogue has
   * an entry, as the JVM kernel table and the gradient rules are checked.
   */
  private static final Map<Class<? extends Op>, Rule> TABLE = table();

  private static Map<Class<? extends Op>, Rule> table() {
    Map<Class<? extends Op>, Rule> t = new HashMap<>();
    Rule host = (a, name, h) -> new Step.Host(a);
    for (Class<? extends Op> c : List.of(Shape.class, ShapeI.class, MakeVector.class,
        ARange.class)) {
      t.put(c, host);
    }
    Rule view = (a, name, h) -> new Step.View(a);
    for (Class<? extends Op> c : List.of(Subtensor.class, DimShuffle.class, ZeroGrad.class,
        DisconnectedGrad.class)) {
      t.put(c, view);
    }
    for (Class<? extends Op> c : List.of(Dot.class, Gemm.class, BatchedDot.class)) {
      t.put(c, Lowering::matmul);
    }
    Rule shapeCopy = (a, name, h) -> new Step.Launch(a, new ShapeCopyKernels(a, name));
    t.put(Reshape.class, shapeCopy);
    t.put(Join.class, shapeCopy);
    t.put(IncSubtensor.class, (a, name, h) -> new Step.Launch(a,
        new IncSubtensorKernels(a, name)));
    t.put(Elemwise.class, Lowering::elemwise);
    t.put(Reduce.class, (a, name, h) -> new Step.Launch(a, new ReduceKernels(a, name)));
    t.put(ArgReduce.class, (a, name, h) -> new Step.Launch(a, new ArgReduceKernels(a, name)));
    Rule softmax = (a, name, h) -> new Step.Launch(a, new SoftmaxKernels(a, name));
    t.put(Softmax.class, softmax);
    t.put(CrossentropySoftmax1Hot.class, softmax);
    t.put(SoftmaxCrossentropy1Hot.class, (a, name, h) -> new Step.Launch(a,
        new SoftmaxLossKernels(a, name)));
    t.put(CrossentropyCategorical1Hot.class, (a, name, h) -> new Step.Launch(a,
        new CrossentropyKernels(a, name)));
    Rule advanced = (a, name, h) -> new Step.Launch(a, new AdvancedIndexKernels(a, name));
    t.put(AdvancedSubtensor.class, advanced);
    t.put(AdvancedIncSubtensor.class, advanced);
    t.put(Alloc.class, (a, name, h) -> new Step.Launch(a, alloc(a, name)));
    t.put(CumOp.class, (a, name, h) -> new Step.Launch(a, new CumulativeKernels(a, name)));
    t.put(Repeat.class, (a, name, h) -> new Step.Launch(a, new RepeatKernels(a, name)));
    t.put(Tile.class, (a, name, h) -> new Step.Launch(a, new TileKernels(a, name)));
    Rule sort = (a, name, h) -> new Step.Launch(a, new SortKernels(a, name));
    t.put(Sort.class, sort);
    t.put(ArgSort.class, sort);
    Rule diag = (a, name, h) -> new Step.Launch(a, new DiagKernels(a, name));
    t.put(Eye.class, diag);
    t.put(Diag.class, diag);
    t.put(RandomDraw.class, (a, name, h) -> new Step.Launch(a, new RandomKernels(a, name)));
    return Map.copyOf(t);
  }

  /** True if an op class has a CUDA lowering (used by the completeness test). */
  public static boolean supports(Class<? extends Op> opClass) {
    return TABLE.containsKey(opClass);
  }

  private static Step lowerNode(Apply a, String name, Set<Variable> host) {
    Rule r = TABLE.get(a.op().getClass());
    if (r == null) {
      throw unsupported(a);
    }
    return r.lower(a, name, host);
  }

  /** A scalar elementwise node whose inputs are all on the host stays there. */
  private static Step elemwise(Apply a, String name, Set<Variable> host) {
    if (a.output(0).ndim() == 0 && host.containsAll(a.inputs())) {
      return new Step.Host(a);
    }
    return new Step.Launch(a, new ElemwiseKernels(a, name, program(a), a.inputs().size(),
        ElemwiseKernels.theanoBroadcast(a)));
  }

  /** Float products call cuBLAS (with kernels for what it cannot do); integer ones a kernel. */
  private static Step matmul(Apply a, String name, Set<Variable> host) {
    DType out = a.output(0).dtype();
    if (!out.isFloat()) {
      return new Step.Launch(a, new MatmulKernels(a, name));
    }
    String call = (out == DType.FLOAT64 ? "cublasDgemm" : "cublasSgemm")
        + (a.op() instanceof BatchedDot ? "StridedBatched" : "");
    return new Step.Library(a, call, new GemmKernels(a, name));
  }

  /** The error for a node with no CUDA lowering. */
  static TheanoException unsupported(Apply a) {
    return new TheanoException("not supported on CUDA: " + a.op().describe() + " created at "
        + a.site() + " has no CUDA lowering (ops defined outside the library have none); "
        + "compile this function for the jvm backend, or write the op as an OpFromGraph of "
        + "built-in ops, which the CUDA backends inline");
  }

  /** The scalar program of an elementwise node (a fused composite's steps one-to-one). */
  static ScalarProgram program(Apply a) {
    List<DType> in = new ArrayList<>();
    for (Variable v : a.inputs()) {
      in.add(v.dtype());
    }
    return ScalarProgram.of(((Elemwise) a.op()).scalar(), in);
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
