package org.theano4j.compile;

import org.theano4j.ndarray.NDArray;

/** A linked graph: values for {@link FunctionGraph#roots()} in, outputs out. */
public interface Executable {
  /**
   * Runs the graph. Implementations must not modify the arrays passed in.
   *
   * @param roots values for every root of the graph, in {@link FunctionGraph#roots()} order
   * @return one value per {@link FunctionGraph#outputs()} entry; the array itself (not the
   *     values) may be reused by the next run, so callers read it at once
   */
  NDArray[] run(NDArray[] roots);

  /**
   * Takes back the buffer of {@code value}, an output of an earlier {@link #run} that nothing
   * will read or write any more, for reuse by later runs (a scan's superseded state); by
   * default nothing is kept.
   */
  default void release(NDArray value) {}

  /** Per-node timings when compiled with profiling on, else null. */
  default ProfileStats profile() {
    return null;
  }
}
