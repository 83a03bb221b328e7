package org.theano4j.jvm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;

/**
 * The element positions that NumPy integer-array indexing selects from one array, in the
 * row-major order of the selection.
 *
 * <p>The selection's shape is {@code pre + B + post}: {@code B} is the broadcast shape of the
 * index arrays; when the indexed axes are adjacent, {@code pre} and {@code post} are the whole
 * axes before and after them, otherwise {@code pre} is empty and {@code post} holds every
 * whole axis (NumPy puts {@code B} first). The storage position of selection element
 * {@code (l, p, t)} is {@code preOff[l] + advOff[p] + postOff[t]}, so a gather or scatter over
 * millions of elements needs only the three small offset tables.
 */
final class Gather {
  private final int[] shape;
  private final int[] preOff;
  private final int[] advOff;
  private final int[] postOff;

  private Gather(int[] shape, int[] preOff, int[] advOff, int[] postOff) {
    this.shape = shape;
    this.preOff = preOff;
    this.advOff = advOff;
    this.postOff = postOff;
  }

  /**
   * Plans {@code x[...]} where axis {@code d} is indexed by the next array of {@code indices}
   * when {@code advanced.get(d)}, and taken whole otherwise (also past the pattern's end).
   * Index arrays broadcast together; negative entries count from the end; an entry out of
   * range is an error naming the axis, the index and the size.
   */
  static Gather plan(NDArray x, List<Boolean> advanced, NDArray[] indices) {
    int nd = x.ndim();
    if (advanced.size() > nd) {
      throw new IllegalArgumentException("too many indices (" + advanced.size()
          + ") for an array of shape " + Arrays.toString(x.shape()));
    }
    List<Integer> advAxes = new ArrayList<>();
    for (int d = 0; d < advanced.size(); d++) {
      if (advanced.get(d)) {
        advAxes.add(d);
      }
    }
    if (advAxes.size() != indices.length) {
      throw new IllegalArgumentException("expected " + advAxes.size() + " index arrays, got "
          + indices.length);
    }
    int[] b = Broadcast.shapes(indices, "index arrays");
    int first = advAxes.get(0);
    int last = advAxes.get(advAxes.size() - 1);
    boolean adjacent = last - first + 1 == advAxes.size();
    List<Integer> pre = new ArrayList<>();
    List<Integer> post = new ArrayList<>();
    for (int d = 0; d < nd; d++) {
      if (!advAxes.contains(d)) {
        (adjacent && d < first ? pre : post).add(d);
      }
    }
    int[] shape = new int[pre.size() + b.length + post.size()];
    int k = 0;
    for (int d : pre) {
      shape[k++] = x.shape(d);
    }
    for (int s : b) {
      shape[k++] = s;
    }
    for (int d : post) {
      shape[k++] = x.shape(d);
    }
    return new Gather(shape, axisOffsets(x, pre, x.offset()), indexOffsets(x, advAxes,
        indices, b), axisOffsets(x, post, 0));
  }

  /** Storage offsets of the row-major positions over whole {@code axes} of {@code x}. */
  private static int[] axisOffsets(NDArray x, List<Integer> axes, int base) {
    int n = Shapes.product(x.shape(), axes);
    int[] off = new int[n];
    if (n == 0) {
      return off;
    }
    Arrays.fill(off, base);
    int block = n;
    for (int d : axes) {
      int len = x.shape(d);
      block /= len;
      int stride = x.stride(d);
      for (int i = 0; i < n; i++) {
        off[i] += (i / block % len) * stride;
      }
    }
    return off;
  }

  /** Storage offsets (relative) of the broadcast index tuples, bounds-checked. */
  private static int[] indexOffsets(NDArray x, List<Integer> axes, NDArray[] indices,
      int[] b) {
    int n = Shapes.size(b);
    int[] off = new int[n];
    long[] idx = new long[n];
    for (int j = 0; j < indices.length; j++) {
      int axis = axes.get(j);
      int len = x.shape(axis);
      int stride = x.stride(axis);
      indices[j].broadcastTo(b).readLongs(0, idx, 0, n);
      for (int p = 0; p < n; p++) {
        off[p] += Shapes.index(idx[p], axis, len) * stride;
      }
    }
    return off;
  }

  /** The selection's shape. */
  int[] shape() {
    return shape.clone();
  }

  /** Number of selected elements. */
  int size() {
    return preOff.length * advOff.length * postOff.length;
  }

  /** Storage positions of selection elements {@code start .. start+m-1} into {@code dst}. */
  void offsets(int start, int[] dst, int m) {
    int t = postOff.length;
    int p = advOff.length;
    if (t == 1 && preOff.length == 1) {
      // Every axis indexed, e.g. logp[arange(n), y]: one table lookup per element.
      int base = preOff[0] + postOff[0];
      for (int i = 0; i < m; i++) {
        dst[i] = base + advOff[start + i];
      }
      return;
    }
    for (int i = 0; i < m; i++) {
      int k = start + i;
      int q = k / t;
      dst[i] = preOff[q / p] + advOff[q % p] + postOff[k % t];
    }
  }
}
