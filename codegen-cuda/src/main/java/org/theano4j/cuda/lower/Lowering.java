package org.theano4j.cuda.lower;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.theano4j.TheanoException;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.compile.LazyBranches;
import org.theano4j.compile.OpTable;
import org.theano4j.cuda.ir.UserFunction;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.Elemwise;

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
    return lower(graph, prefix, Set.of());
  }

  /**
   * Lowers {@code graph} whose scalar roots in {@code deviceScalars} live on the device (a
   * scan step's rows and states): the steps computing from them are kernels, and a slice they
   * bound reads them on the device ({@link DeviceSliceKernels}), so no step downloads them
   * unless its host logic needs their value (a shape, a condition). Other scalar roots are
   * host values.
   */
  static Program lower(FunctionGraph graph, String prefix, Set<Variable> deviceScalars) {
    Set<Variable> host = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Variable r : graph.roots()) {
      if (r.ndim() == 0 && !(r instanceof SharedVariable) && !deviceScalars.contains(r)) {
        host.add(r);
      }
    }
    List<Step> steps = new ArrayList<>();
    // steps in the lazy schedule: a step guarded by an IfElse branch runs only if it is taken
    LazyBranches branches = LazyBranches.of(graph);
    List<Apply> nodes = branches.order();
    for (int i = 0; i < nodes.size(); i++) {
      Apply a = nodes.get(i);
      String name = String.format(Locale.ROOT, "%s_k%02d_%s", prefix, i, shortName(a.op()));
      Step s = lowerNode(a, name, host);
      if (s.hostOutputs()) {
        host.addAll(a.outputs());
      }
      steps.add(s);
    }
    return new Program(graph, steps, branches);
  }

  /** How one op class becomes a step: its node, its kernel name, the host-computed values. */
  @FunctionalInterface
  interface Rule {
    Step lower(Apply a, String name, Set<Variable> host);
  }

  /**
   * The CUDA lowering of every op class, keyed by the op's exact class (all ops are records),
   * declared by the {@link LoweringFamily} classes (found with {@link java.util.ServiceLoader}
   * in class-name order). The completeness test {@code LoweringTableTest} checks that every op
   * of the catalogue has an entry, as the JVM kernel table and the gradient rules are checked.
   */
  private static final OpTable<Rule> TABLE = load(OpTable.families(LoweringFamily.class));

  /** A table filled by {@code families}, in their order. */
  static OpTable<Rule> load(Iterable<? extends LoweringFamily> families) {
    return OpTable.load("CUDA lowering", families,
        (f, t, owner) -> f.register(new LoweringFamily.Registry(t, owner)));
  }

  /** True if an op class has a CUDA lowering (used by the completeness test). */
  public static boolean supports(Class<? extends Op> opClass) {
    return TABLE.contains(opClass);
  }

  /**
   * Registers the CUDA lowering of a user-defined elementwise op class: its nodes become the
   * elementwise kernels computing {@code fn} (see {@code org.theano4j.cuda.CudaElementwise}).
   *
   * @throws TheanoException if an argument is null or the class already has a lowering
   */
  public static void registerElementwise(Class<? extends Op> opClass, UserFunction fn,
      String owner) {
    TABLE.put(opClass, fn == null ? null
        : (a, name, host) -> new Step.Launch(a, ElemwiseKernels.user(a, name, fn)), owner);
  }

  /** The family (or entry point) that registered {@code opClass}'s lowering, or null. */
  static String owner(Class<? extends Op> opClass) {
    return TABLE.owner(opClass);
  }

  private static Step lowerNode(Apply a, String name, Set<Variable> host) {
    Rule r = TABLE.get(a.op().getClass());
    if (r == null) {
      throw unsupported(a);
    }
    return r.lower(a, name, host);
  }

  /** The error for a node with no CUDA lowering. */
  static TheanoException unsupported(Apply a) {
    return new TheanoException("not supported on CUDA: " + a.op().describe() + " created at "
        + a.site() + " has no CUDA lowering; an elementwise op defined outside the library "
        + "can register a CUDA C expression with CudaElementwise.register, any other can be "
        + "written as an OpFromGraph of built-in ops, which the CUDA backends inline; or "
        + "compile this function for the jvm backend");
  }

  private static String shortName(Op op) {
    String s = op instanceof Elemwise ? ((Elemwise) op).scalar().opName()
        : op.getClass().getSimpleName();
    s = s.replaceAll("[^A-Za-z0-9]+", "_").toLowerCase(Locale.ROOT);
    return s.length() > 24 ? s.substring(0, 24) : s;
  }
}
