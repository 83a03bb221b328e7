package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.CrossentropySoftmax1Hot;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.Gemm;
import org.theano4j.tensor.CrossentropySoftmax1HotWithSoftmax;

/**
 * Kernels of the ops the optimiser introduces: {@link Gemm} (one BLAS call with bias) and
 * {@link CrossentropySoftmax1Hot} (stable per-row loss from logits); {@link #gemm} is also
 * Gemm's in-place kernel ({@link Kernels}).
 */
@AutoService(KernelFamily.class)
public final class FusedKernels implements KernelFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public FusedKernels() {}

  @Override
  public void register(Registry r) {
    // GEMM may write into its bias (input 2).
    r.kernel(Gemm.class, InplaceInfo.overwrites(2), (node, in) -> gemm(node, in, -1),
        FusedKernels::gemm);
    r.kernel(CrossentropySoftmax1Hot.class, InplaceInfo.FRESH,
        FusedKernels::crossentropySoftmax);
    r.kernel(CrossentropySoftmax1HotWithSoftmax.class, InplaceInfo.FRESH,
        FusedKernels::crossentropySoftmax);
  }

  /** {@code alpha·x·y + beta·z}; with {@code destroy == 2} the result may overwrite z. */
  static NDArray[] gemm(Apply node, NDArray[] in, int destroy) {
    NDArray x = in[0];
    NDArray y = in[1];
    NDArray z = in[2];
    if (x.shape(1) != y.shape(0)) {
      throw new IllegalArgumentException("inner dimensions differ: "
          + java.util.Arrays.toString(x.shape()) + " · " + java.util.Arrays.toString(y.shape()));
    }
    int[] shape = ArrayArena.scratchInts(0, 2);
    shape[0] = x.shape(0);
    shape[1] = y.shape(1);
    DType dt = node.output(0).dtype();
    NDArray c;
    if (destroy == 2 && ElemwiseKernel.reusable(z, dt, shape)) {
      c = z;
    } else {
      c = NDArray.uninitialized(dt, shape); // the bias's copy writes every element
      NDArray.copyInto(broadcastBias(node, z, shape), c);
    }
    Blas.gemm(x, y, c, c.offset(), in[3].getDouble(), in[4].getDouble());
    return ArrayArena.result(c);
  }

  private static NDArray broadcastBias(Apply node, NDArray z, int[] shape) {
    int lead = 2 - z.ndim();
    for (int d = 0; d < z.ndim(); d++) {
      if (z.shape(d) != shape[lead + d] && !node.input(2).type().isBroadcastable(d)) {
        throw new IllegalArgumentException("bias of shape " + java.util.Arrays.toString(
            z.shape()) + " does not match the product's shape "
            + java.util.Arrays.toString(shape));
      }
    }
    return z.broadcastTo(shape);
  }

  /**
   * The per-row loss {@code logsumexp(z[i]) - z[i, y[i]]} (labels by the index rule,
   * {@link Shapes#index}), and for
   * {@link CrossentropySoftmax1HotWithSoftmax} also the softmax, from one pass over each row.
   */
  static NDArray[] crossentropySoftmax(Apply node, NDArray[] in) {
    NDArray z = in[0];
    NDArray y = in[1];
    int n = z.shape(0);
    int k = z.shape(1);
    if (y.shape(0) != n) {
      throw new IllegalArgumentException(n + " rows of logits but " + y.shape(0) + " labels");
    }
    boolean withSoftmax = node.outputs().size() == 2;
    int[] shape = ArrayArena.scratchInts(0, 2);
    shape[0] = n;
    shape[1] = k;
    int[] rowsShape = ArrayArena.scratchInts(1, 1);
    rowsShape[0] = n;
    NDArray out = NDArray.zeros(node.output(0).dtype(), rowsShape);
    NDArray soft = withSoftmax ? NDArray.zeros(node.output(1).dtype(), shape) : null;
    ArrayArena arena = ArrayArena.current();
    CrossentropyRows rows = arena != null && arena.state() instanceof CrossentropyRows
        ? (CrossentropyRows) arena.state() : new CrossentropyRows();
    if (arena != null) {
      arena.state(rows);
    }
    rows.labels = Scratch.longs(0, n);
    y.readLongs(0, rows.labels, 0, n);
    rows.loss = Scratch.doubles(1, n);
    rows.withSoftmax = withSoftmax;
    Rows.forEach(z, k, soft, rows);
    out.writeDoubles(0, rows.loss, 0, n);
    rows.labels = null;
    rows.loss = null;
    return withSoftmax ? ArrayArena.result(out, soft) : ArrayArena.result(out);
  }

  /** The per-row loss (and softmax) of one call; kept per node so that a call makes none. */
  private static final class CrossentropyRows implements Rows.Visitor {
    long[] labels;
    double[] loss;
    boolean withSoftmax;

    @Override
    public void row(double[] row, int off, int cols, int i) {
      int label = Shapes.index(labels[i], 1, cols);
      double max = Rows.max(row, off, cols);
      double picked = row[off + label];
      double sum = Rows.sumExp(row, off, cols, max, withSoftmax);
      loss[i] = max + Math.log(sum) - picked;
      if (withSoftmax) {
        Rows.divide(row, off, cols, sum);
      }
    }
  }

  /**
   * Throws the error {@code node} would throw on {@code in}, without computing anything: the
   * interpreter checks every step that overwrites a shared value before running any of them.
   */
  static void precheck(Apply node, NDArray[] in) {
    if (node.op() instanceof Elemwise) {
      ElemwiseKernel.broadcastShape(node, in,
          ArrayArena.scratchInts(0, node.output(0).ndim()));
    } else if (node.op() instanceof Gemm) {
      if (in[0].shape(1) != in[1].shape(0)) {
        throw new IllegalArgumentException("inner dimensions differ: "
            + java.util.Arrays.toString(in[0].shape()) + " · "
            + java.util.Arrays.toString(in[1].shape()));
      }
      int[] shape = ArrayArena.scratchInts(0, 2);
      shape[0] = in[0].shape(0);
      shape[1] = in[1].shape(1);
      broadcastBias(node, in[2], shape);
    }
  }
}
