package org.theano4j.tutorial.mnist.data;

import java.util.Arrays;
import org.theano4j.ndarray.Shapes;

/**
 * The contents of an unsigned-byte IDX file: its dimensions and its bytes in row-major order.
 *
 * <p>An image file of MNIST has dimensions {@code [n, 28, 28]}, a label file {@code [n]}.
 */
public final class IdxArray {
  private final int[] dims;
  private final byte[] data;

  /**
   * An array of the given dimensions over {@code data} (not copied).
   *
   * @throws IllegalArgumentException if no array can have the shape {@code dims}
   *     ({@code Shapes.size}) or its product is not {@code data.length}
   */
  public IdxArray(int[] dims, byte[] data) {
    int size = Shapes.size(dims);
    if (size != data.length) {
      throw new IllegalArgumentException("dimensions " + Arrays.toString(dims) + " need " + size
          + " bytes, got " + data.length);
    }
    this.dims = dims.clone();
    this.data = data;
  }

  /** The dimensions (a copy); the first is the number of items. */
  public int[] dims() {
    return dims.clone();
  }

  /** The number of items, the first dimension. */
  public int items() {
    return dims.length == 0 ? 1 : dims[0];
  }

  /** The bytes of one item, the product of all dimensions but the first. */
  public int itemSize() {
    int s = 1;
    for (int i = 1; i < dims.length; i++) {
      s *= dims[i];
    }
    return s;
  }

  /** The bytes, shared with this array (not a copy); read them as unsigned. */
  public byte[] data() {
    return data;
  }
}
