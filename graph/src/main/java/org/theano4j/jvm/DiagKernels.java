package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Diag;
import org.theano4j.tensor.Eye;

/** {@code eye(n, m, k)} and {@code diag} (vector to matrix, matrix to its diagonal). */
@AutoService(KernelFamily.class)
public final class DiagKernels implements KernelFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public DiagKernels() {}

  @Override
  public void register(Registry r) {
    r.kernel(Eye.class, InplaceInfo.FRESH, DiagKernels::eye);
    r.kernel(Diag.class, InplaceInfo.FRESH, DiagKernels::diag);
  }

  static NDArray[] eye(Apply node, NDArray[] in) {
    int n = Eye.checkDim(in[0].getLong(), "n");
    int m = Eye.checkDim(in[1].getLong(), "m");
    long k = in[2].getLong();
    NDArray out = NDArray.zeros(node.output(0).dtype(), n, m);
    for (int i = 0; i < n; i++) {
      long j = i + k;
      if (j >= 0 && j < m) {
        out.setDouble(1, i, (int) j);
      }
    }
    return ArrayArena.result(out);
  }

  static NDArray[] diag(Apply node, NDArray[] in) {
    NDArray x = in[0];
    NDArray out;
    if (x.ndim() == 1) {
      int n = x.shape(0);
      out = NDArray.zeros(x.dtype(), n, n);
      for (int i = 0; i < n; i++) {
        copy(x, new int[] {i}, out, new int[] {i, i});
      }
    } else {
      int n = Math.min(x.shape(0), x.shape(1));
      out = NDArray.zeros(x.dtype(), n);
      for (int i = 0; i < n; i++) {
        copy(x, new int[] {i, i}, out, new int[] {i});
      }
    }
    return ArrayArena.result(out);
  }

  /** One element, exact for every dtype (int64 through longs, floats through doubles). */
  private static void copy(NDArray src, int[] from, NDArray dst, int[] to) {
    if (src.dtype().isFloat()) {
      dst.setDouble(src.getDouble(from), to);
    } else {
      dst.setLong(src.getLong(from), to);
    }
  }
}
