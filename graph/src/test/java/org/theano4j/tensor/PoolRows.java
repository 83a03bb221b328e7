package org.theano4j.tensor;

import static org.theano4j.tensor.ErrorCase.error;
import static org.theano4j.tensor.GradCase.of;
import static org.theano4j.tensor.GradCase.s;
import static org.theano4j.tensor.In.x;
import static org.theano4j.tensor.Row.FLOATS;
import static org.theano4j.tensor.Row.row;
import static org.theano4j.tensor.TypeCase.type;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/**
 * Op-table rows for {@code pool2d} and its gradient ops: every mode with every option (odd
 * sizes, strides smaller and larger than the window, padding, {@code ignoreBorder} false),
 * on batches of 1, 3-D and 5-D inputs and strided layouts, each against a direct float64 loop
 * written here from Theano's {@code Pool.perform} (the input zero-padded, a window's range
 * clamped to the real input for every mode but {@code average_inc_pad}).
 */
final class PoolRows implements RowFamily {
  /** The option table: each is run in every mode. */
  static final List<Pool2d> OPTIONS = List.of(
      Pool2d.ws(2, 2),
      Pool2d.ws(3, 3).stride(2, 2),
      Pool2d.ws(2, 3).stride(3, 4),
      Pool2d.ws(3, 3).stride(1, 1).pad(1, 2),
      Pool2d.ws(3, 2).stride(2, 1).pad(2, 1),
      Pool2d.ws(3, 2).ignoreBorder(false),
      Pool2d.ws(4, 3).stride(3, 1).ignoreBorder(false),
      Pool2d.ws(1, 1).stride(2, 3));

  /** Small integers: many ties within a window. */
  private static final In.Values TIES = In.range(0, 3);

  @Override
  public List<Row> rows() {
    List<Row> t = new ArrayList<>();
    for (Pool2d base : OPTIONS) {
      for (PoolMode mode : PoolMode.values()) {
        Pool2d o = base.mode(mode);
        t.add(row("pool2d " + o.describeOptions(), Pool.class).dtypes(FLOATS)
            .build1(a -> T.pool2d(a, o)).ref1(a -> pool(a, o))
            .with(x(1, 1, 5, 5)).with(x(2, 3, 7, 6)).with(x(2, 3, 7, 6).transposed())
            .with(x(3, 8, 5).strided()).with(x(2, 1, 2, 6, 7).reversed())
            .with(x(2, 3, 4, 5).known()).with(x(2, 2, 0))
            // even sizes: 2x2 windows tile them exactly (the kernels' unrolled float32 path)
            .with(x(2, 2, 6, 4)).with(x(3, 4, 8)).done());
        if (mode == PoolMode.MAX) {
          t.add(row("MaxPoolGrad " + o.describeOptions(), MaxPoolGrad.class, Pool.class)
              .dtypes(FLOATS)
              .build2((a, gz) -> MaxPoolGrad.of(o, a, T.pool2d(a, o), gz))
              .ref2((a, gz) -> maxPoolGrad(a, gz, o))
              .withEach(pairs(o, false)).done());
          t.add(row("MaxPoolGrad with ties " + o.describeOptions(), MaxPoolGrad.class,
                  Pool.class).dtypes(FLOATS)
              .build2((a, gz) -> MaxPoolGrad.of(o, a, T.pool2d(a, o), gz))
              .ref2((a, gz) -> maxPoolGrad(a, gz, o))
              .withEach(pairs(o, true)).done());
          t.add(row("DownsampleFactorMaxGradGrad " + o.describeOptions(),
                  DownsampleFactorMaxGradGrad.class, Pool.class).dtypes(FLOATS)
              .build2((a, ggx) -> DownsampleFactorMaxGradGrad.of(o, a, T.pool2d(a, o), ggx))
              .ref2((a, ggx) -> maxGradGrad(a, ggx, o))
              .with(x(2, 3, 7, 6), x(2, 3, 7, 6)).with(x(3, 5, 5).values(TIES), x(3, 5, 5))
              .with(x(2, 3, 7, 6).transposed(), x(2, 3, 7, 6).strided()).done());
        } else {
          t.add(row("AveragePoolGrad " + o.describeOptions(), AveragePoolGrad.class)
              .dtypes(FLOATS)
              .build2((a, gz) -> AveragePoolGrad.of(o, a, gz))
              .ref2((a, gz) -> averagePoolGrad(a, gz, o))
              .withEach(pairs(o, false)).done());
        }
      }
    }
    // every element of a constant window is a maximum: each receives the window's gradient
    Pool2d o = Pool2d.ws(2, 2);
    t.add(row("MaxPoolGrad of a constant input", MaxPoolGrad.class, Pool.class).dtypes(FLOATS)
        .build2((a, gz) -> MaxPoolGrad.of(o, a, T.pool2d(a, o), gz))
        .ref2((a, gz) -> new RefArray(a.dtype(), a.shape(), new double[] {
            gz.data()[0], gz.data()[0], gz.data()[1], gz.data()[1],
            gz.data()[0], gz.data()[0], gz.data()[1], gz.data()[1]}))
        .with(x(2, 4).values(In.fixed(1.5)), x(1, 2)).done());
    return t;
  }

