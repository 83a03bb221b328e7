package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.Philox;
import org.theano4j.tensor.RandomDraw;

/** {@link RandomDraw}: element {@code j} is {@code RandomDraw.sample(key, counter, j)}. */
@AutoService(KernelFamily.class)
public final class RandomKernels implements KernelFamily {
  @Override
  public void register(Registry r) {
    r.kernel(RandomDraw.class, InplaceInfo.FRESH, RandomKernels::draw);
  }

  /** Elements drawn before each copy into the result's native memory. */
  private static final int CHUNK = 4096;

  /** A node's Philox words and chunk of values (int64 draws: longs, else doubles). */
  private static final class Scratch {
    final int[] words = new int[4];
    final long[] longs;
    final double[] doubles;

    Scratch(boolean int64) {
      longs = int64 ? new long[CHUNK] : null;
      doubles = int64 ? null : new double[CHUNK];
    }
  }

  /** The current node's scratch, made on its first call (a new one outside an arena). */
  private static Scratch scratch(boolean int64) {
    ArrayArena arena = ArrayArena.current();
    if (arena != null && arena.state() instanceof Scratch s && (s.longs != null) == int64) {
      return s;
    }
    Scratch s = new Scratch(int64);
    if (arena != null) {
      arena.state(s);
    }
    return s;
  }

  static NDArray[] draw(Apply node, NDArray[] in) {
    RandomDraw op = (RandomDraw) node.op();
    long[] state = RandomDraw.readState(in[0]);
    int[] shape = RandomDraw.shape(in, 1);
    int n = Shapes.size(shape);
    long key = state[0];
    long counter = state[1];
    NDArray out = NDArray.uninitialized(op.dtype(), shape);
    // element by element into a chunk, then into the result's native memory: no Java array of
    // the whole draw, no array per element or per call (the node keeps its chunk)
    Scratch sc = scratch(op.dtype() == DType.INT64);
    for (int start = 0; start < n; start += CHUNK) {
      int m = Math.min(CHUNK, n - start);
      for (int k = 0; k < m; k++) {
        Philox.draw(key, counter, start + k, sc.words);
        if (sc.longs != null) {
          sc.longs[k] = RandomDraw.sampleBits(sc.words);
        } else {
          sc.doubles[k] = op.sample(sc.words);
        }
      }
      if (sc.longs != null) {
        out.writeLongs(start, sc.longs, 0, m);
      } else {
        out.writeDoubles(start, sc.doubles, 0, m);
      }
    }
    return ArrayArena.result(out);
  }
}
