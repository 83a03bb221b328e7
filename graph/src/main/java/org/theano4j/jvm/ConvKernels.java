package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import java.util.Arrays;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.TensorType;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Conv2d;
import org.theano4j.tensor.Conv2dGradInputs;
import org.theano4j.tensor.Conv2dGradWeights;
import org.theano4j.tensor.Conv2dOptions;
import org.theano4j.tensor.ConvGeometry;

/**
 * {@code conv2d} and its two gradients as im2col + OpenBLAS GEMM, image by image and group by
 * group (see {@link ConvGeometry} for the column matrix). Per call, the gather table of the
 * column matrix is computed once and one native column buffer (from the function's storage
 * pool) is reused for every image; each image is copied into a per-thread heap buffer
 * ({@link Scratch}), gathered into a heap column matrix and handed to BLAS in one bulk copy.
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
    Conv2dOptions opt = ((Conv2d) node.op()).options();
    NDArray x = in[0].contiguous();
    NDArray f = in[1].contiguous();
    ConvGeometry g = ConvGeometry.of(x.shape(), f.shape(), opt);
    NDArray out = NDArray.zeros(x.dtype(), g.outputShape());
    if (out.size() == 0 || g.k() == 0) {
      return new NDArray[] {out};
    }
    int p = g.p();
    int og = g.og();
    int imgLen = g.c() * g.h() * g.w();
    int[] table = g.im2colTable();
    NDArray f2 = f.reshape(g.o(), g.k());
    IntraOpThreads.split(g.n(), (from, to) -> {
      // each block of images: its own column matrix and lane (the scratch is per thread)
      NDArray col = NDArray.zeros(x.dtype(), g.k(), p);
      Lane lane = Lane.of(x.dtype(), imgLen, table.length);
      for (int n = from; n < to; n++) {
        lane.readImage(x, n * imgLen);
        for (int gr = 0; gr < g.groups(); gr++) {
          lane.im2col(table, gr * g.cg() * g.h() * g.w(), col);
          Blas.gemm(rows(f2, gr * og, og), col, out, (n * g.o() + gr * og) * p);
        }
      }
    });
    return new NDArray[] {out};
  }

  static NDArray[] gradInputs(Apply node, NDArray[] in) {
    Conv2dOptions opt = ((Conv2dGradInputs) node.op()).options();
    NDArray gy = in[0].contiguous();
    NDArray f = in[1].contiguous();
    String op = "conv2d_grad_wrt_inputs";
    int[] xs = {gy.shape(0), f.shape(1) * opt.numGroups(),
        ConvGeometry.spatialSize(op, "the input's rows", in[2].getLong()),
        ConvGeometry.spatialSize(op, "the input's cols", in[3].getLong())};
    ConvGeometry g = ConvGeometry.of(xs, f.shape(), opt);
    g.requireOutput(op, "grad", gy.shape());
    NDArray out = NDArray.zeros(gy.dtype(), g.inputShape());
    if (out.size() == 0) {
      return new NDArray[] {out};
    }
    int p = g.p();
    int og = g.og();
    int imgLen = g.c() * g.h() * g.w();
    int[] table = g.im2colTable();
    NDArray f2 = f.reshape(g.o(), g.k());
    NDArray gy2 = gy.reshape(g.n() * g.o(), p);
    IntraOpThreads.split(g.n(), (from, to) -> {
      NDArray dcol = NDArray.zeros(gy.dtype(), g.k(), p);
      Lane lane = Lane.of(gy.dtype(), imgLen, table.length);
      for (int n = from; n < to; n++) {
        lane.clearImage();
        for (int gr = 0; gr < g.groups(); gr++) {
          Blas.gemm(rows(f2, gr * og, og).transpose(), rows(gy2, n * g.o() + gr * og, og),
              dcol, 0);
          lane.col2im(dcol, table, gr * g.cg() * g.h() * g.w());
        }
        lane.writeImage(out, n * imgLen);
      }
    });
    return new NDArray[] {out};
  }

  static NDArray[] gradWeights(Apply node, NDArray[] in) {
    Conv2dOptions opt = ((Conv2dGradWeights) node.op()).options();
    NDArray x = in[0].contiguous();
    NDArray gy = in[1].contiguous();
    String op = "conv2d_grad_wrt_weights";
    int c = x.shape(1);
    int[] fs = {gy.shape(1), c % opt.numGroups() == 0 ? c / opt.numGroups() : TensorType.UNKNOWN,
        ConvGeometry.spatialSize(op, "the filters' rows", in[2].getLong()),
        ConvGeometry.spatialSize(op, "the filters' cols", in[3].getLong())};
    ConvGeometry g = ConvGeometry.of(x.shape(), fs, opt);
    g.requireOutput(op, "grad", gy.shape());
    NDArray out = NDArray.zeros(x.dtype(), g.filterShape());
    if (out.size() == 0 || g.n() == 0) {
      return new NDArray[] {out};
    }
    int p = g.p();
    int og = g.og();
    int k = g.k();
    int imgLen = g.c() * g.h() * g.w();
    int[] table = g.im2colTable();
    NDArray col = NDArray.zeros(x.dtype(), k, p);
    NDArray colT = col.transpose();
    NDArray gy2 = gy.reshape(g.n() * g.o(), p);
    Lane lane = Lane.of(x.dtype(), imgLen, table.length);
    for (int n = 0; n < g.n(); n++) {
      lane.readImage(x, n * imgLen);
      for (int gr = 0; gr < g.groups(); gr++) {
        lane.im2col(table, gr * g.cg() * g.h() * g.w(), col);
        Blas.gemm(rows(gy2, n * g.o() + gr * og, og), colT, out, gr * og * k, 1, n == 0 ? 0 : 1);
      }
    }
    return new NDArray[] {out};
  }

  /** Rows {@code [from, from + count)} of a matrix (a view). */
  private static NDArray rows(NDArray m, int from, int count) {
    return m.slice(0, from, from + count, 1);
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
    private final float[] img;
    private final float[] col;

    FloatLane(int imgLen, int colLen) {
      super(imgLen, colLen);
      img = Scratch.floats(0, imgLen);
      col = Scratch.floats(1, colLen);
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
    private final double[] img;
    private final double[] col;

    DoubleLane(int imgLen, int colLen) {
      super(imgLen, colLen);
      img = Scratch.doubles(0, imgLen);
      col = Scratch.doubles(1, colLen);
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