  /** (x, gz) input pairs for a gradient op: gz has the pooled shape of x. */
  private static List<List<In>> pairs(Pool2d o, boolean ties) {
    List<List<In>> v = new ArrayList<>();
    for (int[] shape : new int[][] {{1, 1, 5, 5}, {2, 3, 7, 6}, {3, 8, 5}, {2, 1, 2, 6, 7},
        {2, 2, 6, 4}}) {
      In xi = x(shape);
      if (ties) {
        xi = xi.values(TIES);
      }
      In gz = x(o.pooledShape(shape));
      v.add(List.of(xi, gz));
      if (shape.length == 4) {
        v.add(List.of(xi.transposed(), gz.strided()));
      }
    }
    return v;
  }

  /**
   * Gradient checks for every mode and option, and of the gradient ops. Max pooling is
   * checked at points without ties or near-ties (a finite difference across a tie measures
   * a jump): see {@link #separated}.
   */
  @Override
  public List<GradCase> gradChecks() {
    List<GradCase> c = new ArrayList<>();
    for (Pool2d base : OPTIONS) {
      for (PoolMode mode : PoolMode.values()) {
        Pool2d o = base.mode(mode);
        for (int[] xs : new int[][] {{2, 7, 6}, {1, 1, 5, 5}}) {
          boolean max = mode == PoolMode.MAX;
          c.add(of("pool2d " + o.describeOptions() + " rank " + xs.length,
              v -> T.pool2d(max ? separated(v.get(0), xs) : v.get(0), o)).shapes(xs));
        }
        int[] xs = {2, 7, 6};
        if (mode == PoolMode.MAX) {
          c.add(of("MaxPoolGrad " + o.describeOptions(), v -> {
            Variable x = separated(v.get(0), xs);
            return MaxPoolGrad.of(o, x, T.pool2d(x, o), v.get(1));
          }).shapes(xs, o.pooledShape(xs)));
          c.add(of("DownsampleFactorMaxGradGrad " + o.describeOptions(), v -> {
            Variable x = separated(v.get(0), xs);
            return DownsampleFactorMaxGradGrad.of(o, x, T.pool2d(x, o), v.get(1));
          }).shapes(xs, xs));
        } else {
          c.add(of("AveragePoolGrad " + o.describeOptions(),
              v -> AveragePoolGrad.of(o, v.get(0), v.get(1))).shapes(xs, o.pooledShape(xs)));
        }
      }
    }
    return c;
  }

