package org.theano4j.autodiff;

import java.util.Optional;
import org.theano4j.TheanoException;
import org.theano4j.compile.OpTable;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.tensor.Cast;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ScalarOp;

/**
 * The table of gradient rules, keyed by op class (and, for {@link Elemwise}, by scalar
 * function). Every op is either differentiable, with a {@link GradRule}, or explicitly marked
 * as not differentiable; the ops themselves know nothing about gradients.
 *
 * <p>The built-in entries are declared by {@link GradFamily} classes, found with
 * {@link java.util.ServiceLoader} in class-name order ({@code ElemwiseGrads} declares
 * {@link Elemwise} and keeps the rules of the scalar functions). Code that defines its own op
 * adds a rule with {@link #register} (or the public {@link Grad#registerRule}).
 *
 * <pre>{@code
 * GradRules.register(MyOp.class, (node, gz) -> GradRule.of(gz.get(0).mul(2)));
 * }</pre>
 */
public final class GradRules {
  /** How an op (or scalar function) behaves under differentiation. */
  public enum Kind {
    /** Has a {@link GradRule}. */
    DIFFERENTIABLE,
    /**
     * Not differentiable (piecewise constant, integer-valued, comparisons): its inputs stay
     * connected to the cost and get a zero gradient from it.
     */
    ZERO,
    /**
     * Its value does not depend on its inputs' values (shapes) or it cuts the gradient on
     * purpose ({@code disconnectedGrad}): its inputs are not connected through it.
     */
    DISCONNECTED
  }

  /** An op class's entry: its kind and, if differentiable, its rule. */
  record Entry(Kind kind, GradRule rule) {}

  private static final OpTable<Entry> OPS = load(OpTable.families(GradFamily.class));

  private GradRules() {}

  /** A table filled by {@code families}, in their order. */
  static OpTable<Entry> load(Iterable<? extends GradFamily> families) {
    return OpTable.load("gradient entry", families,
        (f, t, owner) -> f.register(new GradFamily.Registry(t, owner)));
  }

  /**
   * Registers the rule of a differentiable op class defined outside the library.
   *
   * @throws TheanoException if an argument is null or the class already has an entry
   */
  public static void register(Class<? extends Op> opClass, GradRule rule) {
    OPS.put(opClass, opClass == null ? null : entry(Kind.DIFFERENTIABLE, rule,
        "Grad.registerRule"), "Grad.registerRule");
  }

  /**
   * Marks an op class defined outside the library as not differentiable: {@code disconnected}
   * when its output does not depend on its inputs' values, else its inputs get zero gradients.
   */
  public static void markNotDifferentiable(Class<? extends Op> opClass, boolean disconnected) {
    String owner = "Grad.registerNotDifferentiable";
    OPS.put(opClass, entry(disconnected ? Kind.DISCONNECTED : Kind.ZERO, null, owner), owner);
  }

  /** The entry of a kind; a differentiable one needs its rule. */
  static Entry entry(Kind kind, GradRule rule, String owner) {
    if (kind == Kind.DIFFERENTIABLE && rule == null) {
      throw new TheanoException(owner + ": the rule is null");
    }
    return new Entry(kind, rule);
  }

  /** The family (or entry point) that registered {@code opClass}'s entry, or null. */
  static String owner(Class<? extends Op> opClass) {
    return OPS.owner(opClass);
  }

  /** The entry of an op class, if any (for {@link Elemwise}: DIFFERENTIABLE, see below). */
  public static Optional<Kind> kindOf(Class<? extends Op> opClass) {
    Entry e = opClass == null ? null : OPS.get(opClass);
    return e == null ? Optional.empty() : Optional.of(e.kind());
  }

  /** The entry of a scalar function of {@link Elemwise}, if any. */
  public static Optional<Kind> kindOf(ScalarOp scalar) {
    if (scalar instanceof Cast) {
      return Optional.of(Kind.DIFFERENTIABLE);
    }
    if (!(scalar instanceof Scalar)) {
      // A fused Composite exists only in optimised graphs: differentiate before compiling.
      return Optional.empty();
    }
    return Optional.ofNullable(ElemwiseGrads.kind((Scalar) scalar));
  }

  /** How {@code node}'s op differentiates; fails naming the node when it has no entry. */
  static Kind kindOf(Apply node) {
    Op op = node.op();
    Optional<Kind> k = op instanceof Elemwise ? kindOf(((Elemwise) op).scalar())
        : kindOf(op.getClass());
    return k.orElseThrow(() -> new TheanoException("grad: no gradient rule for "
        + op.describe() + " (node created at " + node.site() + "); register one with "
        + "Grad.registerRule or mark the op with Grad.registerNotDifferentiable"));
  }

  /** The rule of a differentiable node. */
  static GradRule ruleOf(Apply node) {
    return OPS.get(node.op().getClass()).rule();
  }
}
