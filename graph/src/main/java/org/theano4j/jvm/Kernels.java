package org.theano4j.jvm;

import org.theano4j.TheanoException;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.compile.OpTable;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;

/**
 * The table of JVM kernels, keyed by op class. Every op of the catalogue has exactly one
 * entry, declared by its {@link KernelFamily} (found with {@link java.util.ServiceLoader}, in
 * class-name order); ops defined outside the library add theirs with {@link #register}
 * (through {@link org.theano4j.Theano#registerJvmKernel}). Each entry also says what its
 * kernel does with memory ({@link #inplace}): whether it returns fresh memory and which inputs
 * its in-place variant may overwrite. The in-place planner asks through
 * {@link JvmBackend#inplace}; a user's kernel is planned conservatively
 * ({@link InplaceInfo#NONE}: it may return views).
 */
public final class Kernels {
  /** A kernel, what it does with memory, and its in-place variant (or null). */
  record Entry(JvmKernel kernel, InplaceInfo memory, InplaceKernel inplace) {}

  private static final OpTable<Entry> TABLE = load(OpTable.families(KernelFamily.class));

  private Kernels() {}

  /** A table filled by {@code families}, in their order. */
  static OpTable<Entry> load(Iterable<? extends KernelFamily> families) {
    return OpTable.load("JVM kernel", families,
        (f, t, owner) -> f.register(new KernelFamily.Registry(t, owner)));
  }

  /**
   * What the kernel of {@code op} does with memory: fresh outputs or views, and which inputs its
   * in-place variant may overwrite.
   */
  public static InplaceInfo inplace(Op op) {
    Entry e = TABLE.get(op.getClass());
    return e == null ? InplaceInfo.NONE : e.memory();
  }

  /**
   * Registers the kernel of an op class defined outside the library.
   *
   * @throws TheanoException if an argument is null or the class already has a kernel
   */
  public static void register(Class<? extends Op> opClass, JvmKernel kernel) {
    TABLE.put(opClass, kernel == null ? null : new Entry(kernel, InplaceInfo.NONE, null),
        "Theano.registerJvmKernel");
  }

  /** The kernel for {@code node}'s op. */
  public static JvmKernel forNode(Apply node) {
    Entry e = TABLE.get(node.op().getClass());
    if (e == null) {
      throw new TheanoException("the JVM backend has no implementation of "
          + node.op().describe() + " (node created at " + node.site() + "); register one with "
          + "Theano.registerJvmKernel(" + node.op().getClass().getSimpleName() + ".class, ...)");
    }
    return e.kernel();
  }

  /** The in-place variant of {@code node}'s kernel, or null if it has none. */
  static InplaceKernel inplaceForNode(Apply node) {
    Entry e = TABLE.get(node.op().getClass());
    return e == null ? null : e.inplace();
  }

  /** True if an op class has a JVM kernel (used by the op-table completeness test). */
  public static boolean supports(Class<? extends Op> opClass) {
    return TABLE.contains(opClass);
  }

  /** The family (or entry point) that registered {@code opClass}'s kernel, or null. */
  public static String owner(Class<? extends Op> opClass) {
    return TABLE.owner(opClass);
  }
}