  /**
   * {@code 0.02 x + c}, with {@code c} a fixed shuffle of {@code 4 k / n} (k below the size
   * n): for the check's points ({@code |x| < 1}) every two elements differ by more than the
   * step of a finite difference, so no window has a tie or a near-tie.
   */
  static Variable separated(Variable x, int[] shape) {
    int n = RefArray.size(shape);
    List<Double> c = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      c.add(4.0 * k / n);
    }
    java.util.Collections.shuffle(c, new java.util.Random(n));
    double[] values = c.stream().mapToDouble(Double::doubleValue).toArray();
    Variable offsets = T.constant(org.theano4j.ndarray.NDArray.of(values, shape)
        .astype(x.dtype()));
    return T.add(T.mul(x, 0.02), offsets);
  }

  @Override
  public List<ErrorCase> errors() {
    return List.of(
        error("a window of 0", () -> T.pool2d(T.dtensor4("x"), new int[] {0, 2}))
            .says("pool2d: ws must be at least 1 on each axis, got (0, 2)")
            .inputs("'x' TensorType(float64, (?, ?, ?, ?))"),
        error("a stride of 0", () -> T.pool2d(T.dtensor4("x"), Pool2d.ws(2, 2).stride(1, 0)))
            .says("pool2d: stride must be at least 1 on each axis, got (1, 0)"),
        error("negative padding", () -> T.pool2d(T.dmatrix("m"), Pool2d.ws(2, 2).pad(-1, 0)))
            .says("pool2d: pad must be non-negative, got (-1, 0)"),
        error("padding as large as the window",
            () -> T.pool2d(T.dmatrix("m"), Pool2d.ws(3, 2).pad(1, 2)))
            .says("pool2d: pad (1, 2) must be smaller than ws (3, 2) on each axis, as in "
                + "Theano"),
        error("padding without ignoreBorder",
            () -> T.pool2d(T.dmatrix("m"), Pool2d.ws(3, 3).pad(1, 1).ignoreBorder(false)))
            .says("pool2d: padding (1, 1) needs ignoreBorder true, as in Theano (expected pad "
                + "(0, 0) with ignoreBorder false)"),
        error("a vector", () -> T.pool2d(T.dvector("v"), new int[] {2, 2}))
            .says("pool2d: input needs rank at least 2 (the last two axes are pooled), "
                + "got rank 1 (?,)")
            .inputs("'v' TensorType(float64, (?,))"),
        error("an int input", () -> T.pool2d(T.itensor4("i"), new int[] {2, 2}))
            .says("pool2d: input must be float32 or float64, got int32"),
        error("MaxPoolGrad with a gz of the wrong shape",
            () -> MaxPoolGrad.of(Pool2d.ws(2, 2), T.tensor(DType.FLOAT64, new int[] {4, 6},
                "x"), T.tensor(DType.FLOAT64, new int[] {2, 3}, "m"),
                T.tensor(DType.FLOAT64, new int[] {2, 2}, "gz")))
            .says("gz must have the pooled output's type TensorType(float64, "
                + "(2, 3)), got TensorType(float64, (2, 2))"),
        error("MaxPoolGrad with a float32 maxout",
            () -> MaxPoolGrad.of(Pool2d.ws(2, 2), T.dmatrix("x"), T.fmatrix("m"),
                T.dmatrix("gz")))
            .says("maxout must have the pooled output's type TensorType(float64, (?, ?)), got "
                + "TensorType(float32, (?, ?))"),
        error("AveragePoolGrad of max pooling",
            () -> AveragePoolGrad.of(Pool2d.ws(2, 2), T.dmatrix("x"), T.dmatrix("gz")))
            .says("AveragePoolGrad is the gradient of the sum and average modes, got mode "
                + "'max' (its gradient is MaxPoolGrad)"),
        error("DownsampleFactorMaxGradGrad with a ggx of another rank",
            () -> DownsampleFactorMaxGradGrad.of(Pool2d.ws(2, 2), T.dmatrix("x"),
                T.dmatrix("m"), T.dtensor3("ggx")))
            .says("ggx must have x's type TensorType(float64, (?, ?)), got "
                + "TensorType(float64, (?, ?, ?))"));
  }

  @Override
  public List<TypeCase> types() {
    return List.of(
        type("LeNet's first pooling",
            () -> T.pool2d(T.tensor(DType.FLOAT32, new int[] {500, 20, 24, 24}, "x"),
                new int[] {2, 2}), DType.FLOAT32, 500, 20, 12, 12),
        type("odd sizes, border ignored",
            () -> T.pool2d(T.tensor(DType.FLOAT64, new int[] {3, 7, 5}, "x"),
                new int[] {2, 2}), DType.FLOAT64, 3, 3, 2),
        type("odd sizes, border kept",
            () -> T.pool2d(T.tensor(DType.FLOAT64, new int[] {3, 7, 5}, "x"),
                Pool2d.ws(2, 2).ignoreBorder(false)), DType.FLOAT64, 3, 4, 3),
        type("padding and stride",
            () -> T.pool2d(T.tensor(DType.FLOAT32, new int[] {2, 9, 8}, "x"),
                Pool2d.ws(3, 3).stride(2, 3).pad(1, 1).mode(PoolMode.AVERAGE_EXC_PAD)),
            DType.FLOAT32, 2, 5, 3),
        type("a window larger than the input",
            () -> T.pool2d(T.tensor(DType.FLOAT32, new int[] {2, 2}, "x"), new int[] {3, 3}),
            DType.FLOAT32, 0, 0),
        type("unknown dims stay unknown",
            () -> T.pool2d(T.ftensor4("x"), Pool2d.ws(2, 2).mode("sum")),
            DType.FLOAT32, -1, -1, -1, -1),
        type("MaxPoolGrad has x's type",
            () -> MaxPoolGrad.of(Pool2d.ws(2, 2), T.tensor(DType.FLOAT64, new int[] {3, 5},
                "x"), T.dmatrix("m"), T.dmatrix("gz")), DType.FLOAT64, 3, 5));
  }

  // ------------------------------------------------------------------ the reference

  /** Output length along one axis, Theano's {@code Pool.out_shape} (0 for an empty axis). */
  static int outLength(int n, int ws, int st, int pad, boolean ignoreBorder) {
    if (n == 0) {
      return 0;
    }
    if (ignoreBorder) {
      return Math.max(0, Math.floorDiv(n + 2 * pad - ws, st) + 1);
    }
    return st >= ws ? Math.floorDiv(n - 1, st) + 1
        : Math.max(0, Math.floorDiv(n - 1 - ws + st, st)) + 1;
  }

  /** A window of one output element: padded-space bounds [lo, hi) per axis, clamped or not. */
  private record Win(int rlo, int rhi, int clo, int chi) {
    static Win of(Pool2d o, int r, int c, int rows, int cols, boolean incPad) {
      int rlo = r * o.strideRows();
      int rhi = Math.min(rlo + o.wsRows(), rows + 2 * o.padRows());
      int clo = c * o.strideCols();
      int chi = Math.min(clo + o.wsCols(), cols + 2 * o.padCols());
      if (!incPad) {
        rlo = Math.max(rlo, o.padRows());
        rhi = Math.min(rhi, rows + o.padRows());
        clo = Math.max(clo, o.padCols());
        chi = Math.min(chi, cols + o.padCols());
      }
      return new Win(rlo, rhi, clo, chi);
    }

    int size() {
      return (rhi - rlo) * (chi - clo);
    }
  }

  /** Visits each (plane, output element, window) of pooling x. */
  private interface Visitor {
    void visit(int plane, int outIndex, Win w, double[] padded, int paddedCols);
  }

  private static int[] outShape(RefArray x, Pool2d o) {
    int[] s = x.shape();
    int n = s.length;
    s[n - 2] = outLength(s[n - 2], o.wsRows(), o.strideRows(), o.padRows(), o.ignoreBorder());
    s[n - 1] = outLength(s[n - 1], o.wsCols(), o.strideCols(), o.padCols(), o.ignoreBorder());
    return s;
  }

  /** Zero-pads each plane (Theano's {@code perform}) and visits every window. */
  private static void forEachWindow(RefArray x, Pool2d o, Visitor v) {
    int n = x.ndim();
    int rows = x.dim(n - 2);
    int cols = x.dim(n - 1);
    int[] os = outShape(x, o);
    int outRows = os[n - 2];
    int outCols = os[n - 1];
    int prow = rows + 2 * o.padRows();
    int pcol = cols + 2 * o.padCols();
    int planes = rows * cols == 0 ? 0 : x.size() / (rows * cols);
    for (int p = 0; p < planes; p++) {
      double[] padded = new double[prow * pcol];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          padded[(i + o.padRows()) * pcol + j + o.padCols()] = x.data()[p * rows * cols
              + i * cols + j];
        }
      }
      for (int r = 0; r < outRows; r++) {
        for (int c = 0; c < outCols; c++) {
          Win w = Win.of(o, r, c, rows, cols, o.mode() == PoolMode.AVERAGE_INC_PAD);
          v.visit(p, r * outCols + c, w, padded, pcol);
        }
      }
    }
  }

  static RefArray pool(RefArray x, Pool2d o) {
    int[] os = outShape(x, o);
    double[] out = new double[RefArray.size(os)];
    int outPlane = os[os.length - 2] * os[os.length - 1];
    forEachWindow(x, o, (p, k, w, padded, pcol) -> {
      double acc = o.mode() == PoolMode.MAX ? Double.NEGATIVE_INFINITY : 0;
      for (int i = w.rlo(); i < w.rhi(); i++) {
        for (int j = w.clo(); j < w.chi(); j++) {
          double e = padded[i * pcol + j];
          acc = o.mode() == PoolMode.MAX ? Math.max(acc, e) : acc + e;
        }
      }
      boolean average = o.mode() == PoolMode.AVERAGE_INC_PAD
          || o.mode() == PoolMode.AVERAGE_EXC_PAD;
      out[p * outPlane + k] = average ? acc / w.size() : acc;
    });
    return new RefArray(x.dtype(), os, out);
  }

  /**
   * Theano's {@code MaxPoolGrad.perform}: every element of a window equal to its maximum
   * gets the window's gz.
   */
  static RefArray maxPoolGrad(RefArray x, RefArray gz, Pool2d o) {
    RefArray max = pool(x, o);
    int n = x.ndim();
    int rows = x.dim(n - 2);
    int cols = x.dim(n - 1);
    double[] gx = new double[x.size()];
    int outPlane = max.dim(n - 2) * max.dim(n - 1);
    forEachWindow(x, o, (p, k, w, padded, pcol) -> {
      for (int i = w.rlo(); i < w.rhi(); i++) {
        for (int j = w.clo(); j < w.chi(); j++) {
          if (padded[i * pcol + j] == max.data()[p * outPlane + k]) {
            gx[p * rows * cols + (i - o.padRows()) * cols + j - o.padCols()] +=
                gz.data()[p * outPlane + k];
          }
        }
      }
    });
    return new RefArray(x.dtype(), x.shape(), gx);
  }

  /** Per window, the sum of ggx over the elements equal to the window's maximum. */
  static RefArray maxGradGrad(RefArray x, RefArray ggx, Pool2d o) {
    RefArray max = pool(x, o);
    int n = x.ndim();
    int rows = x.dim(n - 2);
    int cols = x.dim(n - 1);
    double[] out = new double[max.size()];
    int outPlane = max.dim(n - 2) * max.dim(n - 1);
    forEachWindow(x, o, (p, k, w, padded, pcol) -> {
      for (int i = w.rlo(); i < w.rhi(); i++) {
        for (int j = w.clo(); j < w.chi(); j++) {
          if (padded[i * pcol + j] == max.data()[p * outPlane + k]) {
            out[p * outPlane + k] +=
                ggx.data()[p * rows * cols + (i - o.padRows()) * cols + j - o.padCols()];
          }
        }
      }
    });
    return new RefArray(x.dtype(), max.shape(), out);
  }

  /**
   * Theano's {@code AveragePoolGrad.perform}: each window's gz (divided by the window's size
   * for the averages) added to each input element of the window, padding dropped.
   */
  static RefArray averagePoolGrad(RefArray x, RefArray gz, Pool2d o) {
    int n = x.ndim();
    int rows = x.dim(n - 2);
    int cols = x.dim(n - 1);
    int[] os = outShape(x, o);
    int outPlane = os[n - 2] * os[n - 1];
    double[] gx = new double[x.size()];
    forEachWindow(x, o, (p, k, w, padded, pcol) -> {
      double g = gz.data()[p * outPlane + k] / (o.mode() == PoolMode.SUM ? 1 : w.size());
      for (int i = w.rlo(); i < w.rhi(); i++) {
        for (int j = w.clo(); j < w.chi(); j++) {
          int ii = i - o.padRows();
          int jj = j - o.padCols();
          if (ii >= 0 && ii < rows && jj >= 0 && jj < cols) {
            gx[p * rows * cols + ii * cols + jj] += g;
          }
        }
      }
    });
    return new RefArray(x.dtype(), x.shape(), gx);
  }
}
