package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.ArgReduce;
import org.theano4j.tensor.Reduce;
import org.theano4j.tensor.ReduceKind;

/**
 * Reductions: the reduced axes are moved last (a view), so each output element reduces one
 * run of consecutive elements in row-major order. Floats accumulate in double precision;
 * integer sums and products are exact in 64 bits.
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
    List<Integer> kept = new ArrayList<>();
    NDArray v = moveLast(x, op.axes(), kept);
    int outer = 1;
    for (int s : kept) {
      outer *= s;
    }
    int inner = outer == 0 ? 0 : x.size() / Math.max(outer, 1);
    if (outer == 0) {
      inner = Shapes.product(x.shape(), op.axes());
    }
    int[] outShape = new int[op.keepdims() ? x.ndim() : kept.size()];
    for (int d = 0, k = 0; d < x.ndim(); d++) {
      if (!op.axes().contains(d)) {
        outShape[op.keepdims() ? d : k] = x.shape(d);
        k++;
      } else if (op.keepdims()) {
        outShape[d] = 1;
      }
    }
    ReduceKind kind = op.kind();
    op.checkSelection(x.shape());
    DType outType = kind.outputDType(x.dtype());
    NDArray out = NDArray.zeros(outType, outShape);
    boolean exact = x.dtype().isDiscrete() && kind != ReduceKind.MEAN;
    int chunk = Math.min(ElemwiseKernel.CHUNK, Math.max(inner, 1));
    if (exact) {
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
    } else {
      double[] buf = Scratch.doubles(0, chunk);
      double[] res = Scratch.doubles(1, Math.max(outer, 1));
      for (int o = 0; o < outer; o++) {
        double acc = initDouble(kind);
        for (int s = 0; s < inner; s += chunk) {
          int m = Math.min(chunk, inner - s);
          v.readDoubles(o * inner + s, buf, 0, m);
          acc = accumulate(kind, acc, buf, m);
        }
        res[o] = kind == ReduceKind.MEAN ? acc / inner : acc;
      }
      out.writeDoubles(0, res, 0, outer);
    }
    return new NDArray[] {out};
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
    return new NDArray[] {out};
  }
}
