package org.theano4j.jvm;

import java.util.HashMap;
import java.util.Map;
import org.theano4j.TheanoException;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;

/**
 * The table of JVM kernels, keyed by op class. Every op of the catalogue has exactly one
 * entry, registered here explicitly (not as a side effect of loading a class).
 */
public final class Kernels {
  private static final Map<Class<? extends Op>, JvmKernel> TABLE = new HashMap<>();
  private static final Map<Class<? extends Op>, InplaceKernel> INPLACE = new HashMap<>();

  static {
    ElemwiseKernel.register(TABLE);
    ReduceKernels.register(TABLE);
    BlasKernels.register(TABLE);
    NNKernels.register(TABLE);
    ShapeKernels.register(TABLE);
    IndexKernels.register(TABLE);
    AdvancedIndexKernels.register(TABLE);
    GradOpKernels.register(TABLE);
    SortKernels.register(TABLE);
    DiagKernels.register(TABLE);
    FusedKernels.register(TABLE, INPLACE);
  }

  private Kernels() {}

  /** The kernel for {@code node}'s op. */
  public static JvmKernel forNode(Apply node) {
    JvmKernel k = TABLE.get(node.op().getClass());
    if (k == null) {
      throw new TheanoException("the JVM backend has no implementation of "
          + node.op().describe() + " (node created at " + node.site() + ")");
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
