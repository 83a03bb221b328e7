package org.theano4j.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.theano4j.ndarray.DType;

/**
 * An independent float64 reference for the op table, written from NumPy's documented
 * semantics with plain loops over {@link RefArray}s. It uses nothing of the library but the
 * {@link DType} names; dtype rules are restated here rather than taken from {@code DType}.
 */
final class Reference {
  private Reference() {}

  /** An element function of the reference. */
  @FunctionalInterface
  interface Fn {
    double apply(double[] args);
  }

  /** A Python slice {@code start:stop:step}; null bounds are absent. */
  record Sl(Integer start, Integer stop, Integer step) {}

  // ================================================================ dtypes (NumPy / Theano)

  static boolean isFloat(DType d) {
    return d == DType.FLOAT32 || d == DType.FLOAT64;
  }

  static int bytes(DType d) {
    switch (d) {
      case BOOL: case INT8: case UINT8: return 1;
      case INT16: return 2;
      case INT32: case FLOAT32: return 4;
      default: return 8;
    }
  }

  /** NumPy's {@code result_type} for two array dtypes. */
  static DType promote(DType a, DType b) {
    if (a == b || b == DType.BOOL) {
      return a;
    }
    if (a == DType.BOOL) {
      return b;
    }
    if (isFloat(a) && isFloat(b)) {
      return a == DType.FLOAT64 || b == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
    }
    if (isFloat(a) || isFloat(b)) {
      DType f = isFloat(a) ? a : b;
      DType i = isFloat(a) ? b : a;
      return f == DType.FLOAT32 && bytes(i) <= 2 ? DType.FLOAT32 : DType.FLOAT64;
    }
    boolean ua = a == DType.UINT8;
    boolean ub = b == DType.UINT8;
    if (ua == ub) {
      return bytes(a) >= bytes(b) ? a : b;
    }
    DType s = ua ? b : a;
    return bytes(s) > 1 ? s : DType.INT16;
  }

  static DType promote(List<DType> ds) {
    DType r = ds.get(0);
    for (DType d : ds) {
      r = promote(r, d);
    }
    return r;
  }

  /**
   * The arithmetic rule of add, mul, maximum, minimum, abs and clip: the promoted dtype; on
   * bools they stay bool, as in NumPy and Theano ({@code np.add(True, True)} is True).
   */
  static DType arith(List<DType> ds) {
    return promote(ds);
  }

  /** Theano's {@code upgrade_to_float}: floats stay, 1-2 byte ints and bool give float32. */
  static DType toFloat(DType d) {
    if (isFloat(d)) {
      return d;
    }
    return bytes(d) <= 2 ? DType.FLOAT32 : DType.FLOAT64;
  }

  static DType floatOut(List<DType> ds) {
    return toFloat(promote(ds));
  }

  static DType boolOut(List<DType> ds) {
    return DType.BOOL;
  }

  /** {@code v} stored into {@code d}: floats round, integers truncate and wrap, bool tests. */
  static double convert(double v, DType d) {
    switch (d) {
      case FLOAT64: return v;
      case FLOAT32: return (float) v;
      case BOOL: return v != 0 ? 1 : 0;
      default:
        break;
    }
    long l = (long) v;
    switch (d) {
      case INT8: return (byte) l;
      case UINT8: return l & 0xFF;
      case INT16: return (short) l;
      case INT32: return (int) l;
      default: return l;
    }
  }

  static RefArray cast(RefArray x, DType d) {
    double[] out = new double[x.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = convert(x.data()[i], d);
    }
    return new RefArray(d, x.shape(), out);
  }

  // ================================================================ elementwise

  /** NumPy broadcasting of shapes: right-aligned, a length of 1 stretches. */
  static int[] broadcastShapes(List<int[]> shapes) {
    int nd = 0;
    for (int[] s : shapes) {
      nd = Math.max(nd, s.length);
    }
    int[] out = new int[nd];
    Arrays.fill(out, 1);
    for (int[] s : shapes) {
      for (int i = 0; i < s.length; i++) {
        int d = nd - s.length + i;
        if (s[i] != 1) {
          if (out[d] != 1 && out[d] != s[i]) {
            throw new IllegalArgumentException("reference: shapes do not broadcast");
          }
          out[d] = s[i];
        }
      }
    }
    return out;
  }

  /** The value of {@code x} at {@code idx} of a broadcast shape it stretches to. */
  static double broadcastAt(RefArray x, int[] idx) {
    int lead = idx.length - x.ndim();
    int flat = 0;
    for (int d = 0; d < x.ndim(); d++) {
      int i = x.dim(d) == 1 ? 0 : idx[lead + d];
      flat = flat * x.dim(d) + i;
    }
    return x.data()[flat];
  }

