package org.theano4j.compile;

import org.theano4j.graph.DeviceValue;
import org.theano4j.ndarray.NDArray;

/**
 * An executable that keeps shared variables in its backend's memory (Theano's shared
 * variables on the GPU): a shared root is read from the variable's {@link DeviceValue} where
 * it has one of this backend (else its host value is uploaded once and cached on the variable),
 * and update values stay in that memory.
 */
public interface ResidentExecutable extends Executable {
  /**
   * Runs the graph. {@code roots} holds the arguments and constants; positions of shared
   * variables are null (the executable reads them from the variables). Nothing is committed:
   * the caller commits {@link Result#updates()} when the call succeeded; on failure the
   * executable has released them.
   *
   * @return the user outputs as host arrays (fresh, owned by the caller), and one device value
   *     per update, each with memory of its own
   */
  Result runResident(NDArray[] roots);

  /** Host outputs and uncommitted device update values. */
  record Result(NDArray[] outputs, DeviceValue[] updates) {}
}
