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

  static NDArray[] draw(Apply node, NDArray[] in) {
    RandomDraw op = (RandomDraw) node.op();
    long[] state = RandomDraw.readState(in[0]);
    int[] shape = RandomDraw.shape(in, 1);
    int n = Shapes.size(shape);
    long key = state[0];
    long counter = state[1];
    NDArray out = NDArray.uninitialized(op.dtype(), shape);
    // element by element into a chunk, then into the result's native memory: no Java array of
    // the whole draw, no array per element
    int[] w = new int[4];
    int chunk = Math.min(4096, Math.max(n, 1));
    if (op.dtype() == DType.INT64) {
      long[] v = new long[chunk];
      for (int s = 0; s < n; s += chunk) {
        int m = Math.min(chunk, n - s);
        for (int k = 0; k < m; k++) {
          Philox.draw(key, counter, s + k, w);
          v[k] = RandomDraw.sampleBits(w);
        }
        out.writeLongs(s, v, 0, m);
      }
    } else {
      double[] v = new double[chunk];
      for (int s = 0; s < n; s += chunk) {
        int m = Math.min(chunk, n - s);
        for (int k = 0; k < m; k++) {
          Philox.draw(key, counter, s + k, w);
          v[k] = op.sample(w);
        }
        out.writeDoubles(s, v, 0, m);
      }
    }
    return ArrayArena.result(out);
  }
}
