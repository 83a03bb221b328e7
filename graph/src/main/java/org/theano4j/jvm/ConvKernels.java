package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
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
 * {@code conv2d} and its two gradients as im2col + OpenBLAS GEMM (see {@link ConvGeometry}
 * for the column matrix), several images per GEMM ({@link #chunk}: the column matrices of
 * consecutive images side by side, {@code k × (images · p)}) and group by group. Per call,
 * the gather table of the column matrix is computed once and the native column buffer (from
 * the function's storage pool) is reused for every chunk; each image is copied into a
 * per-thread heap buffer ({@link Scratch}), gathered into a heap column matrix and copied
 * into the native one row by row.
 * <ul>
 *   <li>forward: {@code out[group] = filters[group] (og × k) · col (k × images · p)}, then
 *       each image's {@code p}-runs are copied into the {@code (n, o, rows, cols)} output;
 *   <li>gradient of the input: the output gradient of the chunk laid out {@code (o, images ·
 *       p)}, {@code dcol = filters[group]ᵀ · grad[group]}, then col2im adds each column entry
 *       into the input position it was gathered from;
 *   <li>gradient of the filters: {@code dW[group] += grad[group] · colᵀ}, accumulated by BLAS
 *       ({@code beta = 1}) over the chunks.
 * </ul>
 * One thread: the project has no intra-op thread setting, so the batch is not split across
 * threads; {@code -Dtheano4j.blas.threads=N} lets OpenBLAS use N threads inside each GEMM.
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

  /**
   * Images per GEMM: as many as keep a column matrix ({@code k × images · p}) within
   * {@code -Dtheano4j.conv.chunkElements} (default {@value #CHUNK_ELEMENTS}, 1 MiB of float32)
   * elements, at least one. Wider products keep OpenBLAS efficient where one image's product
   * is small (LeNet's second layer: 50 × 500 times 500 × 64); a bound keeps the buffers in
   * cache.
   */
  private static int chunk(ConvGeometry g) {
    long perImage = Math.max(1L, (long) g.k() * g.p());
    long limit = Long.getLong("theano4j.conv.chunkElements", CHUNK_ELEMENTS);
    return (int) Math.max(1, Math.min(g.n(), limit / perImage));
  }

  private static final int CHUNK_ELEMENTS = 1 << 18;

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
    int o = g.o();
    int chunk = chunk(g);
    int[] table = g.im2colTable();
    NDArray col = NDArray.zeros(x.dtype(), g.k(), chunk * p);
    NDArray prod = chunk > 1 ? NDArray.zeros(x.dtype(), o * chunk * p) : null;
    NDArray f2 = f.reshape(o, g.k());
    Lane lane = Lane.of(x.dtype(), g, table.length);
    for (int n0 = 0; n0 < g.n(); n0 += chunk) {
      int b = Math.min(chunk, g.n() - n0);
      NDArray cols = columns(col, b * p);
      for (int gr = 0; gr < g.groups(); gr++) {
        for (int i = 0; i < b; i++) {
          lane.readImage(x, n0 + i);
          lane.im2col(table, gr, col, i * p);
        }
        if (b == 1) {
          Blas.gemm(rows(f2, gr * og, og), cols, out, (n0 * o + gr * og) * p);
        } else {
          Blas.gemm(rows(f2, gr * og, og), cols, prod, gr * og * b * p);
        }
      }
      if (b > 1) {
        // prod is (o, b, p): image i's output is the p-runs (oc, i) for every channel oc
        for (int oc = 0; oc < o; oc++) {
          for (int i = 0; i < b; i++) {
            lane.copy(prod, (oc * b + i) * p, out, ((n0 + i) * o + oc) * p, p);
          }
        }
      }
    }
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
    int k = g.k();
    int chunk = chunk(g);
    int[] table = g.im2colTable();
    NDArray dcol = NDArray.zeros(gy.dtype(), k * chunk * p);
    NDArray grad = NDArray.zeros(gy.dtype(), g.o() * chunk * p);
    NDArray f2 = f.reshape(g.o(), k);
    Lane lane = Lane.of(gy.dtype(), g, table.length);
    for (int n0 = 0; n0 < g.n(); n0 += chunk) {
      int b = Math.min(chunk, g.n() - n0);
      NDArray gyc = byChannel(lane, gy, g, n0, b, grad);
      for (int gr = 0; gr < g.groups(); gr++) {
        Blas.gemm(rows(f2, gr * og, og).transpose(), rows(gyc, gr * og, og), dcol, 0);
        for (int i = 0; i < b; i++) {
          if (gr == 0) {
            lane.clearImage();
          } else {
            lane.readImage(out, n0 + i);
          }
          lane.col2im(dcol, i * p, b * p, table, gr);
          lane.writeImage(out, n0 + i);
        }
      }
    }
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
    int chunk = chunk(g);
    int[] table = g.im2colTable();
    NDArray col = NDArray.zeros(x.dtype(), k, chunk * p);
    NDArray grad = NDArray.zeros(x.dtype(), g.o() * chunk * p);
    Lane lane = Lane.of(x.dtype(), g, table.length);
    for (int n0 = 0; n0 < g.n(); n0 += chunk) {
      int b = Math.min(chunk, g.n() - n0);
      NDArray gyc = byChannel(lane, gy, g, n0, b, grad);
      NDArray colT = columns(col, b * p).transpose();
      for (int gr = 0; gr < g.groups(); gr++) {
        for (int i = 0; i < b; i++) {
          lane.readImage(x, n0 + i);
          lane.im2col(table, gr, col, i * p);
        }
        Blas.gemm(rows(gyc, gr * og, og), colT, out, gr * og * k, 1, n0 == 0 ? 0 : 1);
      }
    }
    return new NDArray[] {out};
  }

  /** The first {@code width} columns of the column matrix (a view). */
  private static NDArray columns(NDArray col, int width) {
    return col.slice(1, 0, width, 1);
  }

  /** A contiguous {@code rows × cols} matrix over {@code flat} from element {@code offset}. */
  private static NDArray matrix(NDArray flat, int offset, int rows, int cols) {
    return NDArray.view(flat.storage(), new int[] {rows, cols}, new int[] {cols, 1},
        flat.offset() + offset);
  }

  /**
   * The output gradient of images {@code [n0, n0 + b)} laid out {@code (o, b · p)} in
   * {@code buf}, so each group's channels are one matrix for BLAS.
   */
  private static NDArray byChannel(Lane lane, NDArray gy, ConvGeometry g, int n0, int b,
      NDArray buf) {
    int p = g.p();
    int o = g.o();
    for (int oc = 0; oc < o; oc++) {
      for (int i = 0; i < b; i++) {
        lane.copy(gy, ((n0 + i) * o + oc) * p, buf, (oc * b + i) * p, p);
      }
    }
    return matrix(buf, 0, o, b * p);
  }

  /** Rows {@code [from, from + count)} of a matrix (a view). */
  private static NDArray rows(NDArray m, int from, int count) {
    return m.slice(0, from, from + count, 1);
  }

  /**
   * One image and one image's column matrix on the heap, in the kernel's dtype
   * ({@code float[]} for float32, {@code double[]} for float64, from {@link Scratch}); native
   * arrays are read and written in bulk copies, a column matrix row by row (its rows are
   * {@code p}-runs of a wider matrix holding several images).
   */
  private abstract static class Lane {
    final int imgLen;
    final int groupLen;
    final int colLen;
    final int p;

    Lane(ConvGeometry g, int colLen) {
      this.imgLen = g.c() * g.h() * g.w();
      this.groupLen = g.cg() * g.h() * g.w();
      this.colLen = colLen;
      this.p = g.p();
    }

    static Lane of(DType dt, ConvGeometry g, int colLen) {
      return dt == DType.FLOAT32 ? new FloatLane(g, colLen) : new DoubleLane(g, colLen);
    }

    /** Reads image {@code n} of the contiguous {@code (n, c, h, w)} array. */
    abstract void readImage(NDArray x, int n);

    /** Writes the image as image {@code n} of the contiguous array. */
    abstract void writeImage(NDArray out, int n);

    abstract void clearImage();

    /**
     * Gathers group {@code group}'s column matrix of the image ({@code col[e] =
     * image[table[e]]}, 0 for padding) into rows of {@code dst} from column {@code at}.
     */
    abstract void im2col(int[] table, int group, NDArray dst, int at);

    /**
     * Adds the column matrix in {@code src} (rows {@code rowStride} apart, from column
     * {@code at}) into group {@code group} of the image: {@code image[table[e]] += col[e]}.
     */
    abstract void col2im(NDArray src, int at, int rowStride, int[] table, int group);

    /** Copies {@code len} elements between contiguous arrays of the lane's dtype. */
    abstract void copy(NDArray src, int from, NDArray dst, int to, int len);
  }
  private static final class FloatLane extends Lane {
    private final float[] img;
    private final float[] col;

    FloatLane(ConvGeometry g, int colLen) {
      super(g, colLen);
      img = Scratch.floats(0, imgLen);
      col = Scratch.floats(1, colLen);
    }

    @Override
    void readImage(NDArray x, int n) {
      x.storage().floats().get(x.offset() + n * imgLen, img, 0, imgLen);
    }

    @Override
    void writeImage(NDArray out, int n) {
      out.storage().floats().put(out.offset() + n * imgLen, img, 0, imgLen);
    }

    @Override
    void clearImage() {
      Arrays.fill(img, 0, imgLen, 0f);
    }

    @Override
    void im2col(int[] table, int group, NDArray dst, int at) {
      int base = group * groupLen;
      for (int e = 0; e < colLen; e++) {
        int t = table[e];
        col[e] = t < 0 ? 0f : img[base + t];
      }
      FloatBuffer d = dst.storage().floats();
      int stride = dst.stride(0);
      for (int r = 0, e = 0; e < colLen; r++, e += p) {
        d.put(dst.offset() + r * stride + at, col, e, p);
      }
    }

    @Override
    void col2im(NDArray src, int at, int rowStride, int[] table, int group) {
      FloatBuffer s = src.storage().floats();
      for (int r = 0, e = 0; e < colLen; r++, e += p) {
        s.get(src.offset() + r * rowStride + at, col, e, p);
      }
      int base = group * groupLen;
      for (int e = 0; e < colLen; e++) {
        int t = table[e];
        if (t >= 0) {
          img[base + t] += col[e];
        }
      }
    }

    @Override
    void copy(NDArray src, int from, NDArray dst, int to, int len) {
      dst.storage().floats().put(dst.offset() + to, src.storage().floats(), src.offset() + from,
          len);
    }
  }

  private static final class DoubleLane extends Lane {
    private final double[] img;
    private final double[] col;

    DoubleLane(ConvGeometry g, int colLen) {
      super(g, colLen);
      img = Scratch.doubles(0, imgLen);
      col = Scratch.doubles(1, colLen);
    }

    @Override
    void readImage(NDArray x, int n) {
      x.storage().doubles().get(x.offset() + n * imgLen, img, 0, imgLen);
    }

    @Override
    void writeImage(NDArray out, int n) {
      out.storage().doubles().put(out.offset() + n * imgLen, img, 0, imgLen);
    }

    @Override
    void clearImage() {
      Arrays.fill(img, 0, imgLen, 0.0);
    }

    @Override
    void im2col(int[] table, int group, NDArray dst, int at) {
      int base = group * groupLen;
      for (int e = 0; e < colLen; e++) {
        int t = table[e];
        col[e] = t < 0 ? 0.0 : img[base + t];
      }
      DoubleBuffer d = dst.storage().doubles();
      int stride = dst.stride(0);
      for (int r = 0, e = 0; e < colLen; r++, e += p) {
        d.put(dst.offset() + r * stride + at, col, e, p);
      }
    }

    @Override
    void col2im(NDArray src, int at, int rowStride, int[] table, int group) {
      DoubleBuffer s = src.storage().doubles();
      for (int r = 0, e = 0; e < colLen; r++, e += p) {
        s.get(src.offset() + r * rowStride + at, col, e, p);
      }
      int base = group * groupLen;
      for (int e = 0; e < colLen; e++) {
        int t = table[e];
        if (t >= 0) {
          img[base + t] += col[e];
        }
      }
    }

    @Override
    void copy(NDArray src, int from, NDArray dst, int to, int len) {
      dst.storage().doubles().put(dst.offset() + to, src.storage().doubles(),
          src.offset() + from, len);
    }
  }
}
