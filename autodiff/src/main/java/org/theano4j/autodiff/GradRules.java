package org.theano4j.autodiff;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.theano4j.TheanoException;
import org.theano4j.compile.OpFromGraph;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.tensor.Cast;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.RandomDraw;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ScalarOp;

/**
 * The table of gradient rules, keyed by op class (and, for {@link Elemwise}, by scalar
 * function). Every op is either differentiable, with a {@link GradRule}, or explicitly marked
 * as not differentiable; the ops themselves know nothing about gradients.
 *
 * <p>The built-in entries are registered here explicitly, one family class at a time. Code
 * that defines its own op adds a rule with {@link #register} (or the public
 * {@link Grad#registerRule}).
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

  private record Entry(Kind kind, GradRule rule) {}

  private static final Map<Class<? extends Op>, Entry> OPS = new ConcurrentHashMap<>();
  private static final Map<Scalar, ElemwiseGrads.ScalarRule> SCALARS = new EnumMap<>(Scalar.class);
  private static final Map<Scalar, Kind> SCALAR_KINDS = new EnumMap<>(Scalar.class);

  static {
    ElemwiseGrads.register(SCALARS, SCALAR_KINDS);
    OPS.put(Elemwise.class, new Entry(Kind.DIFFERENTIABLE, ElemwiseGrads::grads));
    ReduceGrads.register();
    LinalgGrads.register();
    ShapeGrads.register();
    IndexGrads.register();
    NNGrads.register();
    CumRepeatTileGrads.register();
    register(OpFromGraph.class, OpFromGraphGrads::grads);
    SortGrads.register();
    markNotDifferentiable(RandomDraw.class, true);
  }

  private GradRules() {}

  /**
   * Registers the rule of a differentiable op class.
   *
   * @throws TheanoException if an argument is null or the class already has an entry
   */
  public static void register(Class<? extends Op> opClass, GradRule rule) {
    put(opClass, new Entry(Kind.DIFFERENTIABLE, rule));
  }

  /**
   * Marks an op class as not differentiable: {@code disconnected} when its output does not
   * depend on its inputs' values, else its inputs get zero gradients.
   */
  public static void markNotDifferentiable(Class<? extends Op> opClass, boolean disconnected) {
    put(opClass, new Entry(disconnected ? Kind.DISCONNECTED : Kind.ZERO, null));
  }

  private static void put(Class<? extends Op> opClass, Entry e) {
    if (opClass == null || e.kind() == Kind.DIFFERENTIABLE && e.rule() == null) {
      throw new TheanoException("registering a gradient: the " + (opClass == null ? "op class"
          : "rule") + " is null");
    }
    if (OPS.putIfAbsent(opClass, e) != null) {
      throw new TheanoException(opClass.getName() + " already has a gradient entry (an op "
          + "class has one rule; register it once)");
    }
  }

  /** The entry of an op class, if any (for {@link Elemwise}: DIFFERENTIABLE, see below). */
  public static Optional<Kind> kindOf(Class<? extends Op> opClass) {
    Entry e = OPS.get(opClass);
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
    return Optional.ofNullable(SCALAR_KINDS.get((Scalar) scalar));
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

  static ElemwiseGrads.ScalarRule scalarRule(Scalar s) {
    return SCALARS.get(s);
  }
}
