package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import java.util.Arrays;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.graph.Apply;
import org.theano4j.graph.TensorType;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Storage;
import org.theano4j.tensor.Conv2d;
import org.theano4j.tensor.Conv2dGradInputs;
import org.theano4j.tensor.Conv2dGradWeights;
import org.theano4j.tensor.Conv2dOptions;
import org.theano4j.tensor.ConvGeometry;

/**
 * {@code conv2d} and its two gradients as im2col + OpenBLAS GEMM, image by image and group by
 * group (see {@link ConvGeometry} for the column matrix). The geometry and gather table of the
 * column matrix are computed once per input shapes and kept in the node's arena ({@link Plan}),
 * so a steady-state call allocates no Java object; one native column buffer, kept with the
 * plan, is reused for every image and call (with threads, each block of images takes its own
 * per call); each image is copied into a per-thread heap buffer ({@link Scratch}), gathered
 * into a heap column matrix and handed to BLAS in one bulk copy.
 * <ul>
 *   <li>forward: {@code out[n, group] = filters[group] (og × k) · col(n, group) (k × p)};
 *   <li>gradient of the input: {@code dcol = filters[group]ᵀ · grad[n, group]}, then col2im
 *       adds each column entry into the input position it was gathered from;
 *   <li>gradient of the filters: {@code dW[group] += grad[n, group] · col(n, group)ᵀ},
 *       accumulated by BLAS ({@code beta = 1}) over the images.
 * </ul>
 * Tried and measured slower (thread CPU time, LeNet's layers at batch 500, see
 * docs/performance.md): several images per GEMM (the column matrices side by side, 2^18 or
 * 2^20 elements; conv2 forward 38 ms against 30 ms per image: the row-wise copies into the
 * wide matrix and back out cost more than the wider GEMM gains) and an im2col by runs of
 * output columns instead of the gather table (44 ms: LeNet's runs of 8 are too short).
 * Threads: with {@code -Dtheano4j.threads=N} ({@link IntraOpThreads}) the forward pass and
 * the input gradient split the batch into N blocks of images, each with its own column matrix
 * and scratch; every image is computed exactly as with one thread, so the results are the same
 * bit for bit ({@code ConvThreadsTest}). The filter gradient sums over the images in one
 * accumulation and stays on one thread (per-thread partial sums would change its rounding).
 * {@code -Dtheano4j.blas.threads=N} lets OpenBLAS use N threads inside each GEMM.
 */
