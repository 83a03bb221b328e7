package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.AveragePoolGrad;
import org.theano4j.tensor.DownsampleFactorMaxGradGrad;
import org.theano4j.tensor.MaxPoolGrad;
import org.theano4j.tensor.Pool;
import org.theano4j.tensor.Pool2d;
import org.theano4j.tensor.PoolMode;

/**
 * {@code pool2d} and its gradient ops. The leading axes are flattened into planes of the last
 * two: each plane is read in bulk into a per-thread scratch buffer ({@link Scratch}, in
 * double precision), pooled with the window bounds computed once per call (clipped to the
 * input, so padding costs nothing), and written in bulk into the fresh output. Max pooling
 * propagates NaN as NumPy's {@code max}.
 */
@AutoService(KernelFamily.class)
public final class PoolKernels implements KernelFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public PoolKernels() {}

  @Override
  public void register(Registry r) {
    r.kernel(Pool.class, InplaceInfo.FRESH, PoolKernels::pool);
    r.kernel(MaxPoolGrad.class, InplaceInfo.FRESH, PoolKernels::maxPoolGrad);
    r.kernel(AveragePoolGrad.class, InplaceInfo.FRESH, PoolKernels::averagePoolGrad);
    r.kernel(DownsampleFactorMaxGradGrad.class, InplaceInfo.FRESH, PoolKernels::maxGradGrad);
  }

  /**
   * The windows of one input shape: input and output plane sizes, clipped bounds, divisors;
   * kept in the node's {@link ArrayArena#state} for its next call (made again when the shape
   * changes).
   */
  private static final class Windows {
    final int[] inShape;
    final int[] pooledShape;
    final int planes;
    final int rows;
    final int cols;
    final int outRows;
    final int outCols;
    final int[] r0;
    final int[] r1;
    final int[] c0;
    final int[] c1;
    /** 1 / divisor per output element of a plane (sum and averages). */
    final double[] scale;

    /** The node's kept windows if they were made for {@code x}'s shape, else new ones. */
    static Windows of(Pool2d o, NDArray x) {
      ArrayArena arena = ArrayArena.current();
      if (arena != null && arena.state() instanceof Windows) {
        Windows w = (Windows) arena.state();
        if (ElemwiseKernel.hasShape(x, w.inShape)) {
          return w;
        }
      }
      Windows w = new Windows(o, x.shape());
      if (arena != null) {
        arena.state(w);
      }
      return w;
    }

    private Windows(Pool2d o, int[] inShape) {
      this.inShape = inShape;
      pooledShape = o.pooledShape(inShape);
      int n = inShape.length;
      rows = inShape[n - 2];
      cols = inShape[n - 1];
      outRows = o.outSize(rows, 0);
      outCols = o.outSize(cols, 1);
      int p = 1;
      for (int d = 0; d < n - 2; d++) {
        p *= inShape[d];
      }
      planes = p;
      r0 = new int[outRows];
      r1 = new int[outRows];
      c0 = new int[outCols];
      c1 = new int[outCols];
      for (int r = 0; r < outRows; r++) {
        r0[r] = Math.max(o.start(r, 0), 0);
        r1[r] = Math.min(o.end(r, rows, 0), rows);
      }
      for (int c = 0; c < outCols; c++) {
        c0[c] = Math.max(o.start(c, 1), 0);
        c1[c] = Math.min(o.end(c, cols, 1), cols);
      }
      scale = new double[outRows * outCols];
      if (o.mode() != PoolMode.MAX) {
        for (int r = 0; r < outRows; r++) {
          for (int c = 0; c < outCols; c++) {
            scale[r * outCols + c] = 1.0 / o.divisor(r, c, rows, cols);
          }
        }
      }
    }

    int inPlane() {
      return rows * cols;
    }

    int outPlane() {
      return outRows * outCols;
    }
  }

  /** Elements a chunk of planes may hold (each scratch buffer stays below the kept size). */
  private static final int CHUNK = 16384;

  /** How many whole planes of {@code plane} elements one chunk reads at once (at least 1). */
  private static int planesPerChunk(int plane, int planes) {
    return Math.max(1, Math.min(planes, CHUNK / Math.max(plane, 1)));
  }

  /** Non-overlapping 2×2 windows tiling the input exactly: the LeNet case, unrolled. */
  private static boolean tiled2x2(Pool2d o, Windows w) {
    return o.wsRows() == 2 && o.wsCols() == 2 && o.strideRows() == 2 && o.strideCols() == 2
        && o.padRows() == 0 && o.padCols() == 0 && w.rows % 2 == 0 && w.cols % 2 == 0;
  }

  static NDArray[] pool(Apply node, NDArray[] in) {
    Pool2d o = ((Pool) node.op()).options();
    NDArray x = in[0];
    Windows w = Windows.of(o, x);
    NDArray out = NDArray.zeros(node.output(0).dtype(), w.pooledShape);
    int inPlane = w.inPlane();
    int outPlane = w.outPlane();
    if (outPlane == 0) {
      return ArrayArena.result(out);
    }
    int per = planesPerChunk(inPlane, w.planes);
    boolean max = o.mode() == PoolMode.MAX;
    if (max && tiled2x2(o, w) && float32(x)) {
      float[] xf = Scratch.floats(0, per * inPlane);
      float[] zf = Scratch.floats(1, per * outPlane);
      FloatBuffer xb = x.storage().floats();
      FloatBuffer ob = out.storage().floats();
      for (int p0 = 0; p0 < w.planes; p0 += per) {
        int n = Math.min(per, w.planes - p0);
        xb.get(x.offset() + p0 * inPlane, xf, 0, n * inPlane);
        for (int q = 0; q < n; q++) {
          max2x2(xf, q * inPlane, zf, q * outPlane, w);
        }
        ob.put(out.offset() + p0 * outPlane, zf, 0, n * outPlane);
      }
      return ArrayArena.result(out);
    }
    double[] xs = Scratch.doubles(0, per * inPlane);
    double[] zs = Scratch.doubles(1, per * outPlane);
    boolean fast = max && tiled2x2(o, w);
    for (int p0 = 0; p0 < w.planes; p0 += per) {
      int n = Math.min(per, w.planes - p0);
      x.readDoubles(p0 * inPlane, xs, 0, n * inPlane);
      for (int q = 0; q < n; q++) {
        int xo = q * inPlane;
        int zo = q * outPlane;
        if (fast) {
          max2x2(xs, xo, zs, zo, w);
        } else if (max) {
          maxPlane(xs, xo, zs, zo, w);
        } else {
          sumPlane(xs, xo, zs, zo, w);
        }
      }
      out.writeDoubles(p0 * outPlane, zs, 0, n * outPlane);
    }
    return ArrayArena.result(out);
  }

  private static void max2x2(double[] xs, int xo, double[] zs, int zo, Windows w) {
    int cols = w.cols;
    for (int r = 0; r < w.outRows; r++) {
      int a = xo + 2 * r * cols;
      int b = a + cols;
      int k = zo + r * w.outCols;
      for (int c = 0; c < w.outCols; c++, a += 2, b += 2) {
        // the general loop's order, so NaN and signed zeros come out the same
        zs[k + c] = Math.max(Math.max(Math.max(Math.max(Double.NEGATIVE_INFINITY, xs[a]),
            xs[a + 1]), xs[b]), xs[b + 1]);
      }
    }
  }

  /** {@link #max2x2} on float32 values (max is exact: the same values as in double). */
  private static void max2x2(float[] xs, int xo, float[] zs, int zo, Windows w) {
    int cols = w.cols;
    for (int r = 0; r < w.outRows; r++) {
      int a = xo + 2 * r * cols;
      int b = a + cols;
      int k = zo + r * w.outCols;
      for (int c = 0; c < w.outCols; c++, a += 2, b += 2) {
        zs[k + c] = Math.max(Math.max(Math.max(Math.max(Float.NEGATIVE_INFINITY, xs[a]),
            xs[a + 1]), xs[b]), xs[b + 1]);
      }
    }
  }

  /** Whether {@code a} is a contiguous float32 array, read and written as floats in bulk. */
  private static boolean float32(NDArray a) {
    return a.dtype() == DType.FLOAT32 && a.isContiguous();
  }

  /**
   * The float32 form of MaxPoolGrad's 2×2 tiled case: each element written once,
   * {@code gz + 0} (so -0.0 gives 0.0, as the general loop's sum) where it equals its
   * window's maximum, else 0.
   */
  private static void maxPoolGrad2x2(NDArray x, NDArray maxout, NDArray gzs, NDArray gx,
      Windows w) {
    int inPlane = w.inPlane();
    int outPlane = w.outPlane();
    int per = planesPerChunk(inPlane, w.planes);
    float[] xs = Scratch.floats(0, per * inPlane);
    float[] ms = Scratch.floats(1, per * outPlane);
    float[] gz = Scratch.floats(2, per * outPlane);
    float[] gs = Scratch.floats(3, per * inPlane);
    for (int p0 = 0; p0 < w.planes; p0 += per) {
      int n = Math.min(per, w.planes - p0);
      x.storage().floats().get(x.offset() + p0 * inPlane, xs, 0, n * inPlane);
      maxout.storage().floats().get(maxout.offset() + p0 * outPlane, ms, 0, n * outPlane);
      gzs.storage().floats().get(gzs.offset() + p0 * outPlane, gz, 0, n * outPlane);
      for (int q = 0; q < n; q++) {
        int xo = q * inPlane;
        int zo = q * outPlane;
        for (int r = 0; r < w.outRows; r++) {
          int a = xo + 2 * r * w.cols;
          int b = a + w.cols;
          int k = zo + r * w.outCols;
          for (int c = 0; c < w.outCols; c++, a += 2, b += 2) {
            float m = ms[k + c];
            float g = 0.0f + gz[k + c];
            gs[a] = xs[a] == m ? g : 0;
            gs[a + 1] = xs[a + 1] == m ? g : 0;
            gs[b] = xs[b] == m ? g : 0;
            gs[b + 1] = xs[b + 1] == m ? g : 0;
          }
        }
      }
      gx.storage().floats().put(gx.offset() + p0 * inPlane, gs, 0, n * inPlane);
    }
  }

  private static void maxPlane(double[] xs, int xo, double[] zs, int zo, Windows w) {
    for (int r = 0, k = zo; r < w.outRows; r++) {
      for (int c = 0; c < w.outCols; c++, k++) {
        double acc = Double.NEGATIVE_INFINITY;
        for (int i = w.r0[r]; i < w.r1[r]; i++) {
          int base = xo + i * w.cols;
          for (int j = base + w.c0[c]; j < base + w.c1[c]; j++) {
            acc = Math.max(acc, xs[j]);
          }
        }
        zs[k] = acc;
      }
    }
  }

  private static void sumPlane(double[] xs, int xo, double[] zs, int zo, Windows w) {
    for (int r = 0, k = 0; r < w.outRows; r++) {
      for (int c = 0; c < w.outCols; c++, k++) {
        double acc = 0;
        for (int i = w.r0[r]; i < w.r1[r]; i++) {
          int base = xo + i * w.cols;
          for (int j = base + w.c0[c]; j < base + w.c1[c]; j++) {
            acc += xs[j];
          }
        }
        zs[zo + k] = acc * w.scale[k];
      }
    }
  }

  /** gx: each window's gz added to every element equal to the window's maximum. */
  static NDArray[] maxPoolGrad(Apply node, NDArray[] in) {
    Pool2d o = ((MaxPoolGrad) node.op()).options();
    NDArray x = in[0];
    Windows w = Windows.of(o, x);
    checkPooled(w, in[1], "maxout");
    checkPooled(w, in[2], "gz");
    NDArray gx = NDArray.zeros(node.output(0).dtype(), w.inShape);
    int inPlane = w.inPlane();
    int outPlane = w.outPlane();
    if (outPlane == 0) {
      return ArrayArena.result(gx);
    }
    boolean fast = tiled2x2(o, w);
    if (fast && float32(x) && float32(in[1]) && float32(in[2]) && float32(gx)) {
      maxPoolGrad2x2(x, in[1], in[2], gx, w);
      return ArrayArena.result(gx);
    }
    int per = planesPerChunk(inPlane, w.planes);
    double[] xs = Scratch.doubles(0, per * inPlane);
    double[] ms = Scratch.doubles(1, per * outPlane);
    double[] gz = Scratch.doubles(2, per * outPlane);
    double[] gs = Scratch.doubles(3, per * inPlane);
    for (int p0 = 0; p0 < w.planes; p0 += per) {
      int n = Math.min(per, w.planes - p0);
      x.readDoubles(p0 * inPlane, xs, 0, n * inPlane);
      in[1].readDoubles(p0 * outPlane, ms, 0, n * outPlane);
      in[2].readDoubles(p0 * outPlane, gz, 0, n * outPlane);
      if (!fast) {
        Arrays.fill(gs, 0, n * inPlane, 0.0);
      }
      for (int q = 0; q < n; q++) {
        int xo = q * inPlane;
        int zo = q * outPlane;
        if (fast) {
          // every element is in exactly one window: written once, no accumulation
          for (int r = 0; r < w.outRows; r++) {
            int a = xo + 2 * r * w.cols;
            int b = a + w.cols;
            int k = zo + r * w.outCols;
            for (int c = 0; c < w.outCols; c++, a += 2, b += 2) {
              double m = ms[k + c];
              double g = 0.0 + gz[k + c]; // as the general loop's 0 + g (-0.0 becomes 0.0)
              gs[a] = xs[a] == m ? g : 0;
              gs[a + 1] = xs[a + 1] == m ? g : 0;
              gs[b] = xs[b] == m ? g : 0;
              gs[b + 1] = xs[b + 1] == m ? g : 0;
            }
          }
          continue;
        }
        for (int r = 0, k = zo; r < w.outRows; r++) {
          for (int c = 0; c < w.outCols; c++, k++) {
            double m = ms[k];
            double g = gz[k];
            for (int i = w.r0[r]; i < w.r1[r]; i++) {
              int base = xo + i * w.cols;
              for (int j = base + w.c0[c]; j < base + w.c1[c]; j++) {
                if (xs[j] == m) {
                  gs[j] += g;
                }
              }
            }
          }
        }
      }
      gx.writeDoubles(p0 * inPlane, gs, 0, n * inPlane);
    }
    return ArrayArena.result(gx);
  }

  /** gx: each window's gz divided by its divisor, added to each of its input elements. */
  static NDArray[] averagePoolGrad(Apply node, NDArray[] in) {
    Pool2d o = ((AveragePoolGrad) node.op()).options();
    NDArray x = in[0];
    Windows w = Windows.of(o, x);
    checkPooled(w, in[1], "gz");
    NDArray gx = NDArray.zeros(node.output(0).dtype(), w.inShape);
    int inPlane = w.inPlane();
    int outPlane = w.outPlane();
    if (outPlane == 0) {
      return ArrayArena.result(gx);
    }
    int per = planesPerChunk(inPlane, w.planes);
    double[] gz = Scratch.doubles(0, per * outPlane);
    double[] gs = Scratch.doubles(1, per * inPlane);
    for (int p0 = 0; p0 < w.planes; p0 += per) {
      int n = Math.min(per, w.planes - p0);
      in[1].readDoubles(p0 * outPlane, gz, 0, n * outPlane);
      Arrays.fill(gs, 0, n * inPlane, 0.0);
      for (int q = 0; q < n; q++) {
        int xo = q * inPlane;
        for (int r = 0, k = 0; r < w.outRows; r++) {
          for (int c = 0; c < w.outCols; c++, k++) {
            double g = gz[q * outPlane + k] * w.scale[k];
            for (int i = w.r0[r]; i < w.r1[r]; i++) {
              int base = xo + i * w.cols;
              for (int j = base + w.c0[c]; j < base + w.c1[c]; j++) {
                gs[j] += g;
              }
            }
          }
        }
      }
      gx.writeDoubles(p0 * inPlane, gs, 0, n * inPlane);
    }
    return ArrayArena.result(gx);
  }

  /** ggz: per window, the sum of ggx over the elements equal to the window's maximum. */
  static NDArray[] maxGradGrad(Apply node, NDArray[] in) {
    Pool2d o = ((DownsampleFactorMaxGradGrad) node.op()).options();
    NDArray x = in[0];
    Windows w = Windows.of(o, x);
    checkPooled(w, in[1], "maxout");
    if (!ElemwiseKernel.hasShape(in[2], w.inShape)) {
      throw new IllegalArgumentException("ggx has shape " + Arrays.toString(in[2].shape())
          + ", expected x's shape " + Arrays.toString(x.shape()));
    }
    NDArray ggz = NDArray.zeros(node.output(0).dtype(), w.pooledShape);
    int inPlane = w.inPlane();
    int outPlane = w.outPlane();
    if (outPlane == 0) {
      return ArrayArena.result(ggz);
    }
    int per = planesPerChunk(inPlane, w.planes);
    double[] xs = Scratch.doubles(0, per * inPlane);
    double[] ms = Scratch.doubles(1, per * outPlane);
    double[] gg = Scratch.doubles(2, per * inPlane);
    double[] zs = Scratch.doubles(3, per * outPlane);
    for (int p0 = 0; p0 < w.planes; p0 += per) {
      int n = Math.min(per, w.planes - p0);
      x.readDoubles(p0 * inPlane, xs, 0, n * inPlane);
      in[1].readDoubles(p0 * outPlane, ms, 0, n * outPlane);
      in[2].readDoubles(p0 * inPlane, gg, 0, n * inPlane);
      for (int q = 0; q < n; q++) {
        int xo = q * inPlane;
        for (int r = 0, k = q * outPlane; r < w.outRows; r++) {
          for (int c = 0; c < w.outCols; c++, k++) {
            double m = ms[k];
            double acc = 0;
            for (int i = w.r0[r]; i < w.r1[r]; i++) {
              int base = xo + i * w.cols;
              for (int j = base + w.c0[c]; j < base + w.c1[c]; j++) {
                if (xs[j] == m) {
                  acc += gg[j];
                }
              }
            }
            zs[k] = acc;
          }
        }
      }
      ggz.writeDoubles(p0 * outPlane, zs, 0, n * outPlane);
    }
    return ArrayArena.result(ggz);
  }

  /** A run-time shape check of an input that must have the pooled output's shape. */
  private static void checkPooled(Windows w, NDArray v, String what) {
    int[] expected = w.pooledShape;
    if (!ElemwiseKernel.hasShape(v, expected)) {
      throw new IllegalArgumentException(what + " has shape " + Arrays.toString(v.shape())
          + ", expected the pooled output's shape " + Arrays.toString(expected));
    }
  }
}
