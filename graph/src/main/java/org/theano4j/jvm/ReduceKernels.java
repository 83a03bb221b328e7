package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.ArgReduce;
import org.theano4j.tensor.Reduce;
import org.theano4j.tensor.ReduceKind;

/**
 * Reductions: the reduced axes are moved last (a view), so each output element reduces one
 * run of consecutive elements in row-major order. Floats accumulate in double precision
 * (float32 sums of rows of at least {@link FloatPairSums#MIN_LENGTH} elements in pairs of
 * floats, to a bound close to double's); integer sums and products are exact in 64 bits.
 */
@AutoService(KernelFamily.class)
public final class ReduceKernels implements KernelFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public ReduceKernels() {}

  @Override
  public void register(Registry r) {
    r.kernel(Reduce.class, InplaceInfo.FRESH, ReduceKernels::reduce);
    r.kernel(ArgReduce.class, InplaceInfo.FRESH, ReduceKernels::argReduce);
  }

  /** {@code x} with the non-reduced axes first and {@code axes} last; also the kept shape. */
  private static NDArray moveLast(NDArray x, List<Integer> axes, List<Integer> kept) {
    int[] order = new int[x.ndim()];
    int k = 0;
    for (int d = 0; d < x.ndim(); d++) {
      if (!axes.contains(d)) {
        order[k++] = d;
        kept.add(x.shape(d));
      }
    }
    for (int a : axes) {
      order[k++] = a;
    }
    return x.dimshuffle(order);
  }

  static NDArray[] reduce(Apply node, NDArray[] in) {
    Reduce op = (Reduce) node.op();
    NDArray x = in[0];
    int[] shape = ArrayArena.scratchInts(0, x.ndim());
    for (int d = 0; d < shape.length; d++) {
      shape[d] = x.shape(d);
    }
    if (!x.dtype().isDiscrete() || op.kind() == ReduceKind.MEAN) {
      ArraySource src = ARRAY_SOURCE.get();
      try {
        return ArrayArena.result(reduceFloat(op, shape, x.dtype(), src.of(x)));
      } finally {
        src.of(null);
      }
    }
    // integers: exact in 64 bits, in row-major order over the reduced axes
    ReduceKind kind = op.kind();
    op.checkSelection(shape);
    NDArray out = NDArray.zeros(kind.outputDType(x.dtype()), outShape(op, shape));
    int[] order = ArrayArena.scratchInts(1, x.ndim());
    int outer = order(op.axes(), shape, order);
    NDArray v = x.dimshuffle(order);
    int inner = innerSize(op.axes(), shape, outer);
    int chunk = Math.min(ElemwiseKernel.CHUNK, Math.max(inner, 1));
    long[] buf = Scratch.longs(0, chunk);
    long[] res = Scratch.longs(1, Math.max(outer, 1));
    for (int o = 0; o < outer; o++) {
      long acc = initLong(kind);
      for (int s = 0; s < inner; s += chunk) {
        int m = Math.min(chunk, inner - s);
        v.readLongs(o * inner + s, buf, 0, m);
        acc = accumulate(kind, acc, buf, m);
      }
      res[o] = acc;
    }
    out.writeLongs(0, res, 0, outer);
    return ArrayArena.result(out);
  }

  /**
   * Fills {@code order} with the kept axes of {@code shape} first, then {@code axes}; returns
   * the number of output elements (the product of the kept axes).
   */
  private static int order(List<Integer> axes, int[] shape, int[] order) {
    int nKept = 0;
    int outer = 1;
    for (int d = 0; d < shape.length; d++) {
      if (!axes.contains(d)) {
        order[nKept++] = d;
        outer *= shape[d];
      }
    }
    for (int i = 0, k = nKept; i < axes.size(); i++) {
      order[k++] = axes.get(i);
    }
    return outer;
  }

  /** The number of elements reduced into each output element. */
  private static int innerSize(List<Integer> axes, int[] shape, int outer) {
    return outer == 0 ? Shapes.product(shape, axes) : Shapes.size(shape) / outer;
  }

  /** The output shape of {@code op} over an input of {@code shape} (in the node's scratch). */
  private static int[] outShape(Reduce op, int[] shape) {
    int kept = 0;
    for (int d = 0; d < shape.length; d++) {
      kept += op.axes().contains(d) ? 0 : 1;
    }
    int[] outShape = ArrayArena.scratchInts(2, op.keepdims() ? shape.length : kept);
    for (int d = 0, k = 0; d < shape.length; d++) {
      if (!op.axes().contains(d)) {
        outShape[op.keepdims() ? d : k] = shape[d];
        k++;
      } else if (op.keepdims()) {
        outShape[d] = 1;
      }
    }
    return outShape;
  }

  /**
   * Where a float reduction reads its input's elements: an array ({@link ArraySource}), or an
   * elementwise program computing them as they are read ({@link FusedReduceKernel}). Flat
   * indices are row-major over the input's shape, or over the view {@link #permute} made.
   */
  interface Source {
    /**
     * True if the elements may be read by flat index of the input itself with
     * {@link #floats}: a contiguous array, or elements computed as they are read.
     */
    boolean flat();

    /** Reads {@code m} float32 elements from flat index {@code start} into {@code dst}. */
    void floats(int start, float[] dst, int off, int m);

    /**
     * The {@code m} float32 elements from flat index {@code start} at the start of an array:
     * {@code dst} ({@code m <= dst.length}) or a buffer of the source's own, which the caller
     * may overwrite until its next read.
     */
    default float[] floats(int start, int m, float[] dst) {
      floats(start, dst, 0, m);
      return dst;
    }

    /** Reads {@code m} elements, as doubles, from flat index {@code start} into {@code dst}. */
    void doubles(int start, double[] dst, int off, int m);

    /**
     * Reads, from now on, the input with its axes in {@code order} (a view; then flat indices
     * are row-major over it).
     */
    void permute(int[] order);
  }

  /** An array's elements; one object per thread, pointed at the array of each call. */
  static final class ArraySource implements Source {
    private NDArray x;

    ArraySource of(NDArray a) {
      this.x = a;
      return this;
    }

    @Override
    public boolean flat() {
      return x.isContiguous();
    }

    @Override
    public void floats(int start, float[] dst, int off, int m) {
      x.storage().floats().get(x.offset() + start, dst, off, m);
    }

    @Override
    public void doubles(int start, double[] dst, int off, int m) {
      x.readDoubles(start, dst, off, m);
    }

    @Override
    public void permute(int[] order) {
      x = x.dimshuffle(order);
    }
  }

  private static final ThreadLocal<ArraySource> ARRAY_SOURCE =
      ThreadLocal.withInitial(ArraySource::new);

  /**
   * The float reduction {@code op} of an input of {@code shape} and float {@code dtype} whose
   * elements {@code src} reads (a mean of integers reads them as doubles). Each output
   * element accumulates its elements in one double in row-major order over the reduced axes,
   * except sums and means over axes that include the last with at least {@link #lanesMin}
   * elements per output element, which take {@link #sumDoubleLanes}' eight lanes (float32
   * rows of at least {@link FloatPairSums#MIN_LENGTH}: {@link FloatPairSums}), and the
   * layouts of {@link #reduceContiguous}, whose orders are fixed there to give the same
   * results; the order depends only on the shape, the axes and the dtype, never on the
   * source.
   */
  static NDArray reduceFloat(Reduce op, int[] shape, DType dtype, Source src) {
    List<Integer> axes = op.axes();
    ReduceKind kind = op.kind();
    if (kind == ReduceKind.MAX || kind == ReduceKind.MIN) {
      op.checkSelection(shape);
    }
    NDArray out = NDArray.zeros(kind.outputDType(dtype), outShape(op, shape));
    if (src.flat() && reduceContiguous(shape, dtype, axes, kind, src, out)) {
      return out;
    }
    int[] order = ArrayArena.scratchInts(1, shape.length);
    int outer = order(axes, shape, order);
    int inner = innerSize(axes, shape, outer);
    src.permute(order);
    int chunk = Math.min(ElemwiseKernel.CHUNK, Math.max(inner, 1));
    double[] buf = Scratch.doubles(0, chunk);
    double[] res = Scratch.doubles(1, Math.max(outer, 1));
    // sumRows' rule (the contiguous path reaches sumRows when the reduced axes include the last)
    boolean lanes = axes.contains(shape.length - 1) && inLanes(kind, dtype, inner);
    FloatPairSums.Lane lane = inColumnPairs(kind, dtype, shape, axes) ? LANE.get() : null;
    for (int o = 0; o < outer; o++) {
      if (lane != null) {
        // reduceColumns' order, one output element at a time
        lane.clear();
        for (int s = 0; s < inner; s += chunk) {
          int m = Math.min(chunk, inner - s);
          src.doubles(o * inner + s, buf, 0, m);
          for (int k = 0; k < m; k++) {
            lane.add((float) buf[k]);
          }
        }
        res[o] = kind == ReduceKind.MEAN ? lane.sum() / inner : lane.sum();
        continue;
      }
      if (lanes) {
        // sumRows' order (float32 elements read as doubles are the same values)
        double acc = inPairs(dtype, inner) ? FloatPairSums.sum(src, false, o * inner, inner)
            : sumDoubleLanes(src, o * inner, inner);
        res[o] = kind == ReduceKind.MEAN ? acc / inner : acc;
        continue;
      }
      double acc = initDouble(kind);
      for (int s = 0; s < inner; s += chunk) {
        int m = Math.min(chunk, inner - s);
        src.doubles(o * inner + s, buf, 0, m);
        acc = accumulate(kind, acc, buf, m);
      }
      res[o] = kind == ReduceKind.MEAN ? acc / inner : acc;
    }
    out.writeDoubles(0, res, 0, outer);
    return out;
  }

  /**
   * The float reductions of a contiguous array over one block of consecutive axes, with
   * contiguous inner loops; false (nothing written) for other cases. Each output element
   * accumulates its elements in the same order as the general path (row-major over the
   * reduced axes, one double accumulator from the initial value), so the results are the
   * same bit for bit; only the order of the loops differs (exceptions: {@link
   * #sumFloatLanes} and {@link #sumDoubleLanes}, and extremes, which no order changes):
   *
   * <ul>
   *   <li>axes kept after the block ({@code sum(x, axis 0)}): each reduced row is added to a
   *       chunk of accumulators, one per output element, in a loop the JIT vectorises
   *       (float32: four rows per pass; maxima and minima among the floats);
   *   <li>the block is last ({@code sum(x, axis 1)}, {@code sum(x)}): sums and means of four
   *       rows at a time, four independent accumulators instead of one dependency chain;
   *       float32 maxima and minima by {@link #extremeRows}.
   * </ul>
   */
  private static boolean reduceContiguous(int[] shape, DType dtype, List<Integer> axes,
      ReduceKind kind, Source x, NDArray out) {
    if (Shapes.size(shape) == 0 || axes.isEmpty() || kind == ReduceKind.ALL
        || kind == ReduceKind.ANY) {
      return false;
    }
    // the axes must be one ascending run a, a+1, ..., b-1 (a loop: no stream per call)
    int a = axes.get(0);
    int b = a + axes.size();
    for (int k = 1; k < axes.size(); k++) {
      if (axes.get(k) != a + k) {
        return false;
      }
    }
    int outer = 1;
    int reduced = 1;
    int inner = 1;
    for (int d = 0; d < shape.length; d++) {
      if (d < a) {
        outer *= shape[d];
      } else if (d < b) {
        reduced *= shape[d];
      } else {
        inner *= shape[d];
      }
    }
    if (inner > 1) {
      reduceColumns(x, dtype, kind, outer, reduced, inner, inColumnPairs(kind, dtype, shape, axes),
          out);
      return true;
    }
    if (kind == ReduceKind.SUM || kind == ReduceKind.MEAN) {
      sumRows(x, dtype, kind == ReduceKind.MEAN, outer, reduced, out);
      return true;
    }
    if ((kind == ReduceKind.MAX || kind == ReduceKind.MIN) && dtype == DType.FLOAT32) {
      extremeRows(x, kind == ReduceKind.MAX, outer, reduced, out);
      return true;
    }
    return false;
  }

  /**
   * Maxima (or minima) of {@code outer} contiguous float32 rows of {@code n} elements. The
   * extreme of a set of values does not depend on the order of the comparisons (NaN if any is
   * NaN, 0.0 above -0.0), so each chunk of a row is folded in halves ({@code t[i] = max(b[i],
   * b[s + i])}, loops the JIT vectorises) down to {@link #FOLD_MIN} elements instead of one
   * chain of comparisons; the rows are compared as floats, whose comparisons are those of
   * their exact doubles. Float64 rows take the general path (one chain).
   */
  private static void extremeRows(Source x, boolean max, int outer, int n, NDArray out) {
    int chunk = Math.min(ElemwiseKernel.CHUNK, n);
    float[] f = Scratch.floats(0, chunk);
    float[] t = Scratch.floats(1, chunk);
    double[] res = SUMS.get();
    for (int o = 0; o < outer; o++) {
      float e = max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
      for (int j = 0; j < n; j += chunk) {
        int m = Math.min(chunk, n - j);
        float c = fold(max, x.floats(o * n + j, m, f), t, m);
        e = max ? Math.max(e, c) : Math.min(e, c);
      }
      res[0] = e;
      out.writeDoubles(o, res, 0, 1);
    }
  }

  /** Folding in halves stops at this many elements; the rest are compared one by one. */
  private static final int FOLD_MIN = 64;

  /** The extreme of {@code b[0..m)} ({@code m >= 1}), folding in halves between b and t. */
  private static float fold(boolean max, float[] b, float[] t, int m) {
    for (; m > FOLD_MIN; m -= m >>> 1) {
      int h = m >>> 1;
      int s = m - h;
      if (max) {
        for (int i = 0; i < h; i++) { t[i] = Math.max(b[i], b[s + i]); }
      } else {
        for (int i = 0; i < h; i++) { t[i] = Math.min(b[i], b[s + i]); }
      }
      t[h] = b[h]; // unpaired when m is odd (else overwritten next)
      float[] swap = b;
      b = t;
      t = swap;
    }
    float e = b[0];
    for (int i = 1; i < m; i++) {
      e = max ? Math.max(e, b[i]) : Math.min(e, b[i]);
    }
    return e;
  }

  private static void reduceColumns(Source x, DType dtype, ReduceKind kind, int outer,
      int reduced, int inner, boolean pairs, NDArray out) {
    int chunk = Math.min(ElemwiseKernel.CHUNK, inner);
    boolean f32 = dtype == DType.FLOAT32;
    double[] buf = f32 ? null : Scratch.doubles(0, chunk);
    float[] fbuf = f32 ? Scratch.floats(0, 4 * chunk) : null;
    double[] acc = Scratch.doubles(1, chunk);
    for (int o = 0; o < outer; o++) {
      for (int k0 = 0; k0 < inner; k0 += chunk) {
        int w = Math.min(chunk, inner - k0);
        java.util.Arrays.fill(acc, 0, w, initDouble(kind));
        int r = 0;
        if (f32 && (kind == ReduceKind.MAX || kind == ReduceKind.MIN)) {
          // the extreme of float32 values is one of them: found among the floats (the
          // comparisons are those of their exact doubles), converted once at the end
          int base = o * reduced * inner + k0;
          float[] ext = Scratch.floats(1, w);
          java.util.Arrays.fill(ext, 0, w, (float) initDouble(kind));
          for (; r < reduced; r++) {
            extremeColumns(kind == ReduceKind.MAX, ext, x.floats(base + r * inner, w, fbuf), w);
          }
          for (int k = 0; k < w; k++) {
            acc[k] = ext[k];
          }
        } else if (pairs) {
          FloatPairSums.columns(x, o * reduced * inner + k0, inner, reduced, w, acc);
        } else if (f32) {
          // float32 sums and products: four rows per pass, converted as they are added
          int base = o * reduced * inner + k0;
          for (; r + 4 <= reduced; r += 4) {
            for (int q = 0; q < 4; q++) {
              x.floats(base + (r + q) * inner, fbuf, q * w, w);
            }
            accumulateColumns4(kind, acc, fbuf, w);
          }
          if (r < reduced) {
            // the last one to three rows, the other slots holding the kind's identity (x + 0
            // and x * 1 are x: a sum's accumulator is never -0.0)
            java.util.Arrays.fill(fbuf, 0, 4 * w, (float) initDouble(kind));
            for (int q = 0; r < reduced; q++, r++) {
              x.floats(base + r * inner, fbuf, q * w, w);
            }
            accumulateColumns4(kind, acc, fbuf, w);
          }
        } else {
          for (; r < reduced; r++) {
            x.doubles((o * reduced + r) * inner + k0, buf, 0, w);
            accumulateColumns(kind, acc, buf, w);
          }
        }
        if (kind == ReduceKind.MEAN) {
          for (int k = 0; k < w; k++) {
            acc[k] /= reduced;
          }
        }
        out.writeDoubles(o * inner + k0, acc, 0, w);
      }
    }
  }

  private static void accumulateColumns(ReduceKind k, double[] acc, double[] b, int w) {
    switch (k) {
      case SUM, MEAN -> { for (int i = 0; i < w; i++) { acc[i] += b[i]; } }
      case PROD -> { for (int i = 0; i < w; i++) { acc[i] *= b[i]; } }
      case MAX -> { for (int i = 0; i < w; i++) { acc[i] = Math.max(acc[i], b[i]); } }
      case MIN -> { for (int i = 0; i < w; i++) { acc[i] = Math.min(acc[i], b[i]); } }
      default -> throw new AssertionError(k + " is not reduced by columns");
    }
  }

  /**
   * Four float32 rows of {@code w} elements (at {@code 0, w, 2w, 3w} in {@code b}) added to
   * (multiplied into) the accumulators, each column taking them in row order as four one-row
   * passes would; one load and store of each accumulator instead of four.
   */
  private static void accumulateColumns4(ReduceKind k, double[] acc, float[] b, int w) {
    int w2 = 2 * w;
    int w3 = 3 * w;
    switch (k) {
      case SUM, MEAN -> {
        for (int i = 0; i < w; i++) {
          acc[i] = acc[i] + b[i] + b[w + i] + b[w2 + i] + b[w3 + i];
        }
      }
      case PROD -> {
        for (int i = 0; i < w; i++) {
          acc[i] = acc[i] * b[i] * b[w + i] * b[w2 + i] * b[w3 + i];
        }
      }
      default -> throw new AssertionError(k + " is not summed or multiplied by columns");
    }
  }

  /** The running maxima (or minima) {@code e} of float32 columns with one more row {@code b}. */
  private static void extremeColumns(boolean max, float[] e, float[] b, int w) {
    if (max) {
      for (int i = 0; i < w; i++) {
        e[i] = Math.max(e[i], b[i]);
      }
    } else {
      for (int i = 0; i < w; i++) {
        e[i] = Math.min(e[i], b[i]);
      }
    }
  }

  /** Elements per row that {@code sumRows} reads at a time from four float64 rows. */
  private static final int DOUBLE_ROWS_CHUNK = 256;

  /** Per thread: the four sums {@code sumRows} writes at a time. */
  private static final ThreadLocal<double[]> SUMS = ThreadLocal.withInitial(() -> new double[4]);

  /**
   * Sums (or means) of {@code outer} contiguous rows of {@code n} elements: rows of at least
   * {@link #lanesMin} elements each in eight lanes ({@link #sumFloatLanes}, {@link
   * #sumDoubleLanes}; float32 rows of at least {@link FloatPairSums#MIN_LENGTH} in pairs of
   * floats, {@link FloatPairSums}); shorter rows four at a time (four independent chains, each row's
   * elements in order). Float32 rows are read as floats and converted as they are added.
   */
  private static void sumRows(Source x, DType dtype, boolean mean, int outer, int n,
      NDArray out) {
    boolean f32 = dtype == DType.FLOAT32;
    double[] res = SUMS.get();
    if (inLanes(ReduceKind.SUM, dtype, n)) {
      for (int o = 0; o < outer; o++) {
        double s = inPairs(dtype, n) ? FloatPairSums.sum(x, true, o * n, n)
            : f32 ? sumFloatLanes(x, o * n, n) : sumDoubleLanes(x, o * n, n);
        res[0] = mean ? s / n : s;
        out.writeDoubles(o, res, 0, 1);
      }
      return;
    }
    int chunk = Math.min(ElemwiseKernel.CHUNK, n);
    // four rows of float64 in 8 KiB (measured 10 % faster than four rows of 1,024)
    int chunk4 = f32 ? chunk : Math.min(DOUBLE_ROWS_CHUNK, n);
    double[] b0 = Scratch.doubles(0, 4 * chunk);
    float[] f = f32 ? Scratch.floats(0, 4 * chunk) : null;
    int o = 0;
    for (; o + 4 <= outer; o += 4) {
      java.util.Arrays.fill(res, 0);
      for (int j = 0; j < n; j += chunk4) {
        int m = Math.min(chunk4, n - j);
        for (int q = 0; q < 4; q++) {
          if (f32) {
            x.floats((o + q) * n + j, f, q * m, m);
          } else {
            x.doubles((o + q) * n + j, b0, q * m, m);
          }
        }
        if (f32) {
          addRows4(res, f, m);
        } else {
          addRows4(res, b0, m);
        }
      }
      for (int q = 0; q < 4; q++) {
        res[q] = mean ? res[q] / n : res[q];
      }
      out.writeDoubles(o, res, 0, 4);
    }
    for (; o < outer; o++) {
      double s = 0;
      for (int j = 0; j < n; j += chunk) {
        int m = Math.min(chunk, n - j);
        x.doubles(o * n + j, b0, 0, m);
        s = accumulate(ReduceKind.SUM, s, b0, m);
      }
      res[0] = mean ? s / n : s;
      out.writeDoubles(o, res, 0, 1);
    }
  }

  /** Adds four rows of {@code m} elements (at {@code 0, m, 2m, 3m} in {@code b}) to {@code s}. */
  private static void addRows4(double[] s, double[] b, int m) {
    double s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
    for (int i = 0; i < m; i++) {
      s0 += b[i]; s1 += b[m + i]; s2 += b[2 * m + i]; s3 += b[3 * m + i];
    }
    s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3;
  }

  /** {@link #addRows4(double[], double[], int)} of float32 rows, converted as they are added. */
  private static void addRows4(double[] s, float[] b, int m) {
    double s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
    for (int i = 0; i < m; i++) {
      s0 += b[i]; s1 += b[m + i]; s2 += b[2 * m + i]; s3 += b[3 * m + i];
    }
    s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3;
  }

  /**
   * Rows at least this long are summed alone by {@link #sumFloatLanes} (float32: 1,024) or
   * {@link #sumDoubleLanes} (float64: 256). Below, four rows at a time in one chain each: for
   * float32 as fast (both bound by the float-to-double conversion) and the order the
   * tutorials' float32 runs were pinned with; for float64 1.3–1.6× slower than the lanes
   * on rows of 1,000 (docs/performance.md, "Round nine").
   */
  static int lanesMin(DType dtype) {
    return dtype == DType.FLOAT32 ? 1024 : 256;
  }

  /**
   * Whether a {@code kind} reduction of {@code n} {@code dtype} elements per output, over
   * axes that include the last, takes the eight lanes: the one rule both {@link #sumRows} and
   * the general path of {@link #reduceFloat} follow, so that the order never depends on the
   * source.
   */
  private static boolean inLanes(ReduceKind kind, DType dtype, int n) {
    return (kind == ReduceKind.SUM || kind == ReduceKind.MEAN) && n >= lanesMin(dtype);
  }

  /**
   * Whether a {@code kind} reduction of an input of {@code shape} over {@code axes} sums
   * columns in pairs of floats ({@link FloatPairSums#columns}): float32 sums and means over
   * one ascending block of axes followed by kept axes of at least {@link
   * FloatPairSums#MIN_COLUMNS} elements. The one rule both {@link #reduceColumns} and the
   * general path of {@link #reduceFloat} follow.
   */
  private static boolean inColumnPairs(ReduceKind kind, DType dtype, int[] shape,
      List<Integer> axes) {
    if ((kind != ReduceKind.SUM && kind != ReduceKind.MEAN) || dtype != DType.FLOAT32
        || axes.isEmpty()) {
      return false;
    }
    int a = axes.get(0);
    for (int k = 1; k < axes.size(); k++) {
      if (axes.get(k) != a + k) {
        return false;
      }
    }
    long after = 1;
    for (int d = a + axes.size(); d < shape.length; d++) {
      after *= shape[d];
    }
    return after >= FloatPairSums.MIN_COLUMNS;
  }

  /** Per thread: the general path's replay of {@link FloatPairSums#columns}. */
  private static final ThreadLocal<FloatPairSums.Lane> LANE =
      ThreadLocal.withInitial(FloatPairSums.Lane::new);

  /**
   * Whether a sum or mean of {@code n} {@code dtype} elements that {@link #inLanes} takes
   * goes to {@link FloatPairSums} instead: float32 rows of at least {@link
   * FloatPairSums#MIN_LENGTH} elements.
   */
  private static boolean inPairs(DType dtype, int n) {
    return dtype == DType.FLOAT32 && n >= FloatPairSums.MIN_LENGTH;
  }

  /**
   * The double sum of {@code n} contiguous float32 elements of {@code x} from flat index
   * {@code start}, in eight interleaved accumulators (element {@code i} goes to lane
   * {@code i mod 8}) added pairwise at the end: eight independent dependency chains instead
   * of one, which the one-accumulator loop is bound by (about 1.2 ns per element). The
   * float32 elements are exact in double and the two orders differ by a few units of double
   * rounding (relative 2^-53 per addition), far below float32's resolution (2^-24), so the
   * float32 sum is the one-accumulator result except when that lies within such a difference
   * of a float32 rounding boundary (SumLanesTest measures both against an exact sum).
   *
   * <p>The order exactly: chunks of {@code c = min(1024, n)} rounded down to a multiple of 8;
   * element {@code i} of the whole chunks to lane {@code i mod 8}; the lanes combined
   * {@code ((a0+a1)+(a2+a3))+((a4+a5)+(a6+a7))}; the remaining {@code n mod c} elements in one
   * chain from 0, added last.
   */
  static double sumFloatLanes(Source x, int start, int n) {
    int chunk = Math.min(ElemwiseKernel.CHUNK, n) & ~7;
    float[] b = Scratch.floats(0, chunk);
    double[] a = LANES.get();
    java.util.Arrays.fill(a, 0);
    int j = 0;
    for (; j + chunk <= n; j += chunk) {
      addLanes(a, x.floats(start + j, chunk, b), chunk);
    }
    double tail = 0;
    if (j < n) {
      float[] t = x.floats(start + j, n - j, b);
      for (int k = 0; k < n - j; k++) {
        tail += t[k];
      }
    }
    return combineLanes(a, tail);
  }

  /**
   * {@link #sumFloatLanes}' order for {@code n} contiguous float64 elements: the same eight
   * lanes, combined the same way. The one-accumulator chain is bound by one addition's
   * latency per element (0.6–0.9 ns measured); the lanes take 0.22–0.25 ns, a bulk copy from
   * the buffer included (docs/performance.md, "Round nine"). The result differs from one
   * chain's by a few double roundings, with the same error bound (n − 1 roundings at most,
   * in practice fewer: each lane adds an eighth of the elements); it is one fixed order, so
   * the same on every machine and run.
   */
  static double sumDoubleLanes(Source x, int start, int n) {
    int chunk = Math.min(ElemwiseKernel.CHUNK, n) & ~7;
    double[] b = Scratch.doubles(0, chunk);
    double[] a = LANES.get();
    java.util.Arrays.fill(a, 0);
    int j = 0;
    for (; j + chunk <= n; j += chunk) {
      x.doubles(start + j, b, 0, chunk);
      addLanes(a, b, chunk);
    }
    double tail = 0;
    if (j < n) {
      x.doubles(start + j, b, 0, n - j);
      for (int k = 0; k < n - j; k++) {
        tail += b[k];
      }
    }
    return combineLanes(a, tail);
  }

  /** The eight lanes added pairwise, then the tail: the lane sums' one combining order. */
  private static double combineLanes(double[] a, double tail) {
    return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7])) + tail;
  }

  /** Per thread: the eight lanes of {@link #sumFloatLanes}. */
  private static final ThreadLocal<double[]> LANES = ThreadLocal.withInitial(() -> new double[8]);

  /**
   * Adds {@code m} (a multiple of 8) elements of {@code b} to the eight lanes {@code a},
   * element {@code i} to lane {@code i mod 8}, the lanes kept in locals within a chunk.
   * Written inline in {@link #sumFloatLanes}' chunk loop, the same loop ran at 0.31 or 0.46 ns
   * per element depending on the JVM start; in this form it measured 0.31–0.32 in each of seven
   * starts (docs/performance.md, "Reductions, round four").
   */
  private static void addLanes(double[] a, float[] b, int m) {
    double a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7];
    for (int i = 0; i < m; i += 8) {
      a0 += b[i];
      a1 += b[i + 1];
      a2 += b[i + 2];
      a3 += b[i + 3];
      a4 += b[i + 4];
      a5 += b[i + 5];
      a6 += b[i + 6];
      a7 += b[i + 7];
    }
    a[0] = a0; a[1] = a1; a[2] = a2; a[3] = a3; a[4] = a4; a[5] = a5; a[6] = a6; a[7] = a7;
  }

  /**
   * {@link #addLanes(double[], float[], int)} of float64 elements (a loop per element type:
   * the float one converts as it adds, which a shared double copy would make a second pass).
   */
  private static void addLanes(double[] a, double[] b, int m) {
    double a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7];
    for (int i = 0; i < m; i += 8) {
      a0 += b[i];
      a1 += b[i + 1];
      a2 += b[i + 2];
      a3 += b[i + 3];
      a4 += b[i + 4];
      a5 += b[i + 5];
      a6 += b[i + 6];
      a7 += b[i + 7];
    }
    a[0] = a0; a[1] = a1; a[2] = a2; a[3] = a3; a[4] = a4; a[5] = a5; a[6] = a6; a[7] = a7;
  }

  private static long initLong(ReduceKind k) {
    return switch (k) {
      case PROD, ALL -> 1;
      case MAX -> Long.MIN_VALUE;
      case MIN -> Long.MAX_VALUE;
      case SUM, MEAN, ANY -> 0;
    };
  }

  private static double initDouble(ReduceKind k) {
    return switch (k) {
      case PROD, ALL -> 1;
      case MAX -> Double.NEGATIVE_INFINITY;
      case MIN -> Double.POSITIVE_INFINITY;
      case SUM, MEAN, ANY -> 0;
    };
  }

  private static long accumulate(ReduceKind k, long acc, long[] b, int m) {
    return switch (k) {
      case SUM -> { for (int i = 0; i < m; i++) { acc += b[i]; } yield acc; }
      case PROD -> { for (int i = 0; i < m; i++) { acc *= b[i]; } yield acc; }
      case MAX -> { for (int i = 0; i < m; i++) { acc = Math.max(acc, b[i]); } yield acc; }
      case MIN -> { for (int i = 0; i < m; i++) { acc = Math.min(acc, b[i]); } yield acc; }
      case ALL -> { for (int i = 0; i < m; i++) { acc &= b[i] != 0 ? 1 : 0; } yield acc; }
      case ANY -> { for (int i = 0; i < m; i++) { acc |= b[i] != 0 ? 1 : 0; } yield acc; }
      // A mean's type is a float (outputDType), so it accumulates in the double lane.
      case MEAN -> throw new AssertionError("a mean accumulates in the double lane");
    };
  }

  private static double accumulate(ReduceKind k, double acc, double[] b, int m) {
    return switch (k) {
      case SUM, MEAN -> { for (int i = 0; i < m; i++) { acc += b[i]; } yield acc; }
      case PROD -> { for (int i = 0; i < m; i++) { acc *= b[i]; } yield acc; }
      case MAX -> { for (int i = 0; i < m; i++) { acc = Math.max(acc, b[i]); } yield acc; }
      case MIN -> { for (int i = 0; i < m; i++) { acc = Math.min(acc, b[i]); } yield acc; }
      case ALL -> { for (int i = 0; i < m; i++) { acc = acc != 0 && b[i] != 0 ? 1 : 0; } yield acc; }
      case ANY -> { for (int i = 0; i < m; i++) { acc = acc != 0 || b[i] != 0 ? 1 : 0; } yield acc; }
    };
  }

  static NDArray[] argReduce(Apply node, NDArray[] in) {
    ArgReduce op = (ArgReduce) node.op();
    NDArray x = in[0];
    NDArray v;
    int[] outShape;
    if (op.axis() == ArgReduce.FLAT) {
      v = x;
      outShape = new int[0];
    } else {
      List<Integer> kept = new ArrayList<>();
      v = moveLast(x, List.of(op.axis()), kept);
      outShape = kept.stream().mapToInt(Integer::intValue).toArray();
    }
    int inner = op.axis() == ArgReduce.FLAT ? x.size() : x.shape(op.axis());
    if (inner == 0) {
      throw new IllegalArgumentException((op.max() ? "argmax" : "argmin")
          + " of an empty sequence");
    }
    NDArray out = NDArray.zeros(DType.INT64, outShape);
    int outer = out.size();
    double[] buf = new double[inner];
    long[] res = new long[outer];
    boolean exact = x.dtype() == DType.INT64;
    long[] lbuf = exact ? new long[inner] : null;
    for (int o = 0; o < outer; o++) {
      if (exact) {
        v.readLongs(o * inner, lbuf, 0, inner);
        int best = 0;
        for (int i = 1; i < inner; i++) {
          if (op.max() ? lbuf[i] > lbuf[best] : lbuf[i] < lbuf[best]) {
            best = i;
          }
        }
        res[o] = best;
        continue;
      }
      v.readDoubles(o * inner, buf, 0, inner);
      int best = 0;
      for (int i = 1; i < inner && !Double.isNaN(buf[best]); i++) {
        // NumPy: the first NaN wins; otherwise the first extreme value.
        if (Double.isNaN(buf[i]) || (op.max() ? buf[i] > buf[best] : buf[i] < buf[best])) {
          best = i;
        }
      }
      res[o] = best;
    }
    out.writeLongs(0, res, 0, outer);
    return ArrayArena.result(out);
  }
}
