package org.theano4j.tensor;

import java.util.Arrays;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * A plain row-major float64 array with the dtype NumPy would give it: the value type of the
 * independent {@link Reference}. Integer values are held exactly (the tests keep them small).
 */
record RefArray(DType dtype, int[] shape, double[] data) {
  RefArray {
    shape = shape.clone();
    if (size(shape) != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds "
          + size(shape) + " values, got " + data.length);
    }
  }

  /** A row-major copy of a library array (its values, shape and dtype only). */
  static RefArray of(NDArray a) {
    return new RefArray(a.dtype(), a.shape(), a.toDoubleArray());
  }

  static RefArray scalar(DType dtype, double v) {
    return new RefArray(dtype, new int[0], new double[] {v});
  }

  static RefArray vector(DType dtype, double... v) {
    return new RefArray(dtype, new int[] {v.length}, v.clone());
  }

  static RefArray zeros(DType dtype, int... shape) {
    return new RefArray(dtype, shape, new double[size(shape)]);
  }

  static int size(int[] shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    return n;
  }

  /** The shape (a copy: records would otherwise hand out the array itself). */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  int ndim() {
    return shape.length;
  }

  int size() {
    return data.length;
  }

  int dim(int axis) {
    return shape[axis];
  }

  /** The row-major multi-index of flat position {@code flat}. */
  static int[] unravel(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] != 0) {
        idx[d] = flat % shape[d];
        flat /= shape[d];
      }
    }
    return idx;
  }

  /** The row-major flat position of a multi-index. */
  static int ravel(int[] idx, int[] shape) {
    int flat = 0;
    for (int d = 0; d < shape.length; d++) {
      flat = flat * shape[d] + idx[d];
    }
    return flat;
  }

  double at(int... idx) {
    return data[ravel(idx, shape)];
  }

  RefArray withDType(DType d) {
    return new RefArray(d, shape, data);
  }

  @Override
  public String toString() {
    return dtype + Arrays.toString(shape) + Arrays.toString(data);
  }
}
