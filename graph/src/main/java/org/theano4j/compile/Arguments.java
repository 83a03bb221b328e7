package org.theano4j.compile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.theano4j.TheanoException;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;

/**
 * Converts call arguments to arrays of the input's type, refusing lossy conversions.
 *
 * <p>Accepted: an NDArray whose dtype converts to the input's without loss; a Java number
 * (see {@link #storeNumber} for the exact rule); a {@code Boolean};
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
    try {
      storeNumber(arg, input.dtype(), target);
    } catch (IllegalArgumentException e) {
      throw error(input, position, e.getMessage());
    }
    return target;
  }

  /**
   * Writes the Java number {@code n} into the 0-d array {@code target} of dtype {@code want},
   * or refuses it with an {@code IllegalArgumentException}; {@code target} is written only on
   * success. The rule:
   *
   * <ul>
   *   <li>A real number ({@code Double}, {@code Float}, {@code DoubleAdder},
   *       {@code DoubleAccumulator}, {@code BigDecimal}) for a float input becomes the nearest
   *       value of that dtype (as Theano accepts a Python float for a float32 input: 0.1 and
   *       {@code BigDecimal("0.1")} both give {@code 0.1f}); a finite value beyond the dtype's
   *       range is refused rather than becoming infinity. NaN and infinities pass as they are.
   *   <li>Everything else converts only when exact: an integer ({@code Byte}, {@code Short},
   *       {@code Integer}, {@code Long}, {@code AtomicInteger}, {@code AtomicLong},
   *       {@code LongAdder}, {@code LongAccumulator}, {@code BigInteger}) for a float input
   *       when that float holds it exactly (2^24+1 is refused for float32); any number for an
   *       integer input when it is integral and within the dtype's range (3.0 is accepted for
   *       int8, 2.9, 300, NaN and 2^70 are refused).
   *   <li>No number converts to bool (pass a {@code Boolean}); other {@code Number} classes
   *       are refused, as their exact value is unknown.
   * </ul>
   */
  static void storeNumber(Number n, DType want, NDArray target) {
    if (want.isBool()) {
      throw new IllegalArgumentException("expected bool, got the number " + n
          + " (pass a Boolean)");
    }
    if (n instanceof BigDecimal || n instanceof Double || n instanceof Float
        || n instanceof DoubleAdder || n instanceof DoubleAccumulator) {
      if (want.isFloat()) {
        target.setDouble(nearest(n, want));
      } else {
        target.setLong(fitting(integral(n, want), n, want));
      }
    } else if (n instanceof BigInteger) {
      BigInteger b = (BigInteger) n;
      if (want.isFloat()) {
        double v = want == DType.FLOAT32 ? b.floatValue() : b.doubleValue();
        if (Double.isInfinite(v) || !new BigDecimal(v).toBigInteger().equals(b)) {
          throw doesNotFit(n, want);
        }
        target.setDouble(v);
      } else {
        if (b.bitLength() > 63) {
          throw doesNotFit(n, want);
        }
        target.setLong(fitting(b.longValue(), n, want));
      }
    } else if (n instanceof Long || n instanceof Integer || n instanceof Short
        || n instanceof Byte || n instanceof AtomicLong || n instanceof AtomicInteger
        || n instanceof LongAdder || n instanceof LongAccumulator) {
      long v = n.longValue();
      if (want.isFloat()) {
        double f = want.round(v);
        // (long) of a double saturates at 2^63-1, so 2^63 needs its own test.
        if (f == 0x1p63 || (long) f != v) {
          throw doesNotFit(n, want);
        }
        target.setDouble(f);
      } else {
        target.setLong(fitting(v, n, want));
      }
    } else {
      throw new IllegalArgumentException("cannot convert a " + n.getClass().getName()
          + " exactly; pass a Byte, Short, Integer, Long, BigInteger, Float, Double or "
          + "BigDecimal");
    }
  }

  /** A real number rounded to the nearest value of the float dtype {@code want}. */
  private static double nearest(Number n, DType want) {
    double v;
    if (n instanceof BigDecimal) {
      // Rounded once, from the decimal value; doubleValue() then a float cast would round
      // twice.
      v = want == DType.FLOAT32 ? n.floatValue() : n.doubleValue();
    } else {
      v = want.round(n.doubleValue());
    }
    boolean finite = n instanceof BigDecimal || Double.isFinite(n.doubleValue());
    if (finite && Double.isInfinite(v)) {
      throw new IllegalArgumentException("the value " + n + " is beyond the range of " + want
          + " (largest finite value " + (want == DType.FLOAT32
              ? String.valueOf(Float.MAX_VALUE) : String.valueOf(Double.MAX_VALUE)) + ")");
    }
    return v;
  }

  /** A real number that is integral and within the range of a long, as that long. */
  private static long integral(Number n, DType want) {
    if (n instanceof BigDecimal) {
      BigDecimal b = ((BigDecimal) n).stripTrailingZeros();
      if (b.scale() > 0) {
        throw fractional(n, want);
      }
      // At most 19 digits before toBigIntegerExact, so 1E+1000000000 is not expanded.
      if (b.precision() - b.scale() > 19 || b.toBigIntegerExact().bitLength() > 63) {
        throw doesNotFit(n, want);
      }
      return b.longValueExact();
    }
    double d = n.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("expected " + want + ", got the non-finite number "
          + d);
    }
    if (d != Math.rint(d)) {
      throw fractional(n, want);
    }
    if (d < -0x1p63 || d >= 0x1p63) {
      throw doesNotFit(n, want);
    }
    return (long) d;
  }

  /** {@code v} if the integer dtype {@code want} holds it, else an error naming {@code n}. */
  private static long fitting(long v, Number n, DType want) {
    if (want.wrap(v) != v) {
      throw doesNotFit(n, want);
    }
    return v;
  }

  private static IllegalArgumentException fractional(Number n, DType want) {
    return new IllegalArgumentException("expected " + want + ", got the fractional number "
        + n);
  }

  private static IllegalArgumentException doesNotFit(Number n, DType want) {
    return new IllegalArgumentException("the value " + n + " does not fit " + want
        + (want.isFloat() ? " exactly" : ""));
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
    if (arg instanceof Number) {
      NDArray a = NDArray.zeros(want);
      storeNumber((Number) arg, want, a);
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
      int cols = rectangular(m);
      float[] flat = new float[m.length * cols];
      for (int i = 0; i < m.length; i++) {
        System.arraycopy(m[i], 0, flat, i * cols, cols);
      }
      return NDArray.of(flat, m.length, cols);
    }
    if (arg instanceof double[][]) {
      double[][] m = (double[][]) arg;
      int cols = rectangular(m);
      double[] flat = new double[m.length * cols];
      for (int i = 0; i < m.length; i++) {
        System.arraycopy(m[i], 0, flat, i * cols, cols);
      }
      return NDArray.of(flat, m.length, cols);
    }
    if (arg instanceof int[][]) {
      int[][] m = (int[][]) arg;
      int cols = rectangular(m);
      int[] flat = new int[m.length * cols];
      for (int i = 0; i < m.length; i++) {
        System.arraycopy(m[i], 0, flat, i * cols, cols);
      }
      return NDArray.of(flat, m.length, cols);
    }
    throw new IllegalArgumentException("cannot convert a " + arg.getClass().getSimpleName()
        + " to a tensor; pass an NDArray, a number or a primitive array");
  }

  /**
   * The common row length of the matrix {@code rows} (a {@code float[][]} and the like); a
   * null or ragged row, or a matrix of more than 2^31-1 elements, is refused.
   */
  private static int rectangular(Object[] rows) {
    int cols = 0;
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null) {
        throw new IllegalArgumentException("row " + i + " of the matrix is null");
      }
      int len = java.lang.reflect.Array.getLength(rows[i]);
      if (i == 0) {
        cols = len;
      } else if (len != cols) {
        throw new IllegalArgumentException("ragged array: row " + i + " has " + len
            + " elements, row 0 has " + cols);
      }
    }
    Shapes.size(new int[] {rows.length, cols});
    return cols;
  }
}
