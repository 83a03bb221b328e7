package org.theano4j.jvm;

import org.theano4j.graph.Apply;
import org.theano4j.ndarray.NDArray;

/**
 * A kernel that can write its output into one of its inputs, when the schedule says that
 * input is dead afterwards ({@link org.theano4j.compile.FunctionGraph#destroyedInput}). It
 * falls back to a fresh output when the input's layout does not fit (not contiguous, another
 * shape or dtype), so honouring the hint never changes results.
 */
@FunctionalInterface
interface InplaceKernel {
  NDArray[] run(Apply node, NDArray[] inputs, int destroyed);
}
