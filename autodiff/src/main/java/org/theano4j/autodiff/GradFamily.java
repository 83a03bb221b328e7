package org.theano4j.autodiff;

import org.theano4j.compile.OpTable;
import org.theano4j.graph.Op;

/**
 * A family of built-in gradient rules (internal): a class that declares, for each of its op
 * classes, a {@link GradRule} or that it is not differentiable. Families are found with
 * {@link java.util.ServiceLoader}: each is a public class with a public no-argument
 * constructor annotated {@code @AutoService(GradFamily.class)}, which generates its line in
 * {@code META-INF/services}. No central list names them; {@code GradFamiliesTest} fails for a
 * class implementing this interface that the service loader does not find.
 */
public interface GradFamily {
  /** Declares this family's entries. */
  void register(Registry r);

  /** What a family registers into: the gradient table, on behalf of one family. */
  final class Registry extends OpTable.Registrar<GradRules.Entry> {
    Registry(OpTable<GradRules.Entry> table, String owner) {
      super(table, owner);
    }

    /**
     * The rule of a differentiable op class.
     *
     * @throws org.theano4j.TheanoException if the class already has an entry (naming both
     *     families)
     */
    public void rule(Class<? extends Op> op, GradRule rule) {
      put(op, GradRules.entry(GradRules.Kind.DIFFERENTIABLE, rule, owner()));
    }

    /**
     * Marks an op class not differentiable: {@code disconnected} when its output does not
     * depend on its inputs' values, else its inputs get zero gradients.
     */
    public void notDifferentiable(Class<? extends Op> op, boolean disconnected) {
      put(op, GradRules.entry(disconnected ? GradRules.Kind.DISCONNECTED
          : GradRules.Kind.ZERO, null, owner()));
    }
  }
}
