package org.theano4j.tutorial.mnist.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.theano4j.io.FileFormatException;

/**
 * Loads MNIST-like data sets stored as IDX files in the layout of the MNIST distribution:
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}
 * and {@code t10k-labels-idx1-ubyte}, each optionally gzipped ({@code .gz}).
 *
 * <p>The last {@value #DEFAULT_VALIDATION} training images become the validation split, as in
 * the tutorial's {@code mnist.pkl.gz}: 60,000 training images give 50,000 train and 10,000
 * validation; the 10,000 {@code t10k} images are the test split.
 */
public final class MnistIdx {
  /** The number of training images held out for validation. */
  public static final int DEFAULT_VALIDATION = 10000;

  private MnistIdx() {}

  /** Loads {@code dir} holding the four MNIST IDX files, with 10,000 validation images. */
  public static MnistData load(Path dir) {
    return load(dir, DEFAULT_VALIDATION);
  }

  /**
   * Loads {@code dir} holding the four MNIST IDX files; the last {@code validation} training
   * images become the validation split.
   *
   * @throws DatasetNotFoundException if {@code dir} is not a directory (whatever its name:
   *     {@code mini} is a directory called mini here) or one of the files is missing
   * @throws FileFormatException if a file is corrupt, truncated or wrongly shaped
   */
  public static MnistData load(Path dir, int validation) {
    if (!Files.isDirectory(dir)) {
      throw new DatasetNotFoundException((Files.exists(dir) ? "not a directory: " + dir
          + " is a file" : dir + " does not exist")
          + " (expected a directory holding the four MNIST IDX files)");
    }
    MnistSplit trainAll = loadPair(dir, "train");
    MnistSplit test = loadPair(dir, "t10k");
    if (validation < 0 || validation >= trainAll.size()) {
      throw new IllegalArgumentException("cannot hold out " + validation
          + " validation images from " + trainAll.size() + " training images in " + dir);
    }
    int cut = trainAll.size() - validation;
    return new MnistData(dir.toString(), trainAll.range(0, cut),
        trainAll.range(cut, trainAll.size()), test);
  }

  /** Loads one images/labels pair, {@code <prefix>-images-idx3-ubyte[.gz]} and its labels. */
  public static MnistSplit loadPair(Path dir, String prefix) {
    Path images = find(dir, prefix + "-images-idx3-ubyte", prefix + "-images.idx3-ubyte");
    Path labels = find(dir, prefix + "-labels-idx1-ubyte", prefix + "-labels.idx1-ubyte");
    return split(IdxReader.read(images), images.toString(), IdxReader.read(labels),
        labels.toString());
  }

  /**
   * A split from an images IDX array {@code [n, 28, 28]} and a labels IDX array {@code [n]}.
   *
   * @throws FileFormatException if the shapes are wrong, the counts differ, or a label is
   *     outside 0..9
   */
  public static MnistSplit split(IdxArray images, String imagesSource, IdxArray labels,
      String labelsSource) {
    int[] d = images.dims();
    if (d.length != 3 || d[1] != MnistSplit.ROWS || d[2] != MnistSplit.COLS) {
      throw new FileFormatException(imagesSource, "expected images of shape [n, 28, 28], got "
          + Arrays.toString(d));
    }
    int[] l = labels.dims();
    if (l.length != 1) {
      throw new FileFormatException(labelsSource, "expected labels of shape [n], got "
          + Arrays.toString(l));
    }
    if (l[0] != d[0]) {
      throw new FileFormatException(imagesSource, "images/labels count mismatch: " + d[0]
          + " images but " + l[0] + " labels in " + labelsSource);
    }
    byte[] lb = labels.data();
    int[] ints = new int[lb.length];
    for (int i = 0; i < lb.length; i++) {
      ints[i] = lb[i] & 0xff;
    }
    return MnistSplit.fromPixels(labelsSource, images.data(), ints);
  }

  private static Path find(Path dir, String... names) {
    for (String name : names) {
      for (String candidate : new String[] {name + ".gz", name}) {
        Path p = dir.resolve(candidate);
        if (Files.isRegularFile(p)) {
          return p;
        }
      }
    }
    throw new DatasetNotFoundException("missing " + names[0] + "[.gz] in " + dir);
  }
}
