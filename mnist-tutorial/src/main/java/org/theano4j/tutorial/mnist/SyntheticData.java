package org.theano4j.tutorial.mnist;

import java.util.SplittableRandom;
import org.theano4j.tutorial.mnist.data.MnistData;
import org.theano4j.tutorial.mnist.data.MnistSplit;

/**
 * Random data of Fashion-MNIST's shape (50,000 / 10,000 / 10,000 images of 28×28 bytes), for
 * timing where the real set is absent. Each class has its own mean image, so training works.
 */
final class SyntheticData {
  private SyntheticData() {}

  static MnistData fashionShaped(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[][] means = new byte[MnistSplit.CLASSES][MnistSplit.PIXELS];
    for (byte[] m : means) {
      for (int p = 0; p < m.length; p++) {
        m[p] = (byte) rng.nextInt(256);
      }
    }
    return new MnistData("synthetic (seed " + seed + ")", split("synthetic train", 50_000, rng,
        means), split("synthetic valid", 10_000, rng, means),
        split("synthetic test", 10_000, rng, means));
  }

  private static MnistSplit split(String name, int n, SplittableRandom rng, byte[][] means) {
    byte[] pixels = new byte[n * MnistSplit.PIXELS];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = rng.nextInt(MnistSplit.CLASSES);
      byte[] m = means[labels[i]];
      for (int p = 0; p < MnistSplit.PIXELS; p++) {
        int v = (m[p] & 0xff) + rng.nextInt(-64, 65);
        pixels[i * MnistSplit.PIXELS + p] = (byte) Math.max(0, Math.min(255, v));
      }
    }
    return MnistSplit.fromPixels(name, pixels, labels);
  }
}
