package org.theano4j.tutorial.mnist.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads Fashion-MNIST (Zalando Research) as installed by Debian's {@code dataset-fashion-mnist}
 * package, in the IDX layout of MNIST: 50,000 train / 10,000 validation / 10,000 test.
 */
public final class FashionMnist {
  /** Where Debian's package installs the files. */
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** The class names, indexed by label. */
  public static final java.util.List<String> CLASS_NAMES = java.util.List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  private FashionMnist() {}

  /** Loads the set from {@link #DEBIAN_DIR}. */
  public static MnistData load() {
    return load(DEBIAN_DIR);
  }

  /**
   * Loads the set from {@code dir}.
   *
   * @throws DatasetNotFoundException if {@code dir} does not exist, with the install command
   */
  public static MnistData load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new DatasetNotFoundException("Fashion-MNIST not found in " + dir
          + "; install it with: apt-get install dataset-fashion-mnist"
          + " (or pass a directory holding train-/t10k-{images-idx3,labels-idx1}-ubyte.gz)");
    }
    MnistData d = MnistIdx.load(dir);
    return new MnistData("Fashion-MNIST " + dir, d.train(), d.valid(), d.test());
  }
}
