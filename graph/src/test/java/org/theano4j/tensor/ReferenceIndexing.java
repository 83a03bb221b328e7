package org.theano4j.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.theano4j.ndarray.DType;

/**
 * The indexing part of the independent {@link Reference}: NumPy basic and advanced
 * indexing, and set/increment of the selected elements, over {@link RefArray}s.
 */
final class ReferenceIndexing {
  private ReferenceIndexing() {}


  /** The positions a Python slice visits on an axis of length {@code n}. */
  static List<Integer> slicePositions(Reference.Sl s, int n) {
    int step = s.step() == null ? 1 : s.step();
    List<Integer> out = new ArrayList<>();
    if (step > 0) {
      int lo = s.start() == null ? 0 : clamp(s.start() < 0 ? s.start() + n : s.start(), 0, n);
      int hi = s.stop() == null ? n : clamp(s.stop() < 0 ? s.stop() + n : s.stop(), 0, n);
      for (int i = lo; i < hi; i += step) {
        out.add(i);
      }
    } else {
      int lo = s.start() == null ? n - 1
          : clamp(s.start() < 0 ? s.start() + n : s.start(), -1, n - 1);
      int hi = s.stop() == null ? -1 : clamp(s.stop() < 0 ? s.stop() + n : s.stop(), -1, n - 1);
      for (int i = lo; i > hi; i += step) {
        out.add(i);
      }
    }
    return out;
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static int wrapIndex(double v, int n) {
    int i = (int) v;
    int j = i < 0 ? i + n : i;
    if (j < 0 || j >= n) {
      throw new IllegalArgumentException("reference: index " + i + " out of bounds " + n);
    }
    return j;
  }

  /** The shape of {@code x[entries]} and the flat positions of x it reads, in row-major order. */
  record Selection(int[] shape, int[] positions) {}

  /**
   * NumPy indexing: entries are Integer, {@link Reference.Sl} or integer RefArrays (advanced). With any
   * array present, integers are 0-d arrays; broadcast index dims replace adjacent advanced
   * axes in place, else they come first.
   */
  static Selection select(RefArray x, Object... entries) {
    int nd = x.ndim();
    Object[] e = new Object[nd];
    boolean anyArray = false;
    for (int d = 0; d < nd; d++) {
      e[d] = d < entries.length ? entries[d] : new Reference.Sl(null, null, null);
      anyArray |= e[d] instanceof RefArray;
    }
    List<RefArray> arrays = new ArrayList<>();
    List<Integer> advAxes = new ArrayList<>();
    List<Integer> sliceAxes = new ArrayList<>();
    List<List<Integer>> slicePos = new ArrayList<>();
    for (int d = 0; d < nd; d++) {
      if (e[d] instanceof Reference.Sl) {
        sliceAxes.add(d);
        slicePos.add(slicePositions((Reference.Sl) e[d], x.dim(d)));
      } else if (e[d] instanceof RefArray || anyArray) {
        advAxes.add(d);
        arrays.add(e[d] instanceof RefArray ? (RefArray) e[d]
            : RefArray.scalar(DType.INT64, (Integer) e[d]));
      }
    }
    List<int[]> ashapes = new ArrayList<>();
    for (RefArray a : arrays) {
      ashapes.add(a.shape());
    }
    int[] b = anyArray ? Reference.broadcastShapes(ashapes) : new int[0];
    boolean adjacent = advAxes.isEmpty()
        || advAxes.get(advAxes.size() - 1) - advAxes.get(0) == advAxes.size() - 1;
    int first = advAxes.isEmpty() ? nd : advAxes.get(0);
    // Out layout: a list of "slots": -1 = the broadcast block, k >= 0 = slice axis k.
    List<Integer> layout = new ArrayList<>();
    if (anyArray && !adjacent) {
      layout.add(-1);
    }
    for (int k = 0; k < sliceAxes.size(); k++) {
      if (anyArray && adjacent && sliceAxes.get(k) > first && !layout.contains(-1)) {
        layout.add(-1);
      }
      layout.add(k);
    }
    if (anyArray && !layout.contains(-1)) {
      layout.add(-1);
    }
    List<Integer> os = new ArrayList<>();
    for (int slot : layout) {
      if (slot < 0) {
        for (int s : b) {
          os.add(s);
        }
      } else {
        os.add(slicePos.get(slot).size());
      }
    }
    int[] shape = os.stream().mapToInt(Integer::intValue).toArray();
    int[] positions = new int[RefArray.size(shape)];
    for (int o = 0; o < positions.length; o++) {
      int[] oi = RefArray.unravel(o, shape);
      int[] xi = new int[nd];
      int p = 0;
      for (int slot : layout) {
        if (slot < 0) {
          int[] bi = Arrays.copyOfRange(oi, p, p + b.length);
          p += b.length;
          for (int k = 0; k < advAxes.size(); k++) {
            int ax = advAxes.get(k);
            xi[ax] = wrapIndex(Reference.broadcastAt(arrays.get(k), bi), x.dim(ax));
          }
        } else {
          xi[sliceAxes.get(slot)] = slicePos.get(slot).get(oi[p++]);
        }
      }
      for (int d = 0; d < nd; d++) {
        if (e[d] instanceof Integer && !anyArray) {
          xi[d] = wrapIndex((Integer) e[d], x.dim(d));
        }
      }
      positions[o] = RefArray.ravel(xi, x.shape());
    }
    return new Selection(shape, positions);
  }

  static RefArray get(RefArray x, Object... entries) {
    Selection s = select(x, entries);
    double[] v = new double[s.positions().length];
    for (int i = 0; i < v.length; i++) {
      v[i] = x.data()[s.positions()[i]];
    }
    return new RefArray(x.dtype(), s.shape(), v);
  }

  /**
   * A copy of x with {@code x[entries]} set to (or incremented by) y broadcast to the
   * selection, element by element in row-major order: repeated positions accumulate when
   * incrementing (np.add.at) and the last one wins when setting.
   */
  static RefArray setInc(RefArray x, RefArray y, boolean set, Object... entries) {
    Selection s = select(x, entries);
    double[] v = x.data().clone();
    for (int i = 0; i < s.positions().length; i++) {
      double yv = Reference.convert(Reference.broadcastAt(y, RefArray.unravel(i, s.shape())), x.dtype());
      int p = s.positions()[i];
      v[p] = Reference.convert(set ? yv : v[p] + yv, x.dtype());
    }
    return new RefArray(x.dtype(), x.shape(), v);
  }
}
