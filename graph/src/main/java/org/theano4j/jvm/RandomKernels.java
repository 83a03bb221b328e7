package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
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
    NDArray out;
    if (op.dtype() == DType.INT64) {
      long[] v = new long[n];
      for (int j = 0; j < n; j++) {
        v[j] = op.sampleBits(key, counter, j);
      }
      out = NDArray.of(v, shape);
    } else if (op.dtype() == DType.FLOAT32) {
      float[] v = new float[n];
      for (int j = 0; j < n; j++) {
        v[j] = (float) op.sample(key, counter, j);
      }
      out = NDArray.of(v, shape);
    } else {
      double[] v = new double[n];
      for (int j = 0; j < n; j++) {
        v[j] = op.sample(key, counter, j);
      }
      out = NDArray.of(v, shape);
    }
    return ArrayArena.result(out);
  }
}
