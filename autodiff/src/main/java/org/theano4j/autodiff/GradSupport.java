package org.theano4j.autodiff;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.T;

/** Graph-building helpers shared by the gradient rules. */
final class GradSupport {
  private GradSupport() {}

  /**
   * Undoes broadcasting: sums {@code g} over the leading axes {@code target} lacks and, with
   * kept dimensions, over the axes where {@code target} is statically 1 (broadcastable) but
   * {@code g} is not.
   */
  static Variable undoBroadcast(Variable g, TensorType target) {
    int extra = g.ndim() - target.ndim();
    if (extra < 0) {
      throw new IllegalStateException("gradient of rank " + g.ndim()
          + " cannot stand for a variable of rank " + target.ndim());
    }
    if (extra > 0) {
      g = T.sum(g, range(0, extra));
    }
    List<Integer> axes = new ArrayList<>();
    for (int d = 0; d < target.ndim(); d++) {
      if (target.isBroadcastable(d) && !g.type().isBroadcastable(d)) {
        axes.add(d);
      }
    }
    if (!axes.isEmpty()) {
      g = T.sum(g, axes.stream().mapToInt(Integer::intValue).toArray(), true);
    }
    return g;
  }

  /** {@code 0, 1, ..., n-1} offset by {@code from}. */
  static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }

  /** The length of {@code axis}: an Integer when static, else a symbolic int64 scalar. */
  static Object dim(Variable x, int axis) {
    int k = x.type().dim(axis);
    return k != TensorType.UNKNOWN ? (Object) k : x.shape(axis);
  }

  /** Every dimension of {@code x} as {@link #dim}. */
  static Object[] dims(Variable x) {
    Object[] d = new Object[x.ndim()];
    for (int i = 0; i < d.length; i++) {
      d[i] = dim(x, i);
    }
    return d;
  }

  /** {@code g} broadcast to the shape of {@code like} (a new tensor, via alloc). */
  static Variable broadcastLike(Variable g, Variable like) {
    return T.alloc(g, dims(like));
  }

  /** Zeros of {@code dtype} shaped like {@code like}. */
  static Variable zerosLike(Variable like, DType dtype) {
    return T.alloc(T.constant(org.theano4j.ndarray.NDArray.zeros(dtype)), dims(like));
  }

  /**
   * Re-inserts the reduced {@code axes} of a rank-{@code ndim} tensor as length-1 axes of
   * {@code r}, the result of a reduction that dropped them.
   */
  static Variable keepDims(Variable r, List<Integer> axes, int ndim) {
    Object[] pattern = new Object[ndim];
    for (int d = 0, k = 0; d < ndim; d++) {
      pattern[d] = axes.contains(d) ? "x" : (Object) k++;
    }
    return T.dimshuffle(r, pattern);
  }

  /** {@code g} in {@code dtype} (itself when it already is). */
  static Variable castTo(Variable g, DType dtype) {
    return g.dtype() == dtype ? g : T.cast(g, dtype);
  }

  /** A 0/1 mask of {@code cond} in {@code like}'s dtype. */
  static Variable mask(Variable cond, Variable like) {
    return T.cast(cond, like.dtype());
  }
}
