package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import java.nio.FloatBuffer;
import java.util.List;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.IncSubtensor;
import org.theano4j.tensor.IndexEntry;
import org.theano4j.tensor.Subtensor;

/**
 * Basic indexing with run-time scalar bounds, as Python's: {@code Subtensor} returns a view of
 * its input; {@code IncSubtensor} returns a copy of {@code x} with the selected region set to,
 * or incremented by, {@code y} broadcast to the region, or writes into {@code x} itself where
 * the in-place plan allows (a chain of gradient increments into one zeros array).
 */
@AutoService(KernelFamily.class)
public final class IndexKernels implements KernelFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public IndexKernels() {}

  @Override
  public void register(Registry r) {
    r.kernel(Subtensor.class, InplaceInfo.NONE, IndexKernels::subtensor);
    r.kernel(IncSubtensor.class, InplaceInfo.overwrites(0), IndexKernels::incSubtensor,
        IndexKernels::incSubtensor);
  }

  static NDArray[] subtensor(Apply node, NDArray[] in) {
    List<IndexEntry> entries = ((Subtensor) node.op()).entries();
    return ShapeKernels.one(select(in[0], entries, in, 1));
  }

  static NDArray[] incSubtensor(Apply node, NDArray[] in) {
    return incSubtensor(node, in, -1);
  }

  /** With {@code destroy == 0} the result is written into {@code x} when its layout fits. */
  static NDArray[] incSubtensor(Apply node, NDArray[] in, int destroy) {
    IncSubtensor op = (IncSubtensor) node.op();
    NDArray x = in[0];
    NDArray out = destroy == 0 && x.dtype() == node.output(0).dtype() && x.isContiguous()
        ? x : x.copy();
    NDArray region = select(out, op.entries(), in, 2);
    NDArray y = Broadcast.to(in[1], ShapeKernels.shapeOf(region, 3), "the value");
    if (op.set()) {
      NDArray.copyInto(y, region);
    } else if (!addFloatRows(y, region)) {
      Broadcast.addInto(y, region);
    }
    return ShapeKernels.one(out);
  }

  /**
   * {@code region += y} for float32 matrices, {@code y} contiguous and {@code region}'s rows
   * contiguous (a column block of an LSTM's gate gradient), row by row on the buffers: a float
   * sum rounds once, as the general path's sum of the two values in double rounded to float.
   * False (nothing done) for other layouts.
   */
  private static boolean addFloatRows(NDArray y, NDArray region) {
    if (region.dtype() != DType.FLOAT32 || y.dtype() != DType.FLOAT32 || region.ndim() != 2
        || !y.isContiguous() || region.stride(1) != 1 || y.shape(0) != region.shape(0)
        || y.shape(1) != region.shape(1)) {
      return false;
    }
    FloatBuffer dst = region.storage().floats();
    FloatBuffer src = y.storage().floats();
    int cols = region.shape(1);
    for (int r = 0; r < region.shape(0); r++) {
      int at = region.offset() + r * region.stride(0);
      int from = y.offset() + r * cols;
      for (int c = 0; c < cols; c++) {
        dst.put(at + c, dst.get(at + c) + src.get(from + c));
      }
    }
    return true;
  }

  /**
   * The view {@code x[entries]}; the entries' scalars are {@code in[first], in[first+1], ...}.
   * Errors name the axis of {@code x} that an entry applies to.
   */
  static NDArray select(NDArray x, List<IndexEntry> entries, NDArray[] in, int first) {
    NDArray v = x;
    int k = first;
    int axis = 0;
    for (int d = 0; d < entries.size(); d++) {
      IndexEntry e = entries.get(d);
      int n = v.shape(axis);
      if (e instanceof IndexEntry.Index) {
        v = v.index(axis, Shapes.index(in[k++].getLong(), d, n));
        continue;
      }
      IndexEntry.Slice s = (IndexEntry.Slice) e;
      int start = s.hasStart() ? clamp(in[k++].getLong()) : 0;
      int stop = s.hasStop() ? clamp(in[k++].getLong()) : 0;
      int step = s.hasStep() ? clamp(in[k++].getLong()) : 1;
      if (step == 0) {
        throw new IllegalArgumentException("slice step cannot be zero (axis " + d + ")");
      }
      v = v.slice(axis, s.hasStart(), start, s.hasStop(), stop, step);
      axis++;
    }
    return v;
  }

  /**
   * Python clamps slice bounds to the axis, so any out-of-int value behaves like the nearest
   * int; {@code -Integer.MAX_VALUE} keeps negation safe for steps.
   */
  private static int clamp(long v) {
    return (int) Math.max(-Integer.MAX_VALUE, Math.min(Integer.MAX_VALUE, v));
  }
}
