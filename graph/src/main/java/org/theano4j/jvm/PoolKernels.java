package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import java.util.Arrays;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
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

  /** The windows of one call: input and output plane sizes, clipped bounds, divisors. */
  private static final class Windows {
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

    Windows(Pool2d o, int[] inShape) {
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

  static NDArray[] pool(Apply node, NDArray[] in) {
    Pool2d o = ((Pool) node.op()).options();
    NDArray x = in[0];
    Windows w = new Windows(o, x.shape());
    NDArray out = NDArray.zeros(node.output(0).dtype(), o.pooledShape(x.shape()));
    int inPlane = w.inPlane();
    int outPlane = w.outPlane();
    if (outPlane == 0) {
      return new NDArray[] {out};
    }
    double[] xs = Scratch.doubles(0, inPlane);
    double[] zs = Scratch.doubles(1, outPlane);
    boolean max = o.mode() == PoolMode.MAX;
    for (int p = 0; p < w.planes; p++) {
      x.readDoubles(p * inPlane, xs, 0, inPlane);
      for (int r = 0, k = 0; r < w.outRows; r++) {
        for (int c = 0; c < w.outCols; c++, k++) {
          int j0 = w.c0[c];
          int j1 = w.c1[c];
          double acc = max ? Double.NEGATIVE_INFINITY : 0;
          for (int i = w.r0[r]; i < w.r1[r]; i++) {
            int base = i * w.cols;
            if (max) {
              for (int j = base + j0; j < base + j1; j++) {
                acc = Math.max(acc, xs[j]);
              }
            } else {
              for (int j = base + j0; j < base + j1; j++) {
                acc += xs[j];
              }
            }
          }
          zs[k] = max ? acc : acc * w.scale[k];
        }
      }
      out.writeDoubles(p * outPlane, zs, 0, outPlane);
    }
    return new NDArray[] {out};
  }

  /** gx: each window's gz added to every element equal to the window's maximum. */
  static NDArray[] maxPoolGrad(Apply node, NDArray[] in) {
    Pool2d o = ((MaxPoolGrad) node.op()).options();
    NDArray x = in[0];
    Windows w = new Windows(o, x.shape());
    checkPooled(o, x, in[1], "maxout");
    checkPooled(o, x, in[2], "gz");
    NDArray gx = NDArray.zeros(node.output(0).dtype(), x.shape());
    int inPlane = w.inPlane();
    int outPlane = w.outPlane();
    if (outPlane == 0) {
      return new NDArray[] {gx};
    }
    double[] xs = Scratch.doubles(0, inPlane);
    double[] ms = Scratch.doubles(1, outPlane);
    double[] gz = Scratch.doubles(2, outPlane);
    double[] gs = Scratch.doubles(3, inPlane);
    for (int p = 0; p < w.planes; p++) {
      x.readDoubles(p * inPlane, xs, 0, inPlane);
      in[1].readDoubles(p * outPlane, ms, 0, outPlane);
      in[2].readDoubles(p * outPlane, gz, 0, outPlane);
      Arrays.fill(gs, 0, inPlane, 0.0);
      for (int r = 0, k = 0; r < w.outRows; r++) {
        for (int c = 0; c < w.outCols; c++, k++) {
          double m = ms[k];
          double g = gz[k];
          for (int i = w.r0[r]; i < w.r1[r]; i++) {
            int base = i * w.cols;
            for (int j = base + w.c0[c]; j < base + w.c1[c]; j++) {
              if (xs[j] == m) {
                gs[j] += g;
              }
            }
          }
        }
      }
      gx.writeDoubles(p * inPlane, gs, 0, inPlane);
    }
    return new NDArray[] {gx};
  }

  /** gx: each window's gz divided by its divisor, added to each of its input elements. */
  static NDArray[] averagePoolGrad(Apply node, NDArray[] in) {
    Pool2d o = ((AveragePoolGrad) node.op()).options();
    NDArray x = in[0];
    Windows w = new Windows(o, x.shape());
    checkPooled(o, x, in[1], "gz");
    NDArray gx = NDArray.zeros(node.output(0).dtype(), x.shape());
    int inPlane = w.inPlane();
    int outPlane = w.outPlane();
    if (outPlane == 0) {
      return new NDArray[] {gx};
    }
    double[] gz = Scratch.doubles(0, outPlane);
    double[] gs = Scratch.doubles(1, inPlane);
    for (int p = 0; p < w.planes; p++) {
      in[1].readDoubles(p * outPlane, gz, 0, outPlane);
      Arrays.fill(gs, 0, inPlane, 0.0);
      for (int r = 0, k = 0; r < w.outRows; r++) {
        for (int c = 0; c < w.outCols; c++, k++) {
          double g = gz[k] * w.scale[k];
          for (int i = w.r0[r]; i < w.r1[r]; i++) {
            int base = i * w.cols;
            for (int j = base + w.c0[c]; j < base + w.c1[c]; j++) {
              gs[j] += g;
            }
          }
        }
      }
      gx.writeDoubles(p * inPlane, gs, 0, inPlane);
    }
    return new NDArray[] {gx};
  }

  /** ggz: per window, the sum of ggx over the elements equal to the window's maximum. */
  static NDArray[] maxGradGrad(Apply node, NDArray[] in) {
    Pool2d o = ((DownsampleFactorMaxGradGrad) node.op()).options();
    NDArray x = in[0];
    Windows w = new Windows(o, x.shape());
    checkPooled(o, x, in[1], "maxout");
    if (!Arrays.equals(in[2].shape(), x.shape())) {
      throw new IllegalArgumentException("ggx has shape " + Arrays.toString(in[2].shape())
          + ", expected x's shape " + Arrays.toString(x.shape()));
    }
    NDArray ggz = NDArray.zeros(node.output(0).dtype(), o.pooledShape(x.shape()));
    int inPlane = w.inPlane();
    int outPlane = w.outPlane();
    if (outPlane == 0) {
      return new NDArray[] {ggz};
    }
    double[] xs = Scratch.doubles(0, inPlane);
    double[] ms = Scratch.doubles(1, outPlane);
    double[] gg = Scratch.doubles(2, inPlane);
    double[] zs = Scratch.doubles(3, outPlane);
    for (int p = 0; p < w.planes; p++) {
      x.readDoubles(p * inPlane, xs, 0, inPlane);
      in[1].readDoubles(p * outPlane, ms, 0, outPlane);
      in[2].readDoubles(p * inPlane, gg, 0, inPlane);
      for (int r = 0, k = 0; r < w.outRows; r++) {
        for (int c = 0; c < w.outCols; c++, k++) {
          double m = ms[k];
          double acc = 0;
          for (int i = w.r0[r]; i < w.r1[r]; i++) {
            int base = i * w.cols;
            for (int j = base + w.c0[c]; j < base + w.c1[c]; j++) {
              if (xs[j] == m) {
                acc += gg[j];
              }
            }
          }
          zs[k] = acc;
        }
      }
      ggz.writeDoubles(p * outPlane, zs, 0, outPlane);
    }
    return new NDArray[] {ggz};
  }

  /** A run-time shape check of an input that must have the pooled output's shape. */
  private static void checkPooled(Pool2d o, NDArray x, NDArray v, String what) {
    int[] expected = o.pooledShape(x.shape());
    if (!Arrays.equals(v.shape(), expected)) {
      throw new IllegalArgumentException(what + " has shape " + Arrays.toString(v.shape())
          + ", expected the pooled output's shape " + Arrays.toString(expected));
    }
  }
}
