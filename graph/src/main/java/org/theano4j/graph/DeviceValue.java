package org.theano4j.graph;

import org.theano4j.ndarray.NDArray;

/**
 * A shared variable's value kept by a backend in its own memory (a GPU's), so that functions
 * of that backend read and update it there and only {@link SharedVariable#getValue()} copies
 * it to the host. Implemented by backends; users never see one.
 */
public interface DeviceValue {
  /** A fresh host copy of the value. */
  NDArray toHost();

  /** Returns the memory to the backend; the value is not used afterwards. */
  void release();
}
