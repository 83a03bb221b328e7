package org.theano4j.tutorial.mnist.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.theano4j.datasets.RemoteDataset;
import org.theano4j.datasets.RemoteFile;

/**
 * The four official Fashion-MNIST {@code .gz} files rebuilt from Debian's copies, for tests
 * that serve them from a local mirror. Debian's package holds the official deflate streams
 * with the gzip header normalised (no file name, the package's mtime); the official header
 * has FNAME (the file name without {@code .gz}) and mtime 1504176606 (train files) or
 * 1504176627 (t10k files), 2017-08-31. The result must match {@link #README_MD5}.
 */
public final class OfficialFashionFiles {
  /** The MD5s the Fashion-MNIST README publishes. */
  public static final Map<String, String> README_MD5 = Map.of(
      "train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
      "train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe",
      "t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79",
      "t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310");

  private OfficialFashionFiles() {}

  /** The official files by name, rebuilt from Debian's in {@code debianDir}. */
  public static Map<String, byte[]> rebuild(Path debianDir) throws IOException {
    Map<String, byte[]> official = new LinkedHashMap<>();
    for (RemoteFile f : RemoteDataset.FASHION_MNIST.files()) {
      official.put(f.name(), withNameAndMtime(Files.readAllBytes(debianDir.resolve(f.name())),
          f.name(), f.name().startsWith("train") ? 1504176606 : 1504176627));
    }
    return official;
  }

  /** A gzip member with FNAME {@code name} minus {@code .gz} and {@code mtime}. */
  private static byte[] withNameAndMtime(byte[] normalised, String name, int mtime) {
    if (normalised[3] != 0) {
      throw new IllegalArgumentException(name + ": expected a gzip header without flags");
    }
    byte[] fname = (name.substring(0, name.length() - 3) + "\0")
        .getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(normalised.length + fname.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {0x1f, (byte) 0x8b, 8, 8}).putInt(mtime).put(normalised[8])
        .put(normalised[9]).put(fname).put(normalised, 10, normalised.length - 10);
    return b.array();
  }
}
