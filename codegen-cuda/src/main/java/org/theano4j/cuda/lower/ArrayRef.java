package org.theano4j.cuda.lower;

import java.util.Arrays;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.ndarray.Storage;

/**
 * A tensor as the host side of a kernel sees it: dtype, shape, strides and offset (in
 * elements) over some memory: a {@link Storage} on the JVM, a device allocation on a GPU.
 */
public record ArrayRef(DType dtype, int[] shape, int[] strides, int offset, Object memory) {
  public ArrayRef {
    shape = shape.clone();
    strides = strides.clone();
  }

  /** The layout of an NDArray over its storage. */
  public static ArrayRef of(NDArray a) {
    return new ArrayRef(a.dtype(), a.shape(), a.strides(), a.offset(), a.storage());
  }

  public int ndim() {
    return shape.length;
  }

  public int size() {
    return Shapes.size(shape);
  }

  /** True if the elements are row-major and dense (size-1 dims may have any stride). */
  public boolean isContiguous() {
    return Shapes.isContiguous(shape, strides);
  }

  /** The same memory seen with another layout. */
  public ArrayRef view(int[] newShape, int[] newStrides, int newOffset) {
    return new ArrayRef(dtype, newShape, newStrides, newOffset, memory);
  }

  /** An NDArray over the same storage; only for JVM memory. */
  public NDArray toNDArray() {
    if (!(memory instanceof Storage)) {
      throw new IllegalStateException("not JVM memory: " + this);
    }
    return NDArray.view((Storage) memory, shape, strides, offset);
  }

  @Override
  public String toString() {
    return dtype + Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " +"
        + offset;
  }
}
