package org.theano4j.tutorial.mnist.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.theano4j.io.FileFormatException;
import org.theano4j.io.NumpyArray;
import org.theano4j.io.ReadLimits;

/**
 * Loads the deep-learning tutorial's {@code mnist.pkl.gz}: a gzipped pickle of the tuple
 * {@code ((train_x, train_y), (valid_x, valid_y), (test_x, test_y))}, images float32
 * {@code [n, 784]} in {@code [0, 1]} and labels int64 {@code [n]}.
 *
 * <p>The pickle is read by {@link RestrictedUnpickler}, which refuses any global but the NumPy
 * ones needed to rebuild arrays. Plain (not gzipped) pickles are accepted too.
 */
public final class MnistPickle {
  private static final String[] SPLITS = {"train", "valid", "test"};

  private MnistPickle() {}

  /**
   * Loads {@code path}.
   *
   * @throws DatasetNotFoundException if the file does not exist or is a directory (whatever
   *     its name: {@code mini} is a file called mini here)
   * @throws ForbiddenGlobalException if the pickle names a non-NumPy global
   * @throws FileFormatException if the file is corrupt or not shaped as {@code mnist.pkl.gz}
   */
  public static MnistData load(Path path) {
    String source = path.toString();
    if (Files.isDirectory(path)) {
      throw new DatasetNotFoundException("not a pickle file: " + path + " is a directory");
    }
    try (InputStream raw = Files.newInputStream(path)) {
      return load(raw, source);
    } catch (NoSuchFileException e) {
      throw new DatasetNotFoundException("pickle file not found: " + path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** Loads a (possibly gzipped) pickle from {@code in}; {@code source} names it in errors. */
  public static MnistData load(InputStream in, String source) throws IOException {
    Object root = ReadLimits.gzipErrorsAsFormatErrors(source,
        () -> RestrictedUnpickler.load(IdxReader.openMaybeGzipped(in), source));
    return fromPickled(root, source);
  }

  /** Converts the unpickled tuple of three {@code (images, labels)} pairs. */
  static MnistData fromPickled(Object root, String source) {
    if (!(root instanceof List) || ((List<?>) root).size() != 3) {
      throw new FileFormatException(source, "expected a tuple of 3 (images, labels) pairs, got "
          + describe(root));
    }
    MnistSplit[] splits = new MnistSplit[3];
    for (int s = 0; s < 3; s++) {
      Object pair = ((List<?>) root).get(s);
      String where = source + " [" + SPLITS[s] + "]";
      if (!(pair instanceof List) || ((List<?>) pair).size() != 2
          || !(((List<?>) pair).get(0) instanceof PickledArray)
          || !(((List<?>) pair).get(1) instanceof PickledArray)) {
        throw new FileFormatException(where, "expected a pair of numpy arrays, got "
            + describe(pair));
      }
      NumpyArray x = ((PickledArray) ((List<?>) pair).get(0)).array();
      NumpyArray y = ((PickledArray) ((List<?>) pair).get(1)).array();
      int[] xs = x.shape();
      if (xs.length != 2 || xs[1] != MnistSplit.PIXELS) {
        throw new FileFormatException(where, "expected images of shape [n, 784], got "
            + Arrays.toString(xs));
      }
      if (x.typeCode().charAt(0) != 'f') {
        throw new FileFormatException(where, "expected float images, got dtype " + x.descr());
      }
      if (y.shape().length != 1) {
        throw new FileFormatException(where, "expected labels of shape [n], got "
            + Arrays.toString(y.shape()));
      }
      long[] labels = y.toLongs(where);
      int[] ints = new int[labels.length];
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] < 0 || labels[i] >= MnistSplit.CLASSES) {
          throw new FileFormatException(where, "label " + labels[i] + " of item " + i
              + " is out of range 0..9");
        }
        ints[i] = (int) labels[i];
      }
      splits[s] = MnistSplit.fromScaled(where, x.toFloats(where), ints);
    }
    return new MnistData("mnist.pkl.gz " + source, splits[0], splits[1], splits[2]);
  }

  private static String describe(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof List) {
      return "a tuple of " + ((List<?>) o).size();
    }
    return o.getClass().getSimpleName();
  }
}
