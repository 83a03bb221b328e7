package org.theano4j.tutorial.mnist.data;

import org.theano4j.io.NumpyArray;

/**
 * A {@code numpy.ndarray} of a pickle: created empty by {@code _reconstruct}, given its dtype,
 * shape and bytes by the {@code BUILD} that follows, then an immutable {@link NumpyArray}.
 */
final class PickledArray {
  private NumpyArray array;

  void set(NumpyArray a) {
    array = a;
  }

  boolean isSet() {
    return array != null;
  }

  /**
   * The array.
   *
   * @throws IllegalStateException before its {@code BUILD} (the unpickler refuses such a pickle)
   */
  NumpyArray array() {
    if (array == null) {
      throw new IllegalStateException("numpy array not yet built");
    }
    return array;
  }
}
