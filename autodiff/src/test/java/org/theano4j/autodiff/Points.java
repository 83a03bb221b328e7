package org.theano4j.autodiff;

import java.util.Random;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/** Random test points: uniform magnitudes, optionally random signs, optionally strided. */
final class Points {
  private Points() {}

  /** Values in [lo, hi), or in ±[lo, hi) when {@code signed}. */
  static NDArray uniform(Random rnd, DType dtype, int[] shape, double lo, double hi,
      boolean signed) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + (hi - lo) * rnd.nextDouble();
      if (signed && rnd.nextBoolean()) {
        v[i] = -v[i];
      }
    }
    return NDArray.of(v, shape).astype(dtype);
  }

  /** The same values laid out non-contiguously (a transposed or strided view). */
  static NDArray nonContiguous(NDArray a) {
    if (a.ndim() >= 2) {
      int[] rev = new int[a.ndim()];
      for (int i = 0; i < rev.length; i++) {
        rev[i] = a.shape(a.ndim() - 1 - i);
      }
      NDArray b = NDArray.zeros(a.dtype(), rev);
      NDArray.copyInto(a.transpose(), b);
      return b.transpose();
    }
    if (a.ndim() == 1) {
      NDArray big = NDArray.zeros(a.dtype(), 2 * a.shape(0));
      NDArray view = big.slice(0, 0, null, 2);
      NDArray.copyInto(a, view);
      return view;
    }
    return a;
  }
}
