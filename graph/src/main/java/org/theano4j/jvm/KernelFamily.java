package org.theano4j.jvm;

import org.theano4j.compile.InplaceInfo;
import org.theano4j.compile.OpTable;
import org.theano4j.graph.Op;

/**
 * A family of built-in JVM kernels (internal): a class that declares, for each of its op
 * classes, the kernel and what it does with memory. Families are found with
 * {@link java.util.ServiceLoader}: each is a public class with a public no-argument
 * constructor annotated {@code @AutoService(KernelFamily.class)}, which generates its line in
 * {@code META-INF/services}. No central list names them; {@code KernelFamiliesTest} fails for
 * a class implementing this interface that the service loader does not find.
 */
public interface KernelFamily {
  /** Declares this family's kernels. */
  void register(Registry r);

  /** What a family registers into: the kernel table, on behalf of one family. */
  final class Registry extends OpTable.Registrar<Kernels.Entry> {
    Registry(OpTable<Kernels.Entry> table, String owner) {
      super(table, owner);
    }

    /**
     * The kernel of {@code op} and what it does with memory: {@link InplaceInfo#FRESH} if its
     * outputs are always fresh arrays, {@link InplaceInfo#NONE} if it may return a view of an
     * input (or is not known to be fresh).
     *
     * @throws org.theano4j.TheanoException if {@code op} already has a kernel (naming both
     *     families)
     */
    public void kernel(Class<? extends Op> op, InplaceInfo memory, JvmKernel kernel) {
      if (memory == null) {
        throw new IllegalArgumentException(owner() + ": no memory behaviour for " + op.getName());
      }
      if (!memory.anyInput() && memory.inputs().isEmpty()) {
        put(op, new Kernels.Entry(kernel, memory, null));
      } else {
        throw new IllegalArgumentException(owner() + ": " + op.getName() + " overwrites inputs ("
            + memory + "); register its in-place variant too");
      }
    }

    /**
     * A kernel with an in-place variant: {@code memory} says which inputs it may overwrite
     * ({@link InplaceInfo#overwrites}, {@link InplaceInfo#overwritesAnyInput}).
     */
    void kernel(Class<? extends Op> op, InplaceInfo memory, JvmKernel kernel,
        InplaceKernel inplace) {
      if (inplace == null || memory == null || !memory.anyInput() && memory.inputs().isEmpty()) {
        throw new IllegalArgumentException(owner() + ": the in-place variant of "
            + op.getName() + " needs a kernel and the inputs it may overwrite, got " + memory);
      }
      put(op, new Kernels.Entry(kernel, memory, inplace));
    }
  }
}
