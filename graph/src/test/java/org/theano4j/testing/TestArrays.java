package org.theano4j.testing;

import java.util.Random;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/** Arrays of seeded random values for tests. */
public final class TestArrays {
  private TestArrays() {}

  /** A fresh contiguous array of {@code shape}: standard normal values from {@code seed}. */
  public static NDArray gaussian(DType t, long seed, int... shape) {
    NDArray a = NDArray.zeros(t, shape);
    Random r = new Random(seed);
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
    }
    a.writeDoubles(0, v, 0, v.length);
    return a;
  }
}
