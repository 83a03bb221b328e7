package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Storage;
import org.theano4j.tensor.AdvancedIncSubtensor;
import org.theano4j.tensor.AdvancedSubtensor;

/**
 * NumPy integer-array indexing: {@code AdvancedSubtensor} gathers into a fresh array;
 * {@code AdvancedIncSubtensor} scatters {@code y} into a copy of {@code x}, accumulating
 * repeated positions when incrementing ({@code np.add.at}) and letting the last write win
 * when setting. Both walk the selection in chunks of storage positions (see {@link Gather}).
 */
@AutoService(KernelFamily.class)
public final class AdvancedIndexKernels implements KernelFamily {
  private static final int CHUNK = ElemwiseKernel.CHUNK;

  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public AdvancedIndexKernels() {}

  @Override
  public void register(Registry r) {
    r.kernel(AdvancedSubtensor.class, InplaceInfo.NONE, AdvancedIndexKernels::gather);
    r.kernel(AdvancedIncSubtensor.class, InplaceInfo.NONE, AdvancedIndexKernels::scatter);
  }

  /** The node's plan, kept in its arena between calls (a new one outside a function). */
  private static Gather plan() {
    ArrayArena arena = ArrayArena.current();
    if (arena == null) {
      return new Gather();
    }
    if (!(arena.state() instanceof Gather)) {
      arena.state(new Gather());
    }
    return (Gather) arena.state();
  }

  static NDArray[] gather(Apply node, NDArray[] in) {
    NDArray x = in[0];
    Gather g = plan().replan(x, ((AdvancedSubtensor) node.op()).advanced(), in, 1);
    NDArray out = NDArray.zeros(x.dtype(), g.shape());
    Storage src = x.storage();
    Storage dst = out.storage();
    boolean exact = x.dtype().isDiscrete();
    int n = g.size();
    int[] pos = ArrayArena.scratchInts(0, Math.min(CHUNK, Math.max(n, 1)));
    for (int s = 0; s < n; s += pos.length) {
      int m = Math.min(pos.length, n - s);
      g.offsets(s, pos, m);
      for (int k = 0; k < m; k++) {
        if (exact) {
          dst.setLong(s + k, src.getLong(pos[k]));
        } else {
          dst.setDouble(s + k, src.getDouble(pos[k]));
        }
      }
    }
    return ShapeKernels.one(out);
  }

  static NDArray[] scatter(Apply node, NDArray[] in) {
    AdvancedIncSubtensor op = (AdvancedIncSubtensor) node.op();
    NDArray out = in[0].copy();
    Gather g = plan().replan(out, op.advanced(), in, 2);
    NDArray y = Broadcast.to(in[1], g.shape(), "the value");
    Storage dst = out.storage();
    int n = g.size();
    int chunk = Math.min(CHUNK, Math.max(n, 1));
    int[] pos = ArrayArena.scratchInts(0, chunk);
    if (out.dtype().isDiscrete() && y.dtype().isDiscrete()) {
      long[] v = Scratch.longs(0, chunk);
      for (int s = 0; s < n; s += chunk) {
        int m = Math.min(chunk, n - s);
        g.offsets(s, pos, m);
        y.readLongs(s, v, 0, m);
        for (int k = 0; k < m; k++) {
          dst.setLong(pos[k], op.set() ? v[k] : dst.getLong(pos[k]) + v[k]);
        }
      }
    } else {
      double[] v = Scratch.doubles(0, chunk);
      for (int s = 0; s < n; s += chunk) {
        int m = Math.min(chunk, n - s);
        g.offsets(s, pos, m);
        y.readDoubles(s, v, 0, m);
        for (int k = 0; k < m; k++) {
          // Each store rounds to out's dtype, so duplicates accumulate as NumPy's add.at.
          dst.setDouble(pos[k], op.set() ? v[k] : dst.getDouble(pos[k]) + v[k]);
        }
      }
    }
    return ShapeKernels.one(out);
  }
}
