package org.theano4j.cuda.lower;

import org.theano4j.compile.OpTable;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;

/**
 * A family of built-in CUDA lowerings (internal): a class that declares, for each of its op
 * classes, how a node becomes a {@link Step}. Families are found with
 * {@link java.util.ServiceLoader}: each is a public class (usually the nested {@code Family}
 * of the kernel class that generates the op's IR) with a public no-argument constructor,
 * annotated {@code @AutoService(LoweringFamily.class)}, which generates its line in
 * {@code META-INF/services}. No central list names them; {@code LoweringFamiliesTest} fails
 * for a class implementing this interface that the service loader does not find.
 */
public interface LoweringFamily {
  /** Declares this family's lowerings. */
  void register(Registry r);

  /** What a family registers into: the lowering table, on behalf of one family. */
  final class Registry extends OpTable.Registrar<Lowering.Rule> {
    Registry(OpTable<Lowering.Rule> table, String owner) {
      super(table, owner);
    }

    /**
     * How a node of {@code op} becomes a step.
     *
     * @throws org.theano4j.TheanoException if {@code op} already has a lowering (naming both
     *     families)
     */
    void lowering(Class<? extends Op> op, Lowering.Rule rule) {
      put(op, rule);
    }

    /** A node of {@code op} becomes one launch of the kernels {@code kernels} generates. */
    void launch(Class<? extends Op> op, KernelsOfNode kernels) {
      put(op, (a, name, host) -> new Step.Launch(a, kernels.of(a, name)));
    }
  }

  /** The kernels of one node (a kernel class's constructor). */
  @FunctionalInterface
  interface KernelsOfNode {
    NodeKernels of(Apply node, String name);
  }
}
