package org.theano4j.jvm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.theano4j.TheanoException;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.tensor.ArgReduce;
import org.theano4j.tensor.ArgSort;
import org.theano4j.tensor.BatchedDot;
import org.theano4j.tensor.CrossentropyCategorical1Hot;
import org.theano4j.tensor.CrossentropySoftmax1Hot;
import org.theano4j.tensor.Diag;
import org.theano4j.tensor.Dot;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.Eye;
import org.theano4j.tensor.Gemm;
import org.theano4j.tensor.RandomDraw;
import org.theano4j.tensor.Reduce;
import org.theano4j.tensor.Softmax;
import org.theano4j.tensor.SoftmaxCrossentropy1Hot;
import org.theano4j.tensor.Sort;

/**
 * The table of JVM kernels, keyed by op class. Every op of the catalogue has exactly one
 * entry, registered here explicitly (not as a side effect of loading a class); ops defined
 * outside the library add theirs with {@link #register} (through
 * {@link org.theano4j.Theano#registerJvmKernel}). The table also
 * says, per op, what its kernel does with memory ({@link #inplace}): whether it returns fresh
 * memory and which inputs its in-place variant may overwrite. The in-place planner asks
 * through {@link JvmBackend#inplace}; an op not declared here is planned conservatively
 * ({@link InplaceInfo#NONE}: it may return views).
 */
public final class Kernels {
  private static final Map<Class<? extends Op>, JvmKernel> TABLE = new ConcurrentHashMap<>();
  private static final Map<Class<? extends Op>, InplaceKernel> INPLACE = new HashMap<>();
  private static final Map<Class<? extends Op>, InplaceInfo> MEMORY = new HashMap<>();

  static {
    ElemwiseKernel.register(TABLE);
    ReduceKernels.register(TABLE);
    BlasKernels.register(TABLE);
    NNKernels.register(TABLE);
    ShapeKernels.register(TABLE);
    IndexKernels.register(TABLE);
    AdvancedIndexKernels.register(TABLE);
    GradOpKernels.register(TABLE);
    CumulativeKernels.register(TABLE);
    RepeatKernels.register(TABLE);
    SortKernels.register(TABLE);
    DiagKernels.register(TABLE);
    RandomKernels.register(TABLE);
    FusedKernels.register(TABLE);
    OpFromGraphKernel.register(TABLE);
    // What the kernels do with memory. Elementwise loops may write into any input of the
    // output's layout; GEMM into its bias (input 2).
    inplace(Elemwise.class, InplaceInfo.overwritesAnyInput(), ElemwiseKernel::run);
    inplace(Gemm.class, InplaceInfo.overwrites(2), FusedKernels::gemm);
    for (Class<? extends Op> c : List.of(Reduce.class, ArgReduce.class, Dot.class,
        BatchedDot.class, Softmax.class, CrossentropyCategorical1Hot.class,
        CrossentropySoftmax1Hot.class, SoftmaxCrossentropy1Hot.class, Sort.class,
        ArgSort.class, Eye.class, Diag.class, RandomDraw.class)) {
      MEMORY.put(c, InplaceInfo.FRESH);
    }
  }

  private static void inplace(Class<? extends Op> op, InplaceInfo info, InplaceKernel kernel) {
    MEMORY.put(op, info);
    INPLACE.put(op, kernel);
  }

  /**
   * What the kernel of {@code op} does with memory: fresh outputs or views, and which inputs its
   * in-place variant may overwrite.
   */
  public static InplaceInfo inplace(Op op) {
    return MEMORY.getOrDefault(op.getClass(), InplaceInfo.NONE);
  }

  private Kernels() {}

  /**
   * Registers the kernel of an op class defined outside the library.
   *
   * @throws TheanoException if an argument is null or the class already has a kernel
   */
  public static void register(Class<? extends Op> opClass, JvmKernel kernel) {
    if (opClass == null || kernel == null) {
      throw new TheanoException("registerJvmKernel: the " + (opClass == null ? "op class"
          : "kernel") + " is null");
    }
    if (TABLE.putIfAbsent(opClass, kernel) != null) {
      throw new TheanoException("registerJvmKernel: " + opClass.getName()
          + " already has a JVM kernel (an op class has one kernel; register it once)");
    }
  }

  /** The kernel for {@code node}'s op. */
  public static JvmKernel forNode(Apply node) {
    JvmKernel k = TABLE.get(node.op().getClass());
    if (k == null) {
      throw new TheanoException("the JVM backend has no implementation of "
          + node.op().describe() + " (node created at " + node.site() + "); register one with "
          + "Theano.registerJvmKernel(" + node.op().getClass().getSimpleName() + ".class, ...)");
    }
    return k;
  }

  /** The in-place variant of {@code node}'s kernel, or null if it has none. */
  static InplaceKernel inplaceForNode(Apply node) {
    return INPLACE.get(node.op().getClass());
  }

  /** True if an op class has a JVM kernel (used by the op-table completeness test). */
  public static boolean supports(Class<? extends Op> opClass) {
    return TABLE.containsKey(opClass);
  }
}