  /** Applies {@code f} elementwise with broadcasting; the result is stored as {@code out}. */
  static RefArray map(DType out, Fn f, List<RefArray> in) {
    List<int[]> shapes = new ArrayList<>();
    for (RefArray a : in) {
      shapes.add(a.shape());
    }
    int[] shape = broadcastShapes(shapes);
    double[] res = new double[RefArray.size(shape)];
    double[] args = new double[in.size()];
    for (int k = 0; k < res.length; k++) {
      int[] idx = RefArray.unravel(k, shape);
      for (int i = 0; i < args.length; i++) {
        args[i] = broadcastAt(in.get(i), idx);
      }
      res[k] = convert(f.apply(args), out);
    }
    return new RefArray(out, shape, res);
  }

  // ================================================================ reductions

  static int[] normaliseAxes(int ndim, int... axes) {
    if (axes.length == 0) {
      int[] all = new int[ndim];
      for (int d = 0; d < ndim; d++) {
        all[d] = d;
      }
      return all;
    }
    int[] out = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      out[i] = axes[i] < 0 ? axes[i] + ndim : axes[i];
    }
    Arrays.sort(out);
    return out;
  }

  private static boolean contains(int[] xs, int v) {
    for (int x : xs) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reduces the groups of values over {@code axes} (none = all) with {@code f}, each group
   * listed in row-major order.
   */
  static RefArray reduce(RefArray x, int[] axes, boolean keepdims, DType out,
      ToDoubleFunction<double[]> f) {
    int[] ax = normaliseAxes(x.ndim(), axes);
    List<Integer> outShape = new ArrayList<>();
    List<Integer> keptAxes = new ArrayList<>();
    List<Integer> groupShape = new ArrayList<>();
    for (int d = 0; d < x.ndim(); d++) {
      if (contains(ax, d)) {
        groupShape.add(x.dim(d));
        if (keepdims) {
          outShape.add(1);
        }
      } else {
        keptAxes.add(d);
        outShape.add(x.dim(d));
      }
    }
    int[] os = outShape.stream().mapToInt(Integer::intValue).toArray();
    int[] gs = groupShape.stream().mapToInt(Integer::intValue).toArray();
    int[] ks = keptAxes.stream().mapToInt(i -> x.dim(i)).toArray();
    double[] res = new double[RefArray.size(os)];
    double[] group = new double[RefArray.size(gs)];
    for (int o = 0; o < res.length; o++) {
      int[] kept = RefArray.unravel(o, ks);
      for (int g = 0; g < group.length; g++) {
        int[] gi = RefArray.unravel(g, gs);
        int[] idx = new int[x.ndim()];
        for (int d = 0, a = 0, b = 0; d < x.ndim(); d++) {
          idx[d] = contains(ax, d) ? gi[a++] : kept[b++];
        }
        group[g] = x.at(idx);
      }
      res[o] = convert(f.applyAsDouble(group), out);
    }
    return new RefArray(out, os, res);
  }

  static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }

  static double prod(double[] v) {
    double p = 1;
    for (double x : v) {
      p *= x;
    }
    return p;
  }

  static double mean(double[] v) {
    return sum(v) / v.length;
  }

  static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      m = x > m ? x : m;
    }
    return m;
  }

  static double min(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double x : v) {
      m = x < m ? x : m;
    }
    return m;
  }

  static double all(double[] v) {
    for (double x : v) {
      if (x == 0) {
        return 0;
      }
    }
    return 1;
  }

  static double any(double[] v) {
    for (double x : v) {
      if (x != 0) {
        return 1;
      }
    }
    return 0;
  }

  /** Population variance (ddof = 0), two-pass. */
  static double var(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return s / v.length;
  }

  /** Index of the first maximum (or minimum) along {@code axis}; null means flattened. */
  static RefArray argReduce(RefArray x, Integer axis, boolean max) {
    ToDoubleFunction<double[]> f = v -> {
      int best = 0;
      for (int i = 1; i < v.length; i++) {
        if (max ? v[i] > v[best] : v[i] < v[best]) {
          best = i;
        }
      }
      return best;
    };
    if (axis == null) {
      return reduce(x, new int[0], false, DType.INT64, f);
    }
    return reduce(x, new int[] {axis}, false, DType.INT64, f);
  }

  // ================================================================ linear algebra

  /** NumPy's tensordot: free axes of a, then free axes of b; contracted pairs summed. */
  static RefArray tensordot(RefArray a, RefArray b, int[] aAxes, int[] bAxes) {
    int[] aa = aAxes.clone();
    int[] bb = bAxes.clone();
    for (int i = 0; i < aa.length; i++) {
      aa[i] = aa[i] < 0 ? aa[i] + a.ndim() : aa[i];
      bb[i] = bb[i] < 0 ? bb[i] + b.ndim() : bb[i];
    }
    List<Integer> freeA = new ArrayList<>();
    List<Integer> freeB = new ArrayList<>();
    for (int d = 0; d < a.ndim(); d++) {
      if (!contains(aa, d)) {
        freeA.add(d);
      }
    }
    for (int d = 0; d < b.ndim(); d++) {
      if (!contains(bb, d)) {
        freeB.add(d);
      }
    }
    int[] os = new int[freeA.size() + freeB.size()];
    for (int i = 0; i < freeA.size(); i++) {
      os[i] = a.dim(freeA.get(i));
    }
    for (int i = 0; i < freeB.size(); i++) {
      os[freeA.size() + i] = b.dim(freeB.get(i));
    }
    int[] cs = new int[aa.length];
    for (int i = 0; i < aa.length; i++) {
      cs[i] = a.dim(aa[i]);
    }
    DType dt = promote(a.dtype(), b.dtype());
    double[] res = new double[RefArray.size(os)];
    for (int o = 0; o < res.length; o++) {
      int[] oi = RefArray.unravel(o, os);
      int[] ia = new int[a.ndim()];
      int[] ib = new int[b.ndim()];
      for (int i = 0; i < freeA.size(); i++) {
        ia[freeA.get(i)] = oi[i];
      }
      for (int i = 0; i < freeB.size(); i++) {
        ib[freeB.get(i)] = oi[freeA.size() + i];
      }
      double s = 0;
      for (int c = 0, n = RefArray.size(cs); c < n; c++) {
        int[] ci = RefArray.unravel(c, cs);
        for (int i = 0; i < ci.length; i++) {
          ia[aa[i]] = ci[i];
          ib[bb[i]] = ci[i];
        }
        s += a.at(ia) * b.at(ib);
      }
      res[o] = convert(s, dt);
    }
    return new RefArray(dt, os, res);
  }

  /** NumPy's dot: sum over the last axis of a and the second-to-last (or only) axis of b. */
  static RefArray dot(RefArray a, RefArray b) {
    if (a.ndim() == 0 || b.ndim() == 0) {
      return map(promote(a.dtype(), b.dtype()), v -> v[0] * v[1], List.of(a, b));
    }
    return tensordot(a, b, new int[] {a.ndim() - 1}, new int[] {Math.max(b.ndim() - 2, 0)});
  }

  /** {@code x[i]} along the first axis. */
  static RefArray take0(RefArray x, int i) {
    int[] s = Arrays.copyOfRange(x.shape(), 1, x.ndim());
    int n = RefArray.size(s);
    return new RefArray(x.dtype(), s, Arrays.copyOfRange(x.data(), i * n, (i + 1) * n));
  }

  /** {@code out[i] = dot(a[i], b[i])}. */
  static RefArray batchedDot(RefArray a, RefArray b) {
    List<RefArray> parts = new ArrayList<>();
    for (int i = 0; i < a.dim(0); i++) {
      parts.add(dot(take0(a, i), take0(b, i)));
    }
    return stack(parts, 0);
  }

  // ================================================================ shapes

  static RefArray reshape(RefArray x, int... shape) {
    int[] s = shape.clone();
    int known = 1;
    int free = -1;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == -1) {
        free = i;
      } else {
        known *= s[i];
      }
    }
    if (free >= 0) {
      s[free] = x.size() / known;
    }
    return new RefArray(x.dtype(), s, x.data().clone());
  }

  /** Theano's dimshuffle: axis numbers, or -1 for a new length-1 axis; dropped axes have length 1. */
  static RefArray dimshuffle(RefArray x, int... order) {
    int[] os = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      os[i] = order[i] < 0 ? 1 : x.dim(order[i]);
    }
    double[] res = new double[RefArray.size(os)];
    for (int o = 0; o < res.length; o++) {
      int[] oi = RefArray.unravel(o, os);
      int[] xi = new int[x.ndim()];
      for (int i = 0; i < order.length; i++) {
        if (order[i] >= 0) {
          xi[order[i]] = oi[i];
        }
      }
      res[o] = x.at(xi);
    }
    return new RefArray(x.dtype(), os, res);
  }

  static RefArray concatenate(List<RefArray> xs, int axis) {
    int nd = xs.get(0).ndim();
    int ax = axis < 0 ? axis + nd : axis;
    int[] os = xs.get(0).shape();
    os[ax] = 0;
    List<DType> dts = new ArrayList<>();
    for (RefArray x : xs) {
      os[ax] += x.dim(ax);
      dts.add(x.dtype());
    }
    DType dt = promote(dts);
    double[] res = new double[RefArray.size(os)];
    for (int o = 0; o < res.length; o++) {
      int[] oi = RefArray.unravel(o, os);
      int k = 0;
      while (oi[ax] >= xs.get(k).dim(ax)) {
        oi[ax] -= xs.get(k).dim(ax);
        k++;
      }
      res[o] = convert(xs.get(k).at(oi), dt);
    }
    return new RefArray(dt, os, res);
  }

  static RefArray stack(List<RefArray> xs, int axis) {
    int nd = xs.get(0).ndim() + 1;
    int ax = axis < 0 ? axis + nd : axis;
    List<RefArray> ys = new ArrayList<>();
    for (RefArray x : xs) {
      int[] s = new int[nd];
      for (int d = 0, k = 0; d < nd; d++) {
        s[d] = d == ax ? 1 : x.dim(k++);
      }
      ys.add(new RefArray(x.dtype(), s, x.data()));
    }
    return concatenate(ys, ax);
  }

  /** {@code [start, start + step, ...)} before {@code stop}: ceil((stop - start) / step) values. */
  static RefArray arange(double start, double stop, double step, DType dt) {
    int n = (int) Math.max(0, Math.ceil((stop - start) / step));
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = convert(start + i * step, dt);
    }
    return new RefArray(dt, new int[] {n}, v);
  }

  /** {@code value} broadcast into a new array of {@code shape}. */
  static RefArray full(RefArray value, int... shape) {
    return map(value.dtype(), v -> v[0], List.of(value, RefArray.zeros(DType.BOOL, shape)));
  }

  static RefArray shapeOf(RefArray x) {
    double[] v = new double[x.ndim()];
    for (int d = 0; d < v.length; d++) {
      v[d] = x.dim(d);
    }
    return new RefArray(DType.INT64, new int[] {v.length}, v);
  }

  // ================================================================ indexing

  /** NumPy's {@code x[entries]}; see {@link ReferenceIndexing#select}. */
  static RefArray get(RefArray x, Object... entries) {
    return ReferenceIndexing.get(x, entries);
  }

  /** A copy of x with {@code x[entries]} set to or incremented by y. */
  static RefArray setInc(RefArray x, RefArray y, boolean set, Object... entries) {
    return ReferenceIndexing.setInc(x, y, set, entries);
  }

  // ================================================================ neural networks

  /** Softmax (or its log) along the last axis, max-shifted. */
  static RefArray softmax(RefArray x, boolean log) {
    DType dt = toFloat(x.dtype());
    int n = x.dim(x.ndim() - 1);
    double[] res = new double[x.size()];
    for (int r = 0; r < x.size() / n; r++) {
      double m = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        m = Math.max(m, x.data()[r * n + j]);
      }
      double z = 0;
      for (int j = 0; j < n; j++) {
        z += Math.exp(x.data()[r * n + j] - m);
      }
      for (int j = 0; j < n; j++) {
        double d = x.data()[r * n + j] - m;
        res[r * n + j] = convert(log ? d - Math.log(z) : Math.exp(d) / z, dt);
      }
    }
    return new RefArray(dt, x.shape(), res);
  }

  /** {@code -log(p[i, y[i]])}. */
  static RefArray crossentropyLabels(RefArray p, RefArray y) {
    int n = p.dim(0);
    double[] res = new double[n];
    int k = p.dim(1);
    for (int i = 0; i < n; i++) {
      // NumPy's index rule: a label in [-k, 0) counts from the end (-1 is class k-1).
      int label = (int) y.data()[i];
      res[i] = convert(-Math.log(p.at(i, label < 0 ? label + k : label)), p.dtype());
    }
    return new RefArray(p.dtype(), new int[] {n}, res);
  }

  /** {@code -sum(t * log(p), axis=-1)} for a one-hot (or soft) target matrix. */
  static RefArray crossentropyDense(RefArray p, RefArray t) {
    int n = p.dim(0);
    int k = p.dim(1);
    DType dt = floatOut(List.of(p.dtype(), t.dtype()));
    double[] res = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < k; j++) {
        s += t.at(i, j) * Math.log(p.at(i, j));
      }
      res[i] = convert(-s, dt);
    }
    return new RefArray(dt, new int[] {n}, res);
  }
}
