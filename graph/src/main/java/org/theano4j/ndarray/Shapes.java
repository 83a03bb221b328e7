package org.theano4j.ndarray;

import java.util.Arrays;

/** Shape arithmetic shared by arrays, ops and kernels. */
public final class Shapes {
  private Shapes() {}

  /** Number of elements; 1 for a scalar shape {@code []}. */
  public static int size(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape)
          + " has more than 2^31-1 elements");
    }
    return (int) n;
  }

  public static int[] contiguousStrides(int[] shape) {
    int[] st = new int[shape.length];
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
    if (step == 0) {
      throw new IllegalArgumentException("slice step cannot be zero");
    }
    int lo;
    int hi;
    if (step > 0) {
      lo = start == null ? 0 : clamp(start < 0 ? start + n : start, 0, n);
      hi = stop == null ? n : clamp(stop < 0 ? stop + n : stop, 0, n);
      // Long arithmetic: a step near the int range must not overflow the length.
      long len = hi > lo ? ((long) hi - lo + step - 1) / step : 0;
      return new int[] {lo, hi, (int) len};
    }
    lo = start == null ? n - 1 : clamp(start < 0 ? start + n : start, -1, n - 1);
    hi = stop == null ? -1 : clamp(stop < 0 ? stop + n : stop, -1, n - 1);
    long len = lo > hi ? ((long) lo - hi - step - 1) / -(long) step : 0;
    return new int[] {lo, hi, (int) len};
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** Resolves one {@code -1} entry and checks the element count. */
  public static int[] resolveReshape(int[] from, int[] to) {
    int n = size(from);
    int unknown = -1;
    long known = 1;
    for (int i = 0; i < to.length; i++) {
      if (to[i] == -1) {
        if (unknown >= 0) {
          throw new IllegalArgumentException("reshape " + Arrays.toString(to)
              + " has more than one -1");
        }
        unknown = i;
      } else if (to[i] < 0) {
        throw new IllegalArgumentException("reshape " + Arrays.toString(to)
            + " has a negative dimension");
      } else {
        known *= to[i];
      }
    }
    int[] out = to.clone();
    if (unknown >= 0) {
      if (known == 0 || n % known != 0) {
        throw new IllegalArgumentException("cannot reshape " + Arrays.toString(from)
            + " (" + n + " elements) to " + Arrays.toString(to));
      }
      out[unknown] = (int) (n / known);
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
