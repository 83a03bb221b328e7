package org.theano4j.jvm;

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
 *
 * <p>A plan is planned again in place ({@link #replan}): a node keeps one and its tables,
 * which a steady-state call refills without allocating.
 */
final class Gather {
  private int[] shape = new int[0];
  /** The indexed axes, then the whole axes before ({@code pre}) and after ({@code post}). */
  private int[] advAxes = new int[0];
  private int[] pre = new int[0];
  private int[] post = new int[0];
  private int nAdv;
  private int nPre;
  private int nPost;
  /** The broadcast shape B of the index arrays. */
  private int[] b = new int[0];
  private int[] preOff = new int[0];
  private int[] advOff = new int[0];
  private int[] postOff = new int[0];
  private int preLen;
  private int advLen;
  private int postLen;
  private long[] idx = new long[0];

  /**
   * Plans {@code x[...]} where axis {@code d} is indexed by the next array of {@code in[from..]}
   * when {@code advanced.get(d)}, and taken whole otherwise (also past the pattern's end),
   * into this plan's tables. Index arrays broadcast together; negative entries count from the
   * end; an entry out of range is an error naming the axis, the index and the size.
   */
  Gather replan(NDArray x, List<Boolean> advanced, NDArray[] in, int from) {
    int nd = x.ndim();
    int count = in.length - from;
    if (advanced.size() > nd) {
      throw new IllegalArgumentException("too many indices (" + advanced.size()
          + ") for an array of shape " + Arrays.toString(x.shape()));
    }
    advAxes = capacity(advAxes, nd);
    nAdv = 0;
    for (int d = 0; d < advanced.size(); d++) {
      if (advanced.get(d)) {
        advAxes[nAdv++] = d;
      }
    }
    if (nAdv != count) {
      throw new IllegalArgumentException("expected " + nAdv + " index arrays, got " + count);
    }
    broadcastIndices(in, from);
    int first = advAxes[0];
    int last = advAxes[nAdv - 1];
    boolean adjacent = last - first + 1 == nAdv;
    pre = capacity(pre, nd);
    post = capacity(post, nd);
    nPre = 0;
    nPost = 0;
    for (int d = 0, a = 0; d < nd; d++) {
      if (a < nAdv && advAxes[a] == d) {
        a++;
      } else if (adjacent && d < first) {
        pre[nPre++] = d;
      } else {
        post[nPost++] = d;
      }
    }
    int rank = nPre + b.length + nPost;
    if (shape.length != rank) {
      shape = new int[rank];
    }
    int k = 0;
    for (int i = 0; i < nPre; i++) {
      shape[k++] = x.shape(pre[i]);
    }
    for (int s : b) {
      shape[k++] = s;
    }
    for (int i = 0; i < nPost; i++) {
      shape[k++] = x.shape(post[i]);
    }
    preLen = product(x, pre, nPre);
    preOff = capacity(preOff, preLen);
    axisOffsets(x, pre, nPre, x.offset(), preOff, preLen);
    postLen = product(x, post, nPost);
    postOff = capacity(postOff, postLen);
    axisOffsets(x, post, nPost, 0, postOff, postLen);
    indexOffsets(x, in, from);
    return this;
  }

  /** {@code a} if it holds {@code n} elements, else a larger array (contents undefined). */
  private static int[] capacity(int[] a, int n) {
    return a.length >= n ? a : new int[Math.max(n, 2 * a.length)];
  }

  /** The broadcast shape of {@code in[from..]} into {@code b} (NumPy rules). */
  private void broadcastIndices(NDArray[] in, int from) {
    int rank = 0;
    for (int i = from; i < in.length; i++) {
      rank = Math.max(rank, in[i].ndim());
    }
    if (b.length != rank) {
      b = new int[rank];
    }
    Arrays.fill(b, 1);
    for (int i = from; i < in.length; i++) {
      int lead = rank - in[i].ndim();
      for (int d = 0; d < in[i].ndim(); d++) {
        int s = in[i].shape(d);
        int o = b[lead + d];
        if (o == 1) {
          b[lead + d] = s;
        } else if (s != 1 && s != o) {
          // the shared helper words the error, naming every shape
          Broadcast.shapes(Arrays.copyOfRange(in, from, in.length), "index arrays");
        }
      }
    }
  }

  private static int product(NDArray x, int[] axes, int n) {
    int p = 1;
    for (int i = 0; i < n; i++) {
      p = Math.multiplyExact(p, x.shape(axes[i]));
    }
    return p;
  }

  /** Storage offsets of the row-major positions over whole {@code axes} of {@code x}. */
  private static void axisOffsets(NDArray x, int[] axes, int nAxes, int base, int[] off,
      int n) {
    if (n == 0) {
      return;
    }
    Arrays.fill(off, 0, n, base);
    int block = n;
    for (int a = 0; a < nAxes; a++) {
      int d = axes[a];
      int len = x.shape(d);
      block /= len;
      int stride = x.stride(d);
      for (int i = 0; i < n; i++) {
        off[i] += (i / block % len) * stride;
      }
    }
  }

  /** Storage offsets (relative) of the broadcast index tuples, bounds-checked. */
  private void indexOffsets(NDArray x, NDArray[] in, int from) {
    int n = Shapes.size(b);
    advLen = n;
    advOff = capacity(advOff, n);
    Arrays.fill(advOff, 0, n, 0);
    if (idx.length < n) {
      idx = new long[Math.max(n, 2 * idx.length)];
    }
    for (int j = 0; j < nAdv; j++) {
      int axis = advAxes[j];
      int len = x.shape(axis);
      int stride = x.stride(axis);
      in[from + j].broadcastTo(b).readLongs(0, idx, 0, n);
      for (int p = 0; p < n; p++) {
        advOff[p] += Shapes.index(idx[p], axis, len) * stride;
      }
    }
  }

  /** The selection's shape (this plan's array: read it, do not keep or change it). */
  int[] shape() {
    return shape;
  }

  /** Number of selected elements. */
  int size() {
    return preLen * advLen * postLen;
  }

  /** Storage positions of selection elements {@code start .. start+m-1} into {@code dst}. */
  void offsets(int start, int[] dst, int m) {
    int t = postLen;
    int p = advLen;
    if (t == 1 && preLen == 1) {
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
