package org.theano4j.rewrite;

import java.util.List;
import java.util.function.Supplier;
import org.theano4j.graph.Apply;
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

  /**
   * The nodes of the graph as it was when the current pass began, in the topological order
   * in which the pass visits them. The node a rule is shown is one of these, or its rebuilt
   * version on inputs replaced earlier in the pass (see {@link #original}).
   */
  List<Apply> passNodes();

  /**
   * The variable of {@link #passNodes()}'s graph that {@code v} is the rebuilt version or the
   * replacement of in this pass; {@code v} itself if it is one of that graph's variables (or
   * unrelated to it).
   */
  Variable original(Variable v);

  /** Per-pass state shared by the invocations of one rule (e.g. the merge table). */
  <T> T passState(String key, Supplier<T> init);
}
