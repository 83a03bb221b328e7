package org.theano4j.rewrite;

import java.util.Objects;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;

/**
 * A named local rewrite: looks at one node and returns a variable to replace its output with,
 * or null to leave it. The engine ({@link Rewriter}) offers a rule only nodes with one output.
 * The replacement must have the output's dtype and rank and a compatible static shape (the
 * engine checks; {@link Patterns#fits} lets a rule check first and decline). A rule must not
 * return a replacement that the same rule would rewrite back, or the phase will not reach a
 * fixed point. The rule {@code neg-neg} of {@link CanonicalRules}, -(-x) to x:
 *
 * <pre>{@code
 * Rule negNeg = Rule.of("neg-neg", (node, ctx) ->
 *     Patterns.is(node, Scalar.NEG) && Patterns.is(node.input(0), Scalar.NEG)
 *         && Patterns.fits(node.input(0).owner().input(0), node.output(0))
 *         ? node.input(0).owner().input(0) : null);
 * }</pre>
 */
public record Rule(String name, Rewrite rewrite) {
  /** The function of a rule. */
  @FunctionalInterface
  public interface Rewrite {
    /** The replacement of {@code node.output(0)}, or null. */
    Variable apply(Apply node, RewriteContext ctx);
  }

  public Rule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rewrite, "rewrite");
  }

  public static Rule of(String name, Rewrite rewrite) {
    return new Rule(name, rewrite);
  }
}
