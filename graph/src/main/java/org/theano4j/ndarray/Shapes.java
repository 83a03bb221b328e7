package org.theano4j.ndarray;

import java.util.Arrays;

/** Shape arithmetic shared by arrays, ops and kernels. */
public final class Shapes {
  private Shapes() {}

  /**
   * Number of elements; 1 for a scalar shape {@code []}.
   *
   * <p>The one place that checks a shape can exist: every dimension is non-negative and the
   * product of the dimensions, with 0 counted as 1, is at most {@code 2^31-1} (NumPy likewise
   * refuses {@code (2**40, 2**40, 0)}). So the element count, every contiguous stride and
   * every product of a subset of the dimensions fit an {@code int}, computed exactly.
   *
   * @throws IllegalArgumentException naming the shape otherwise
   */
  public static int size(int[] shape) {
    long n = 1;
    long nonZero = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape "
            + Arrays.toString(shape));
      }
      // Both factors are at most 2^31-1, so the long product is exact.
      n = Math.multiplyExact(n, d);
      nonZero = Math.multiplyExact(nonZero, Math.max(d, 1));
      if (nonZero > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape)
            + " is too large: an array holds at most 2^31-1 elements (counting zero-length "
            + "dimensions as 1)");
      }
    }
    return (int) n;
  }

  /**
   * The index rule, NumPy's for integer indices, used by every kernel and backend: {@code i}
   * on an axis of {@code size} elements selects element {@code i} when
   * {@code 0 <= i < size} and {@code i + size} when {@code -size <= i < 0} (so -1 is the
   * last); anything else throws {@link IndexOutOfBoundsException} with
   * {@link #outOfBounds}'s message. Callers add the variable and source line (the JVM
   * interpreter and {@code Apply.make} wrap this exception into a {@code TheanoException}).
   */
  public static int index(long i, int axis, int size) {
    if (i < -size || i >= size) {
      throw new IndexOutOfBoundsException(outOfBounds(i, axis, size));
    }
    return (int) (i < 0 ? i + size : i);
  }

  /**
   * The message of an index outside {@code [-size, size)}, NumPy's words:
   * {@code index 12 is out of bounds for axis 1 with size 10}. The CUDA lowering passes
   * {@code "{}"} placeholders to get its error-record template from the same sentence.
   */
  public static String outOfBounds(Object index, Object axis, Object size) {
    return "index " + index + " is out of bounds for axis " + axis + " with size " + size;
  }

  /**
   * The bytes that {@code elements} elements of {@code dtype} take, exactly; refused above
   * {@code 2^31-1}, the most a direct buffer holds.
   */
  public static int byteCount(DType dtype, long elements) {
    if (elements < 0) {
      throw new IllegalArgumentException("negative element count " + elements);
    }
    long bytes = Math.multiplyExact(elements, dtype.byteSize());
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(elements + " " + dtype + " elements take " + bytes
          + " bytes, more than the 2^31-1 bytes of one storage");
    }
    return (int) bytes;
  }

  /** The product of the dimensions of {@code shape} at {@code axes} (a checked shape). */
  public static int product(int[] shape, Iterable<Integer> axes) {
    int n = 1;
    for (int a : axes) {
      n = Math.multiplyExact(n, shape[a]);
    }
    return n;
  }

  /** Row-major strides of a contiguous array of {@code shape} (checked by {@link #size}). */
  public static int[] contiguousStrides(int[] shape) {
    return contiguousStrides(shape, new int[shape.length]);
  }

  /** As {@link #contiguousStrides(int[])}, written into {@code st} (returned). */
  public static int[] contiguousStrides(int[] shape, int[] st) {
    size(shape);
    int s = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      st[d] = s;
      s *= Math.max(shape[d], 1);
    }
    return st;
  }

  /**
   * Row-major contiguous; an array without elements always is (as NumPy's flags say), since
   * there is nothing to lay out — {@link #contiguousStrides} of (2, 0) is [1, 1].
   */
  public static boolean isContiguous(int[] shape, int[] strides) {
    if (size(shape) == 0) {
      return true;
    }
    int s = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] != 1 && strides[d] != s) {
        return false;
      }
      s *= shape[d];
    }
    return true;
  }

  /**
   * NumPy's broadcast of two shapes, right-aligned; throws with both shapes named when a pair
   * of dimensions differs and neither is 1.
   */
  public static int[] broadcast(int[] a, int[] b) {
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
      int db = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and "
            + Arrays.toString(b) + " cannot be broadcast together");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** Python's {@code slice.indices}: {start, stop, length} for a dimension of {@code n}. */
  public static int[] sliceIndices(int n, Integer start, Integer stop, int step) {
    return sliceIndices(n, start != null, start == null ? 0 : start, stop != null,
        stop == null ? 0 : stop, step, new int[3]);
  }

  /**
   * As above without boxing: {@code hasStart}/{@code hasStop} false stand for None; the
   * result {@code {lo, hi, length}} is written into {@code r} (returned).
   */
  public static int[] sliceIndices(int n, boolean hasStart, int start, boolean hasStop,
      int stop, int step, int[] r) {
    if (step == 0) {
      throw new IllegalArgumentException("slice step cannot be zero");
    }
    int lo;
    int hi;
    if (step > 0) {
      lo = !hasStart ? 0 : clamp(start < 0 ? start + n : start, 0, n);
      hi = !hasStop ? n : clamp(stop < 0 ? stop + n : stop, 0, n);
      // Long arithmetic: a step near the int range must not overflow the length.
      long len = hi > lo ? ((long) hi - lo + step - 1) / step : 0;
      r[0] = lo;
      r[1] = hi;
      r[2] = (int) len;
      return r;
    }
    lo = !hasStart ? n - 1 : clamp(start < 0 ? start + n : start, -1, n - 1);
    hi = !hasStop ? -1 : clamp(stop < 0 ? stop + n : stop, -1, n - 1);
    long len = lo > hi ? ((long) lo - hi - step - 1) / -(long) step : 0;
    r[0] = lo;
    r[1] = hi;
    r[2] = (int) len;
    return r;
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** Resolves one {@code -1} entry and checks the element count. */
  public static int[] resolveReshape(int[] from, int[] to) {
    return resolveReshape(from, to, new int[to.length]);
  }

  /** {@link #resolveReshape(int[], int[])} into {@code out} (as long as {@code to}, not it). */
  static int[] resolveReshape(int[] from, int[] to, int[] out) {
    int n = size(from);
    int unknown = -1;
    System.arraycopy(to, 0, out, 0, to.length);
    for (int i = 0; i < to.length; i++) {
      if (to[i] == -1) {
        if (unknown >= 0) {
          throw new IllegalArgumentException("reshape " + Arrays.toString(to)
              + " has more than one -1");
        }
        unknown = i;
        out[i] = 1;
      } else if (to[i] < 0) {
        throw new IllegalArgumentException("reshape " + Arrays.toString(to)
            + " has a negative dimension");
      }
    }
    int known = size(out);
    if (unknown >= 0) {
      if (known == 0 || n % known != 0) {
        throw new IllegalArgumentException("cannot reshape " + Arrays.toString(from)
            + " (" + n + " elements) to " + Arrays.toString(to));
      }
      out[unknown] = n / known;
    } else if (known != n) {
      throw new IllegalArgumentException("cannot reshape " + Arrays.toString(from)
          + " (" + n + " elements) to " + Arrays.toString(to) + " (" + known + " elements)");
    }
    return out;
  }

  public static int arangeLength(double start, double stop, double step) {
    if (step == 0) {
      throw new IllegalArgumentException("arange step cannot be zero");
    }
    double n = Math.ceil((stop - start) / step);
    if (Double.isNaN(n)) {
      throw new IllegalArgumentException("arange(" + start + ", " + stop + ", " + step
          + ") has no defined length");
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("arange(" + start + ", " + stop + ", " + step
          + ") would have " + n + " elements; an array holds at most 2^31-1");
    }
    return n <= 0 ? 0 : (int) n;
  }

  /** Normalises a possibly negative axis against {@code ndim}. */
  public static int axis(int axis, int ndim) {
    int a = axis < 0 ? axis + ndim : axis;
    if (a < 0 || a >= ndim) {
      throw new IllegalArgumentException("axis " + axis + " is out of range for rank " + ndim);
    }
    return a;
  }
}
