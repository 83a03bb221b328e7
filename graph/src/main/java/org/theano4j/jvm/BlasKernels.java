package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.BatchedDot;
import org.theano4j.tensor.Dot;

/**
 * Dot and BatchedDot. Float types go to {@link Blas}; integer types use exact 64-bit loops.
 * Vectors are treated as 1-row or 1-column matrices.
 */
@AutoService(KernelFamily.class)
public final class BlasKernels implements KernelFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public BlasKernels() {}

  @Override
  public void register(Registry r) {
    r.kernel(Dot.class, InplaceInfo.FRESH, BlasKernels::dot);
    r.kernel(BatchedDot.class, InplaceInfo.FRESH, BlasKernels::batchedDot);
  }

  static NDArray[] dot(Apply node, NDArray[] in) {
    DType dt = node.output(0).dtype();
    NDArray a = in[0].dtype() == dt ? in[0] : in[0].astype(dt);
    NDArray b = in[1].dtype() == dt ? in[1] : in[1].astype(dt);
    NDArray a2 = a.ndim() == 1 ? a.dimshuffle(-1, 0) : a;
    NDArray b2 = b.ndim() == 1 ? b.dimshuffle(0, -1) : b;
    if (a2.shape(1) != b2.shape(0)) {
      throw new IllegalArgumentException("inner dimensions differ: "
          + java.util.Arrays.toString(a.shape()) + " · " + java.util.Arrays.toString(b.shape()));
    }
    // matmul writes every element (BLAS with beta 0 does not read c): no zeroing pass
    int[] cShape = ArrayArena.scratchInts(0, 2);
    cShape[0] = a2.shape(0);
    cShape[1] = b2.shape(1);
    NDArray c = NDArray.uninitialized(dt, cShape);
    matmul(a2, b2, c, 0);
    int[] shape;
    if (a.ndim() == 1 && b.ndim() == 1) {
      shape = new int[0];
    } else if (a.ndim() == 1) {
      shape = new int[] {b.shape(1)};
    } else if (b.ndim() == 1) {
      shape = new int[] {a.shape(0)};
    } else {
      return ArrayArena.result(c);
    }
    return ArrayArena.result(c.reshape(shape));
  }

  /** {@code c[cOffset..] = a · b} for 2-D operands of c's dtype. */
  private static void matmul(NDArray a, NDArray b, NDArray c, int cOffset) {
    if (c.dtype().isFloat()) {
      Blas.gemm(a, b, c, cOffset);
      return;
    }
    int m = a.shape(0);
    int k = a.shape(1);
    int n = b.shape(1);
    long[] row = new long[k];
    long[] col = new long[k];
    long[] bt = b.transpose().copy().toLongArray();
    for (int i = 0; i < m; i++) {
      a.index(0, i).readLongs(0, row, 0, k);
      for (int j = 0; j < n; j++) {
        System.arraycopy(bt, j * k, col, 0, k);
        long s = 0;
        for (int t = 0; t < k; t++) {
          s += row[t] * col[t];
        }
        c.storage().setLong(cOffset + i * n + j, s);
      }
    }
  }

  static NDArray[] batchedDot(Apply node, NDArray[] in) {
    DType dt = node.output(0).dtype();
    NDArray a = in[0].dtype() == dt ? in[0] : in[0].astype(dt);
    NDArray b = in[1].dtype() == dt ? in[1] : in[1].astype(dt);
    if (a.shape(0) != b.shape(0) || a.shape(2) != b.shape(1)) {
      throw new IllegalArgumentException("batched shapes do not match: "
          + java.util.Arrays.toString(a.shape()) + " and " + java.util.Arrays.toString(b.shape()));
    }
    int batch = a.shape(0);
    int m = a.shape(1);
    int n = b.shape(2);
    NDArray c = NDArray.zeros(dt, batch, m, n);
    for (int i = 0; i < batch; i++) {
      matmul(a.index(0, i), b.index(0, i), c, i * m * n);
    }
    return ArrayArena.result(c);
  }
}
