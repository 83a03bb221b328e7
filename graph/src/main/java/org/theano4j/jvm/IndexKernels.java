package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import java.util.List;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.IncSubtensor;
import org.theano4j.tensor.IndexEntry;
import org.theano4j.tensor.Subtensor;

/**
 * Basic indexing with run-time scalar bounds, as Python's: {@code Subtensor} returns a view of
 * its input; {@code IncSubtensor} returns a copy of {@code x} with the selected region set to,
 * or incremented by, {@code y} broadcast to the region.
 */
@AutoService(KernelFamily.class)
public final class IndexKernels implements KernelFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public IndexKernels() {}

  @Override
  public void register(Registry r) {
    r.kernel(Subtensor.class, InplaceInfo.NONE, IndexKernels::subtensor);
    r.kernel(IncSubtensor.class, InplaceInfo.NONE, IndexKernels::incSubtensor);
  }

  static NDArray[] subtensor(Apply node, NDArray[] in) {
    List<IndexEntry> entries = ((Subtensor) node.op()).entries();
    return ShapeKernels.one(select(in[0], entries, in, 1));
  }

  static NDArray[] incSubtensor(Apply node, NDArray[] in) {
    IncSubtensor op = (IncSubtensor) node.op();
    NDArray out = in[0].copy();
    NDArray region = select(out, op.entries(), in, 2);
    NDArray y = Broadcast.to(in[1], region.shape(), "the value");
    if (op.set()) {
      NDArray.copyInto(y, region);
    } else {
      Broadcast.addInto(y, region);
    }
    return ShapeKernels.one(out);
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
