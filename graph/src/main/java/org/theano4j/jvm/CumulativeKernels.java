package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.CumOp;

/**
 * {@code cumsum} and {@code cumprod}: the axis is moved last (a view of the input and of the
 * fresh output), so each line is a run of consecutive elements in row-major order, scanned in
 * order. Floats accumulate in double precision, bool and integers exactly in 64 bits.
 */
@AutoService(KernelFamily.class)
public final class CumulativeKernels implements KernelFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public CumulativeKernels() {}

  @Override
  public void register(Registry r) {
    r.kernel(CumOp.class, InplaceInfo.NONE, CumulativeKernels::cumulative);
  }

  static NDArray[] cumulative(Apply node, NDArray[] in) {
    CumOp op = (CumOp) node.op();
    NDArray x = in[0];
    int nd = x.ndim();
    int[] order = new int[nd];
    for (int d = 0, k = 0; d < nd; d++) {
      if (d != op.axis()) {
        order[k++] = d;
      }
    }
    order[nd - 1] = op.axis();
    DType outType = op.outputDType(x.dtype());
    NDArray out = NDArray.zeros(outType, x.shape());
    NDArray src = x.dimshuffle(order);
    NDArray dst = out.dimshuffle(order);
    int len = x.shape(op.axis());
    int lines = len == 0 ? 0 : x.size() / len;
    if (outType.isDiscrete()) {
      long[] buf = new long[len];
      for (int o = 0; o < lines; o++) {
        src.readLongs(o * len, buf, 0, len);
        long acc = op.product() ? 1 : 0;
        for (int i = 0; i < len; i++) {
          acc = op.product() ? acc * buf[i] : acc + buf[i];
          buf[i] = acc;
        }
        dst.writeLongs(o * len, buf, 0, len);
      }
    } else {
      double[] buf = new double[len];
      for (int o = 0; o < lines; o++) {
        src.readDoubles(o * len, buf, 0, len);
        double acc = op.floatStart();
        for (int i = 0; i < len; i++) {
          acc = op.product() ? acc * buf[i] : acc + buf[i];
          buf[i] = acc;
        }
        dst.writeDoubles(o * len, buf, 0, len);
      }
    }
    return ArrayArena.result(out);
  }
}
