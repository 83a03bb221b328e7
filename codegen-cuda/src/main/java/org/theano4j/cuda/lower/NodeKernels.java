package org.theano4j.cuda.lower;

import java.util.List;
import org.theano4j.cuda.ir.Kernel;

/**
 * The kernels generated for one node and the host-side logic that runs them: output shapes,
 * allocation, kernel choice (e.g. the contiguous fast path), grid size and parameters.
 */
public interface NodeKernels {
  /** Every kernel this node may launch. */
  List<Kernel> kernels();

  /**
   * True if input {@code i} is read on the host only (a shape vector, scalar bounds): the
   * runner then passes its host copy (downloading it if needed) and no device copy.
   */
  default boolean hostInput(int i) {
    return false;
  }

  /**
   * Computes the node's outputs from its inputs on {@code device}.
   *
   * @param hostValues host copies of inputs that are host values (scalar bounds, shapes), by
   *     input position; null elsewhere
   * @throws IllegalArgumentException for bad run-time shapes or values, naming them
   */
  ArrayRef[] run(ArrayRef[] inputs, org.theano4j.ndarray.NDArray[] hostValues, Device device);
}
