package org.theano4j.cuda.lower;

import static org.theano4j.cuda.ir.Ir.call;
import static org.theano4j.cuda.ir.Ir.convert;
import static org.theano4j.cuda.ir.Ir.load;
import static org.theano4j.cuda.ir.Ir.var;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.theano4j.cuda.ir.Expr;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.ir.Param;
import org.theano4j.cuda.ir.Stmt;
import org.theano4j.cuda.ir.Types;
import org.theano4j.graph.Apply;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.Scalar;

/**
 * One strided copy between two views of the same shape, {@code dst[c] = src[c]} converted to
 * the destination's dtype (NumPy's {@code astype}), or {@code dst[c] += src[c]} computed in
 * int64 when both are discrete, else in float64 (the JVM backend's accumulation). A thread per
 * element; the destination view must not overlap itself (a basic slice of a fresh array), so
 * threads never write the same element and the result is deterministic. The source may
 * broadcast (stride 0).
 */
final class CopyKernel {
  private final Kernel kernel;
  private final int rank;

  CopyKernel(Apply node, String name, DType src, DType dst, int rank, boolean accumulate,
      String what) {
    this.rank = rank;
    Gen g = new Gen();
    Param out = g.buffer("out", dst, accumulate ? Param.Access.READ_WRITE : Param.Access.WRITE);
    Param in = g.buffer("in", src, Param.Access.READ);
    Expr n = g.value("n");
    List<Expr> shape = g.values("shape", rank);
    List<Expr> dstStride = g.values("dst_stride", rank);
    List<Expr> srcStride = g.values("src_stride", rank);
    List<Stmt> body = new ArrayList<>(Gen.decode(var("i"), shape, "c"));
    List<Expr> coords = Gen.coords("c", rank);
    body.add(new Stmt.Declare("d", Types.INDEX,
        Gen.offset(coords, dstStride)));
    Expr value = load(in, Gen.offset(coords, srcStride));
    if (accumulate) {
      DType lane = src.isDiscrete() && dst.isDiscrete() ? DType.INT64 : DType.FLOAT64;
      value = call(Scalar.ADD, lane, load(out, var("d")), value);
    }
    body.add(new Stmt.Store(out.name(), var("d"), convert(value, dst)));
    this.kernel = g.kernel(name, Gen.comment(node) + "\n  " + what + ": "
        + (accumulate ? "dst += src" : "dst = src") + ", a thread per element, strided",
        List.of(Gen.gridStride("i", n, body)));
  }

  Kernel kernel() {
    return kernel;
  }

  /**
   * Launches the copy over {@code dst}'s shape; {@code srcStrides} are the source's strides
   * for that shape (0 along broadcast axes). Nothing is launched for an empty destination.
   */
  void run(Device device, ArrayRef src, int[] srcStrides, ArrayRef dst) {
    if (dst.ndim() != rank || srcStrides.length != rank) {
      throw new IllegalStateException("copy kernel " + kernel.name() + " is for rank " + rank
          + ", got " + dst + " from " + src + " strides " + Arrays.toString(srcStrides));
    }
    int n = dst.size();
    if (n == 0) {
      return;
    }
    List<Object> args = new ArrayList<>(List.of(dst, src, n));
    for (int s : dst.shape()) {
      args.add(s);
    }
    for (int s : dst.strides()) {
      args.add(s);
    }
    for (int s : srcStrides) {
      args.add(s);
    }
    device.launch(kernel, ElemwiseKernels.grid(n), args);
  }

  /** Copies {@code src} (same shape) into {@code dst}. */
  void run(Device device, ArrayRef src, ArrayRef dst) {
    run(device, src, src.strides(), dst);
  }

  /** A fresh row-major copy of {@code src} in {@code dtype}. */
  ArrayRef copyOf(Device device, ArrayRef src, DType dtype) {
    ArrayRef out = device.allocate(dtype, src.shape());
    run(device, src, out);
    return out;
  }

  /**
   * The strides of {@code y} broadcast (NumPy rules: right-aligned, length-1 axes repeat) to
   * {@code target}; the error names {@code what} and both shapes, as the JVM backend's does.
   */
  static int[] broadcastStrides(ArrayRef y, int[] target, String what) {
    int lead = target.length - y.ndim();
    boolean ok = lead >= 0;
    int[] s = new int[target.length];
    for (int d = 0; ok && d < y.ndim(); d++) {
      int ys = y.shape()[d];
      ok = ys == 1 || ys == target[lead + d];
      s[lead + d] = ys == 1 ? 0 : y.strides()[d];
    }
    if (!ok) {
      throw new IllegalArgumentException(what + " of shape " + Arrays.toString(y.shape())
          + " does not broadcast to shape " + Arrays.toString(target));
    }
    return s;
  }
}
