package org.theano4j.jvm;

import org.theano4j.graph.Apply;
import org.theano4j.ndarray.NDArray;

/**
 * The JVM implementation of one op family: computes a node's outputs from its input values.
 *
 * <p>Kernels must not modify their inputs. They may return a view of an input (slices,
 * dimshuffles) but otherwise allocate fresh outputs. Bad runtime values (shapes that do not
 * match, indices out of range) are reported with {@link IllegalArgumentException}; the
 * interpreter adds the node and the user's source line.
 *
 * <p>In a compiled function each node runs with its {@link org.theano4j.ndarray.ArrayArena}
 * current: the arrays a kernel makes through {@code NDArray}'s factories and view methods
 * are the node's wrappers of its last call, re-pointed, and {@link
 * org.theano4j.ndarray.ArrayArena#result} returns the outputs in the node's reused array. So a
 * kernel must not keep an input, an output or its result array past its call (the
 * interpreter reads the result array at once). Kernels that use the arena's scratch
 * ({@code ArrayArena.scratchInts}, {@code state}) get plain new objects outside a function.
 */
@FunctionalInterface
public interface JvmKernel {
  NDArray[] run(Apply node, NDArray[] inputs);

  /**
   * Called once per node when a function containing it is linked, before any call: a kernel
   * that needs per-node preparation (a scan compiles its inner function) does it here, so that
   * compile-time work and errors happen at {@code build()}. Does nothing by default.
   */
  default void link(Apply node) {}
}
