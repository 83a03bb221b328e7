package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.CrossentropyCategorical1Hot;
import org.theano4j.tensor.Softmax;

/**
 * Softmax, log-softmax (along the last axis, max-shifted) and categorical cross-entropy,
 * whose labels follow the index rule ({@link Shapes#index}: -1 is the last class).
 */
@AutoService(KernelFamily.class)
public final class NNKernels implements KernelFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public NNKernels() {}

  @Override
  public void register(Registry r) {
    r.kernel(Softmax.class, InplaceInfo.FRESH, NNKernels::softmax);
    r.kernel(CrossentropyCategorical1Hot.class, InplaceInfo.FRESH,
        NNKernels::crossentropy);
  }

  static NDArray[] softmax(Apply node, NDArray[] in) {
    boolean log = ((Softmax) node.op()).log();
    NDArray x = in[0];
    DType dt = node.output(0).dtype();
    NDArray out = NDArray.zeros(dt, x.shape());
    Rows.forEach(x, x.shape(x.ndim() - 1), out, (row, off, cols, i) -> {
      double max = Rows.max(row, off, cols);
      double sum = Rows.sumExp(row, off, cols, max, !log);
      if (log) {
        double lse = max + Math.log(sum);
        for (int j = off; j < off + cols; j++) {
          row[j] -= lse;
        }
      } else {
        Rows.divide(row, off, cols, sum);
      }
    });
    return ArrayArena.result(out);
  }

  static NDArray[] crossentropy(Apply node, NDArray[] in) {
    NDArray p = in[0];
    NDArray y = in[1];
    int n = p.shape(0);
    int k = p.shape(1);
    if (y.shape(0) != n) {
      throw new IllegalArgumentException(n + " rows of probabilities but " + y.shape(0)
          + " labels");
    }
    NDArray out = NDArray.zeros(node.output(0).dtype(), n);
    for (int i = 0; i < n; i++) {
      out.setDouble(-Math.log(p.getDouble(i, Shapes.index(y.getLong(i), 1, k))), i);
    }
    return ArrayArena.result(out);
  }
}