@AutoService(KernelFamily.class)
public final class ConvKernels implements KernelFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public ConvKernels() {}

  @Override
  public void register(Registry r) {
    r.kernel(Conv2d.class, InplaceInfo.FRESH, ConvKernels::conv2d);
    r.kernel(Conv2dGradInputs.class, InplaceInfo.FRESH, ConvKernels::gradInputs);
    r.kernel(Conv2dGradWeights.class, InplaceInfo.FRESH, ConvKernels::gradWeights);
  }

  static NDArray[] conv2d(Apply node, NDArray[] in) {
    NDArray x = in[0].contiguous();
    NDArray f = in[1].contiguous();
    Plan plan = Plan.of(x, f, 0, 0);
    if (plan.g == null) {
      ConvGeometry g = ConvGeometry.of(x.shape(), f.shape(), ((Conv2d) node.op()).options());
      plan.set(g, x.dtype(), g.outputShape());
    }
    ConvGeometry g = plan.g;
    NDArray out = NDArray.zeros(x.dtype(), plan.outShape);
    if (out.size() == 0 || g.k() == 0) {
      return ArrayArena.result(out);
    }
    NDArray f2 = plan.filterMatrix(f);
    if (IntraOpThreads.threads() < 2) {
      forward(plan, plan.lane.bind(), plan.columns(), x, f2, out, 0, g.n());
    } else {
      IntraOpThreads.split(g.n(), (from, to) ->
          // each block of images: its own column matrix and lane (the scratch is per thread)
          forward(plan, plan.newLane(), NDArray.zeros(x.dtype(), plan.colShape), x, f2, out,
              from, to));
    }
    return ArrayArena.result(out);
  }

  /** The forward pass of images {@code [from, to)}. */
  private static void forward(Plan plan, Lane lane, NDArray col, NDArray x, NDArray f2,
      NDArray out, int from, int to) {
    ConvGeometry g = plan.g;
    int p = g.p();
    int og = g.og();
    for (int n = from; n < to; n++) {
      lane.readImage(x, n * lane.imgLen);
      for (int gr = 0; gr < g.groups(); gr++) {
        lane.im2col(plan.table, gr * g.cg() * g.h() * g.w(), col);
        Blas.gemm(rows(f2, gr * og, og), col, out, (n * g.o() + gr * og) * p);
      }
    }
  }

  static NDArray[] gradInputs(Apply node, NDArray[] in) {
    Conv2dOptions opt = ((Conv2dGradInputs) node.op()).options();
    NDArray gy = in[0].contiguous();
    NDArray f = in[1].contiguous();
    String op = "conv2d_grad_wrt_inputs";
    int h = ConvGeometry.spatialSize(op, "the input's rows", in[2].getLong());
    int w = ConvGeometry.spatialSize(op, "the input's cols", in[3].getLong());
    Plan plan = Plan.of(gy, f, h, w);
    if (plan.g == null) {
      int[] xs = {gy.shape(0), f.shape(1) * opt.numGroups(), h, w};
      ConvGeometry g = ConvGeometry.of(xs, f.shape(), opt);
      g.requireOutput(op, "grad", gy.shape());
      plan.set(g, gy.dtype(), g.inputShape());
    }
    ConvGeometry g = plan.g;
    NDArray out = NDArray.zeros(gy.dtype(), plan.outShape);
    if (out.size() == 0) {
      return ArrayArena.result(out);
    }
    NDArray f2 = plan.filterMatrix(f);
    NDArray gy2 = plan.gradMatrix(gy);
    if (IntraOpThreads.threads() < 2) {
      backward(plan, plan.lane.bind(), plan.columns(), f2, gy2, out, 0, g.n());
    } else {
      IntraOpThreads.split(g.n(), (from, to) ->
          backward(plan, plan.newLane(), NDArray.zeros(gy.dtype(), plan.colShape), f2, gy2,
              out, from, to));
    }
    return ArrayArena.result(out);
  }

  /** The input gradient of images {@code [from, to)}. */
  private static void backward(Plan plan, Lane lane, NDArray dcol, NDArray f2, NDArray gy2,
      NDArray out, int from, int to) {
    ConvGeometry g = plan.g;
    int og = g.og();
    for (int n = from; n < to; n++) {
      lane.clearImage();
      for (int gr = 0; gr < g.groups(); gr++) {
        Blas.gemm(rows(f2, gr * og, og).transpose(), rows(gy2, n * g.o() + gr * og, og),
            dcol, 0);
        lane.col2im(dcol, plan.table, gr * g.cg() * g.h() * g.w());
      }
      lane.writeImage(out, n * lane.imgLen);
    }
  }

  static NDArray[] gradWeights(Apply node, NDArray[] in) {
    Conv2dOptions opt = ((Conv2dGradWeights) node.op()).options();
    NDArray x = in[0].contiguous();
    NDArray gy = in[1].contiguous();
    String op = "conv2d_grad_wrt_weights";
    int kh = ConvGeometry.spatialSize(op, "the filters' rows", in[2].getLong());
    int kw = ConvGeometry.spatialSize(op, "the filters' cols", in[3].getLong());
    Plan plan = Plan.of(x, gy, kh, kw);
    if (plan.g == null) {
      int c = x.shape(1);
      int[] fs = {gy.shape(1),
          c % opt.numGroups() == 0 ? c / opt.numGroups() : TensorType.UNKNOWN, kh, kw};
      ConvGeometry g = ConvGeometry.of(x.shape(), fs, opt);
      g.requireOutput(op, "grad", gy.shape());
      plan.set(g, x.dtype(), g.filterShape());
    }
    ConvGeometry g = plan.g;
    NDArray out = NDArray.zeros(x.dtype(), plan.outShape);
    if (out.size() == 0 || g.n() == 0) {
      return ArrayArena.result(out);
    }
    int og = g.og();
    int k = g.k();
    NDArray col = plan.columns();
    NDArray colT = col.transpose();
    NDArray gy2 = plan.gradMatrix(gy);
    Lane lane = plan.lane.bind();
    for (int n = 0; n < g.n(); n++) {
      lane.readImage(x, n * lane.imgLen);
      for (int gr = 0; gr < g.groups(); gr++) {
        lane.im2col(plan.table, gr * g.cg() * g.h() * g.w(), col);
        Blas.gemm(rows(gy2, n * g.o() + gr * og, og), colT, out, gr * og * k, 1, n == 0 ? 0 : 1);
      }
    }
    return ArrayArena.result(out);
  }

  /** Rows {@code [from, from + count)} of a matrix (a view). */
  private static NDArray rows(NDArray m, int from, int count) {
    return m.slice(0, true, from, true, from + count, 1);
  }

  /**
   * What a node's kernel keeps between calls in its {@link ArrayArena#state}: the geometry,
   * gather table and matrix shapes of the input shapes it last saw (checked then, so a call
   * with the same shapes needs no check again) and the calling thread's {@link Lane}.
   * Outside a compiled function each call makes its own.
   */
  private static final class Plan {
    private int[] a = new int[0];
    private int[] b = new int[0];
    private int e0;
    private int e1;
    ConvGeometry g;
    int[] table;
    int[] outShape;
    int[] colShape;
    private int[] colStrides;
    /** The column matrix's buffer, reused by the calling thread on every call. */
    private Storage columns;
    private int[] filterShape;
    private int[] filterStrides;
    private int[] gradShape;
    private int[] gradStrides;
    private DType dtype;
    Lane lane;

    /**
     * The node's plan, kept if it was made for the shapes of {@code x} and {@code y} and the
     * sizes {@code e0}, {@code e1}; else one whose {@link #g} is null, to {@link #set}.
     */
    static Plan of(NDArray x, NDArray y, int e0, int e1) {
      ArrayArena arena = ArrayArena.current();
      Plan plan = arena != null && arena.state() instanceof Plan ? (Plan) arena.state() : null;
      if (plan != null && plan.g != null && plan.e0 == e0 && plan.e1 == e1
          && ElemwiseKernel.hasShape(x, plan.a)
          && ElemwiseKernel.hasShape(y, plan.b)) {
        return plan;
      }
      if (plan == null) {
        plan = new Plan();
        if (arena != null) {
          arena.state(plan);
        }
      }
      plan.g = null;
      plan.a = x.shape();
      plan.b = y.shape();
      plan.e0 = e0;
      plan.e1 = e1;
      return plan;
    }

    /** Keeps the checked geometry, the kernel's dtype and its output's shape. */
    void set(ConvGeometry geometry, DType dt, int[] out) {
      int k = geometry.k();
      int p = geometry.p();
      table = geometry.im2colTable();
      outShape = out;
      colShape = new int[] {k, p};
      colStrides = new int[] {p, 1};
      columns = null;
      filterShape = new int[] {geometry.o(), k};
      filterStrides = new int[] {k, 1};
      gradShape = new int[] {geometry.n() * geometry.o(), p};
      gradStrides = new int[] {p, 1};
      dtype = dt;
      g = geometry;
      lane = newLane();
    }

    Lane newLane() {
      return Lane.of(dtype, g.c() * g.h() * g.w(), table.length);
    }

    /**
     * The (k, p) column matrix of the calling thread, one buffer kept for every call (its
     * contents undefined: im2col and the gradient's GEMM write every element before use).
     */
    NDArray columns() {
      if (columns == null) {
        columns = Storage.allocateUninitialized(dtype, table.length);
      }
      return NDArray.view(columns, colShape, colStrides, 0);
    }

    /** The contiguous filters as the (o, k) matrix. */
    NDArray filterMatrix(NDArray f) {
      return NDArray.view(f.storage(), filterShape, filterStrides, f.offset());
    }

    /** The contiguous output gradient as the (n·o, p) matrix. */
    NDArray gradMatrix(NDArray gy) {
      return NDArray.view(gy.storage(), gradShape, gradStrides, gy.offset());
    }
  }

  /**
   * One image and one column matrix on the heap, in the kernel's dtype ({@code float[]} for
   * float32, {@code double[]} for float64, from {@link Scratch}); the native column matrix is
   * written and read in one bulk copy.
   */
  private abstract static class Lane {
    final int imgLen;
    final int colLen;

    Lane(int imgLen, int colLen) {
      this.imgLen = imgLen;
      this.colLen = colLen;
    }

    static Lane of(DType dt, int imgLen, int colLen) {
      return dt == DType.FLOAT32 ? new FloatLane(imgLen, colLen)
          : new DoubleLane(imgLen, colLen);
    }

    /** Points the lane at the current thread's scratch buffers (a kept lane, per call). */
    abstract Lane bind();

    /** Copies the contiguous array's elements {@code [start, start + imgLen)} in. */
    abstract void readImage(NDArray x, int start);

    /** Writes the image into the contiguous array at element {@code start}. */
    abstract void writeImage(NDArray out, int start);

    abstract void clearImage();

    /** {@code col[e] = image[base + table[e]]} (0 where the table says padding). */
    abstract void im2col(int[] table, int base, NDArray col);

    /** {@code image[base + table[e]] += col[e]} where the table is not padding. */
    abstract void col2im(NDArray col, int[] table, int base);
  }

  private static final class FloatLane extends Lane {
    private float[] img;
    private float[] col;

    FloatLane(int imgLen, int colLen) {
      super(imgLen, colLen);
      bind();
    }

    @Override
    Lane bind() {
      img = Scratch.floats(0, imgLen);
      col = Scratch.floats(1, colLen);
      return this;
    }

    @Override
    void readImage(NDArray x, int start) {
      x.storage().floats().get(x.offset() + start, img, 0, imgLen);
    }

    @Override
    void writeImage(NDArray out, int start) {
      out.storage().floats().put(out.offset() + start, img, 0, imgLen);
    }

    @Override
    void clearImage() {
      Arrays.fill(img, 0, imgLen, 0f);
    }

    @Override
    void im2col(int[] table, int base, NDArray dst) {
      for (int e = 0; e < colLen; e++) {
        int t = table[e];
        col[e] = t < 0 ? 0f : img[base + t];
      }
      dst.storage().floats().put(dst.offset(), col, 0, colLen);
    }

    @Override
    void col2im(NDArray src, int[] table, int base) {
      src.storage().floats().get(src.offset(), col, 0, colLen);
      for (int e = 0; e < colLen; e++) {
        int t = table[e];
        if (t >= 0) {
          img[base + t] += col[e];
        }
      }
    }
  }

  private static final class DoubleLane extends Lane {
    private double[] img;
    private double[] col;

    DoubleLane(int imgLen, int colLen) {
      super(imgLen, colLen);
      bind();
    }

    @Override
    Lane bind() {
      img = Scratch.doubles(0, imgLen);
      col = Scratch.doubles(1, colLen);
      return this;
    }

    @Override
    void readImage(NDArray x, int start) {
      x.storage().doubles().get(x.offset() + start, img, 0, imgLen);
    }

    @Override
    void writeImage(NDArray out, int start) {
      out.storage().doubles().put(out.offset() + start, img, 0, imgLen);
    }

    @Override
    void clearImage() {
      Arrays.fill(img, 0, imgLen, 0.0);
    }

    @Override
    void im2col(int[] table, int base, NDArray dst) {
      for (int e = 0; e < colLen; e++) {
        int t = table[e];
        col[e] = t < 0 ? 0.0 : img[base + t];
      }
      dst.storage().doubles().put(dst.offset(), col, 0, colLen);
    }

    @Override
    void col2im(NDArray src, int[] table, int base) {
      src.storage().doubles().get(src.offset(), col, 0, colLen);
      for (int e = 0; e < colLen; e++) {
        int t = table[e];
        if (t >= 0) {
          img[base + t] += col[e];
        }
      }
    }
  }
}
