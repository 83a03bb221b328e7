package org.theano4j.benchmarks;

import java.util.Random;
import org.theano4j.ndarray.NDArray;

/** Seeded random inputs, so every run measures the same data. */
final class RandomArrays {
  private RandomArrays() {}

  /** Uniform float32 values in [0, 1). */
  static NDArray uniform(Random rng, int... shape) {
    return floats(rng::nextFloat, shape);
  }

  /** Standard-normal float32 values. */
  static NDArray normal(Random rng, int... shape) {
    return floats(() -> (float) rng.nextGaussian(), shape);
  }

  /** {@code |a|} of a float32 array, as a new contiguous float32 array of its shape. */
  static NDArray abs(NDArray a) {
    float[] data = a.toFloatArray();
    for (int i = 0; i < data.length; i++) {
      data[i] = Math.abs(data[i]);
    }
    return NDArray.of(data, a.shape());
  }

  private static NDArray floats(FloatSource source, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    float[] data = new float[n];
    for (int i = 0; i < n; i++) {
      data[i] = source.next();
    }
    return NDArray.of(data, shape);
  }

  /** The next random float. */
  private interface FloatSource {
    float next();
  }

  /** int32 labels in [0, classes). */
  static NDArray labels(Random rng, int n, int classes) {
    int[] data = new int[n];
    for (int i = 0; i < n; i++) {
      data[i] = rng.nextInt(classes);
    }
    return NDArray.of(data, n);
  }
}
