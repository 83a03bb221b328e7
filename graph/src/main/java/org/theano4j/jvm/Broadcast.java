package org.theano4j.jvm;

import java.util.Arrays;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;

/**
 * NumPy broadcasting at run time for the shape and indexing kernels: a value stretched to a
 * target shape (right-aligned, length-1 axes repeat), and in-place accumulation of such a
 * value into a fresh output.
 */
final class Broadcast {
  private static final int CHUNK = ElemwiseKernel.CHUNK;

  private Broadcast() {}

  /** {@code a} as a view of shape {@code target}; the error names {@code what} and both shapes. */
  static NDArray to(NDArray a, int[] target, String what) {
    int lead = target.length - a.ndim();
    boolean ok = lead >= 0;
    for (int d = 0; ok && d < a.ndim(); d++) {
      ok = a.shape(d) == 1 || a.shape(d) == target[lead + d];
    }
    if (!ok) {
      throw new IllegalArgumentException(what + " of shape " + Arrays.toString(a.shape())
          + " does not broadcast to shape " + Arrays.toString(target));
    }
    return a.broadcastTo(target);
  }

  /** The broadcast shape of several arrays (NumPy rules); the error names all shapes. */
  static int[] shapes(NDArray[] arrays, String what) {
    int[] out = new int[0];
    try {
      for (NDArray a : arrays) {
        out = Shapes.broadcast(out, a.shape());
      }
    } catch (IllegalArgumentException e) {
      StringBuilder sb = new StringBuilder();
      for (NDArray a : arrays) {
        sb.append(sb.length() == 0 ? "" : ", ").append(Arrays.toString(a.shape()));
      }
      throw new IllegalArgumentException(what + " of shapes " + sb
          + " cannot be broadcast together", e);
    }
    return out;
  }

  /**
   * {@code dst += src} elementwise, {@code src} already of {@code dst}'s shape; exact in 64-bit
   * integers when both are integral, else in double precision rounded to {@code dst}'s dtype.
   * {@code dst} must be a fresh array (or a view of one) that nothing else reads.
   */
  static void addInto(NDArray src, NDArray dst) {
    int n = dst.size();
    int chunk = Math.min(CHUNK, Math.max(n, 1));
    if (src.dtype().isDiscrete() && dst.dtype().isDiscrete()) {
      long[] a = Scratch.longs(2, chunk);
      long[] b = Scratch.longs(3, chunk);
      for (int s = 0; s < n; s += chunk) {
        int m = Math.min(chunk, n - s);
        src.readLongs(s, a, 0, m);
        dst.readLongs(s, b, 0, m);
        for (int k = 0; k < m; k++) {
          b[k] += a[k];
        }
        dst.writeLongs(s, b, 0, m);
      }
      return;
    }
    double[] a = Scratch.doubles(2, chunk);
    double[] b = Scratch.doubles(3, chunk);
    for (int s = 0; s < n; s += chunk) {
      int m = Math.min(chunk, n - s);
      src.readDoubles(s, a, 0, m);
      dst.readDoubles(s, b, 0, m);
      for (int k = 0; k < m; k++) {
        b[k] += a[k];
      }
      dst.writeDoubles(s, b, 0, m);
    }
  }
}
