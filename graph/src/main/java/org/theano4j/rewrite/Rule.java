package org.theano4j.rewrite;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.graph.Variable;

/**
 * A named local rewrite: looks at one node and returns replacements for its outputs, or null
 * to leave it. A rule declares the op classes it can match ({@link #ops()}; empty for any op):
 * the engine ({@link Rewriter}) offers it only nodes whose op is an instance of one of them.
 * A rule made with {@link #of} looks at nodes with one output and returns the replacement of
 * that output; a rule made with {@link #multi} is offered nodes with any number of outputs
 * and returns one variable per output (the output itself where it is kept).
 *
 * <p>A replacement must have the replaced output's dtype and rank and a compatible static shape
 * (the engine checks; {@link Patterns#fits} lets a rule check first and decline). A rule must
 * not return a replacement that the same rule would rewrite back, or the phase will not reach a
 * fixed point. The rule {@code neg-neg} of {@link CanonicalRules}, -(-x) to x, offered only
 * elementwise nodes:
 *
 * <pre>{@code
 * Rule negNeg = Rule.of("neg-neg", Elemwise.class, (node, ctx) ->
 *     Patterns.is(node, Scalar.NEG) && Patterns.is(node.input(0), Scalar.NEG)
 *         && Patterns.fits(node.input(0).owner().input(0), node.output(0))
 *         ? node.input(0).owner().input(0) : null);
 * }</pre>
 *
 * @param ops the op classes the rule can match (a node matches when its op is an instance of
 *     one); empty: every op
 * @param multiOutput whether the rule is offered nodes with several outputs (otherwise only
 *     nodes with exactly one)
 */
public record Rule(String name, Set<Class<? extends Op>> ops, boolean multiOutput,
    MultiRewrite rewrite) {
  /** The function of a single-output rule. */
  @FunctionalInterface
  public interface Rewrite {
    /** The replacement of {@code node.output(0)}, or null. */
    Variable apply(Apply node, RewriteContext ctx);
  }

  /** The function of a rule that may look at multi-output nodes. */
  @FunctionalInterface
  public interface MultiRewrite {
    /**
     * One replacement per output of {@code node} (an output itself where it is kept), or null
     * to leave the node.
     */
    List<Variable> apply(Apply node, RewriteContext ctx);
  }

  public Rule {
    Objects.requireNonNull(name, "name");
    ops = Set.copyOf(Objects.requireNonNull(ops, "ops"));
    Objects.requireNonNull(rewrite, "rewrite");
  }

  /** A single-output rule offered nodes of every op. */
  public static Rule of(String name, Rewrite rewrite) {
    return of(name, Set.of(), rewrite);
  }

  /** A single-output rule offered only nodes whose op is an instance of {@code op}. */
  public static Rule of(String name, Class<? extends Op> op, Rewrite rewrite) {
    return of(name, Set.of(op), rewrite);
  }

  /** A single-output rule offered only nodes whose op is an instance of one of {@code ops}. */
  public static Rule of(String name, Set<Class<? extends Op>> ops, Rewrite rewrite) {
    Objects.requireNonNull(rewrite, "rewrite");
    return new Rule(name, ops, false, (node, ctx) -> {
      Variable r = rewrite.apply(node, ctx);
      return r == null ? null : List.of(r);
    });
  }

  /**
   * A rule offered nodes with any number of outputs whose op is an instance of one of
   * {@code ops} (every op when empty).
   */
  public static Rule multi(String name, Set<Class<? extends Op>> ops, MultiRewrite rewrite) {
    return new Rule(name, ops, true, rewrite);
  }

  /** Whether the engine offers this rule nodes of {@code opClass} with {@code outputs} outputs. */
  boolean matches(Class<? extends Op> opClass, int outputs) {
    if (!multiOutput && outputs != 1) {
      return false;
    }
    if (ops.isEmpty()) {
      return true;
    }
    for (Class<? extends Op> c : ops) {
      if (c.isAssignableFrom(opClass)) {
        return true;
      }
    }
    return false;
  }
}
