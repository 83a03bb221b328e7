package org.theano4j.compile;

import java.util.Arrays;
import org.theano4j.TheanoException;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * Converts call arguments to arrays of the input's type, refusing lossy conversions.
 *
 * <p>Accepted: an NDArray whose dtype converts to the input's without loss; a Java number
 * (a {@code double} is also accepted for a float32 input, as Theano accepts Python floats);
 * {@code float[] double[] int[] long[] byte[] boolean[]} for vectors and
 * {@code float[][] double[][] int[][]} for matrices.
 */
public final class Arguments {
  private Arguments() {}

  public static NDArray convert(Object arg, Variable input, int position) {
    TensorType t = input.type();
    NDArray a;
    try {
      a = toArray(arg, t.dtype());
    } catch (IllegalArgumentException e) {
      throw error(input, position, e.getMessage());
    }
    if (a.ndim() != t.ndim()) {
      throw error(input, position, "expected rank " + t.ndim() + " " + t + ", got an array of "
          + "shape " + Arrays.toString(a.shape()));
    }
    for (int d = 0; d < t.ndim(); d++) {
      if (t.dim(d) != TensorType.UNKNOWN && t.dim(d) != a.shape(d)) {
        throw error(input, position, "expected shape " + t.shapeString() + ", got "
            + Arrays.toString(a.shape()));
      }
    }
    if (a.dtype() != t.dtype()) {
      if (!a.dtype().canCastSafelyTo(t.dtype())) {
        throw error(input, position, "expected " + t.dtype() + ", got " + a.dtype()
            + ", which cannot be converted without loss (convert it with astype("
            + t.dtype() + ") first)");
      }
      a = a.astype(t.dtype());
    }
    return a;
  }

  /**
   * A Java number for the 0-d {@code input}, written into {@code target} (a 0-d array of the
   * input's dtype) instead of a new array; the same checks as {@link #convert}.
   */
  public static NDArray convertNumber(Number arg, Variable input, int position,
      NDArray target) {
    DType want = input.dtype();
    if (arg instanceof Double || arg instanceof Float) {
      if (!want.isFloat()) {
        throw error(input, position, "expected " + want + ", got the fractional number "
            + arg.doubleValue());
      }
      target.setDouble(arg.doubleValue());
      return target;
    }
    if (want.isBool()) {
      throw error(input, position, "expected bool, got the integer " + arg.longValue());
    }
    long v = arg.longValue();
    target.setLong(v);
    if (target.getLong() != v || want.isFloat() && (long) (double) v != v) {
      throw error(input, position, "the value " + v + " does not fit " + want);
    }
    return target;
  }

  private static TheanoException error(Variable input, int position, String what) {
    return new TheanoException("argument " + position + " for input " + input.describe() + ": "
        + what);
  }

  private static NDArray toArray(Object arg, DType want) {
    if (arg instanceof NDArray) {
      return (NDArray) arg;
    }
    if (arg == null) {
      throw new IllegalArgumentException("got null");
    }
    if (arg instanceof Double || arg instanceof Float) {
      double v = ((Number) arg).doubleValue();
      if (want.isFloat()) {
        return NDArray.scalar(want, v);
      }
      throw new IllegalArgumentException("expected " + want + ", got the fractional number "
          + v);
    }
    if (arg instanceof Number) {
      long v = ((Number) arg).longValue();
      NDArray a = NDArray.zeros(want.isBool() ? DType.INT64 : want);
      a.setLong(v);
      if (a.getLong() != v || want.isFloat() && (long) (double) v != v) {
        throw new IllegalArgumentException("the value " + v + " does not fit " + want);
      }
      if (want.isBool()) {
        throw new IllegalArgumentException("expected bool, got the integer " + v);
      }
      return a;
    }
    if (arg instanceof Boolean) {
      return NDArray.scalar((Boolean) arg);
    }
    if (arg instanceof float[]) {
      return NDArray.of((float[]) arg, ((float[]) arg).length);
    }
    if (arg instanceof double[]) {
      return NDArray.of((double[]) arg, ((double[]) arg).length);
    }
    if (arg instanceof int[]) {
      return NDArray.of((int[]) arg, ((int[]) arg).length);
    }
    if (arg instanceof long[]) {
      return NDArray.of((long[]) arg, ((long[]) arg).length);
    }
    if (arg instanceof byte[]) {
      return NDArray.of((byte[]) arg, ((byte[]) arg).length);
    }
    if (arg instanceof boolean[]) {
      return NDArray.of((boolean[]) arg, ((boolean[]) arg).length);
    }
    if (arg instanceof float[][]) {
      float[][] m = (float[][]) arg;
      int cols = rectangular(m.length, i -> m[i].length);
      float[] flat = new float[m.length * cols];
      for (int i = 0; i < m.length; i++) {
        System.arraycopy(m[i], 0, flat, i * cols, cols);
      }
      return NDArray.of(flat, m.length, cols);
    }
    if (arg instanceof double[][]) {
      double[][] m = (double[][]) arg;
      int cols = rectangular(m.length, i -> m[i].length);
      double[] flat = new double[m.length * cols];
      for (int i = 0; i < m.length; i++) {
        System.arraycopy(m[i], 0, flat, i * cols, cols);
      }
      return NDArray.of(flat, m.length, cols);
    }
    if (arg instanceof int[][]) {
      int[][] m = (int[][]) arg;
      int cols = rectangular(m.length, i -> m[i].length);
      int[] flat = new int[m.length * cols];
      for (int i = 0; i < m.length; i++) {
        System.arraycopy(m[i], 0, flat, i * cols, cols);
      }
      return NDArray.of(flat, m.length, cols);
    }
    throw new IllegalArgumentException("cannot convert a " + arg.getClass().getSimpleName()
        + " to a tensor; pass an NDArray, a number or a primitive array");
  }

  private static int rectangular(int rows, java.util.function.IntUnaryOperator len) {
    int cols = rows == 0 ? 0 : len.applyAsInt(0);
    for (int i = 1; i < rows; i++) {
      if (len.applyAsInt(i) != cols) {
        throw new IllegalArgumentException("ragged array: row " + i + " has "
            + len.applyAsInt(i) + " elements, row 0 has " + cols);
      }
    }
    return cols;
  }
}
