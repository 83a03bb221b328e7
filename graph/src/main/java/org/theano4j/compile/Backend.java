package org.theano4j.compile;

import org.theano4j.graph.Op;

/**
 * Turns a scheduled {@link FunctionGraph} into something that runs. Implementations are found
 * with {@link java.util.ServiceLoader}; the JVM interpreter ({@code "jvm"}) is always present.
 */
public interface Backend {
  /** The name used to select it, e.g. {@code "jvm"} or {@code "cuda"}. */
  String name();

  /**
   * Prepares {@code graph} for execution.
   *
   * @throws org.theano4j.TheanoException if this backend cannot run here or cannot run the
   *     graph, with one sentence saying why
   */
  Executable link(FunctionGraph graph, CompileOptions options);

  /**
   * Whether {@link #link} accepts {@link OpFromGraph} nodes and runs them whole. When false the
   * optimiser inlines them in every mode before linking (they are always inlined in
   * {@code FAST_RUN}).
   */
  default boolean runsOpFromGraph() {
    return true;
  }

  /**
   * What this backend's kernel for {@code op} does with memory: whether it returns fresh
   * memory and which inputs it may overwrite. The optimiser's in-place phase plans only what
   * the backend says; the default, {@link InplaceInfo#NONE}, plans nothing in place.
   */
  default InplaceInfo inplace(Op op) {
    return InplaceInfo.NONE;
  }

  /**
   * Whether {@link #link} honours {@link CompileOptions#fastMath()}; a compile asking for fast
   * math on a backend without it fails with a {@link org.theano4j.TheanoException}. False by
   * default.
   */
  default boolean hasFastMath() {
    return false;
  }
}
