package org.theano4j.datasets;

import java.net.URI;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.theano4j.tutorial.mnist.data.DeterministicGzip;
import org.theano4j.tutorial.mnist.data.IdxArray;
import org.theano4j.tutorial.mnist.data.IdxWriter;

/**
 * Four small gzipped IDX files in MNIST's layout (pixel {@code i} of image {@code k} is
 * {@code (k + i) % 256} for the first 28 pixels, else 0; label {@code k % 10}), and a file
 * table pinning their SHA-256, computed here with {@link MessageDigest} directly.
 */
public final class SyntheticMnistFiles {
  public final Map<String, byte[]> files = new LinkedHashMap<>();

  public SyntheticMnistFiles(int train, int test) {
    put("train", train);
    put("t10k", test);
  }

  private void put(String prefix, int n) {
    byte[] pixels = new byte[n * 784];
    byte[] labels = new byte[n];
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < 28; i++) {
        pixels[k * 784 + i] = (byte) (k + i);
      }
      labels[k] = (byte) (k % 10);
    }
    files.put(prefix + "-images-idx3-ubyte.gz", DeterministicGzip.gzip(IdxWriter.toBytes(
        new IdxArray(new int[] {n, 28, 28}, pixels))));
    files.put(prefix + "-labels-idx1-ubyte.gz", DeterministicGzip.gzip(IdxWriter.toBytes(
        new IdxArray(new int[] {n}, labels))));
  }

  /** A data set {@code id} whose table pins these files' sizes and checksums. */
  public RemoteDataset dataset(String id, URI mirror) {
    List<RemoteFile> table = new ArrayList<>();
    files.forEach((name, bytes) -> table.add(new RemoteFile(name, bytes.length, sha256(bytes))));
    return new RemoteDataset(id, id, mirror, table);
  }

  /** SHA-256 straight from the JDK, the reference the product's {@code Sha256} is held to. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
