package org.theano4j.rewrite;

import java.util.function.Supplier;
import org.theano4j.graph.Variable;

/** What a rule may ask about the graph being rewritten, beyond the node it looks at. */
public interface RewriteContext {
  /**
   * How many times {@code v} is used (as a node input or a graph output) in the graph as it
   * was when the current pass began; {@link Integer#MAX_VALUE} when unknown (a variable built
   * during this pass).
   */
  int clients(Variable v);

  /** True if {@code v} is (the current version of) a graph output or update value. */
  boolean isOutput(Variable v);

  /** Per-pass state shared by the invocations of one rule (e.g. the merge table). */
  <T> T passState(String key, Supplier<T> init);
}
