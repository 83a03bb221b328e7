package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Repeat;
import org.theano4j.tensor.Tile;

/**
 * {@code repeat} (a gather along the axis through the op's source index) and {@code tile}
 * (the input broadcast into a view of the output with each axis split in two: repetition,
 * then element).
 */
@AutoService(KernelFamily.class)
public final class RepeatKernels implements KernelFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public RepeatKernels() {}

  @Override
  public void register(Registry r) {
    r.kernel(Repeat.class, InplaceInfo.NONE, RepeatKernels::repeat);
    r.kernel(Tile.class, InplaceInfo.NONE, RepeatKernels::tile);
  }

  static NDArray[] repeat(Apply node, NDArray[] in) {
    Repeat op = (Repeat) node.op();
    NDArray x = in[0];
    int axis = op.axis();
    int[] src = op.sourceIndex(x.shape(axis), in[1].toLongArray());
    int[] shape = x.shape();
    shape[axis] = src.length;
    NDArray out = NDArray.zeros(x.dtype(), shape);
    if (out.size() > 0) {
      for (int j = 0; j < src.length; j++) {
        NDArray.copyInto(x.index(axis, src[j]), out.index(axis, j));
      }
    }
    return ArrayArena.result(out);
  }

  static NDArray[] tile(Apply node, NDArray[] in) {
    Tile op = (Tile) node.op();
    NDArray x = in[0];
    int nd = x.ndim();
    int[] outShape = op.outputShape(x.shape());
    NDArray out = NDArray.zeros(x.dtype(), outShape);
    if (out.size() == 0) {
      return ArrayArena.result(out);
    }
    int[] split = new int[2 * nd];
    int[] outStrides = new int[2 * nd];
    int[] inStrides = new int[2 * nd];
    for (int d = 0; d < nd; d++) {
      split[2 * d] = op.reps().get(d);
      split[2 * d + 1] = x.shape(d);
      outStrides[2 * d] = x.shape(d) * out.stride(d);
      outStrides[2 * d + 1] = out.stride(d);
      inStrides[2 * d + 1] = x.stride(d);
    }
    NDArray.copyInto(NDArray.view(x.storage(), split, inStrides, x.offset()),
        NDArray.view(out.storage(), split, outStrides, out.offset()));
    return ArrayArena.result(out);
  }
}
