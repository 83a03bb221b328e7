package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.FillDiagonal;

/** {@code fill_diagonal(a, val)}: a copy of the matrix with its main diagonal set to val. */
@AutoService(KernelFamily.class)
public final class FillDiagonalKernels implements KernelFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public FillDiagonalKernels() {}

  @Override
  public void register(Registry r) {
    r.kernel(FillDiagonal.class, InplaceInfo.FRESH, FillDiagonalKernels::fillDiagonal);
  }

  static NDArray[] fillDiagonal(Apply node, NDArray[] in) {
    NDArray out = in[0].copy();
    // val's dtype casts safely to a's (checked when the node was built): an exact conversion
    NDArray val = in[1].astype(out.dtype());
    int n = Math.min(out.shape(0), out.shape(1));
    for (int i = 0; i < n; i++) {
      if (out.dtype().isFloat()) {
        out.setDouble(val.getDouble(), i, i);
      } else {
        out.setLong(val.getLong(), i, i);
      }
    }
    return ArrayArena.result(out);
  }
}
