package org.theano4j.tutorial.mnist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.datasets.DatasetCache;
import org.theano4j.datasets.MirrorServer;
import org.theano4j.datasets.Progress;
import org.theano4j.datasets.RemoteDataset;
import org.theano4j.datasets.RemoteFile;
import org.theano4j.datasets.SyntheticMnistFiles;

class DownloadedDatasetsTest {
  private static DatasetCache quietCache(Path root) {
    return new DatasetCache(root, Progress.quiet(), new PrintStream(new ByteArrayOutputStream(),
        true, StandardCharsets.UTF_8));
  }

  @Test
  void mnistIsDownloadedSplitAndReloadedOffline(@TempDir Path root) throws IOException {
    SyntheticMnistFiles files = new SyntheticMnistFiles(10_006, 8);
    try (MirrorServer server = new MirrorServer(files.files)) {
      RemoteDataset table = files.dataset("mnist", server.base("good"));
      DownloadedDatasets sets = new DownloadedDatasets(quietCache(root), null, List.of(),
          table, RemoteDataset.FASHION_MNIST);
      MnistData d = sets.load("mnist");
      assertThat(d.name()).isEqualTo("MNIST " + root.resolve("mnist"));
      assertThat(d.train().size()).isEqualTo(6);
      assertThat(d.valid().size()).isEqualTo(10_000);
      assertThat(d.test().size()).isEqualTo(8);
      assertThat(d.test().labelArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
      server.close();
      MnistData again = sets.load("mnist");
      assertThat(again.train().labelArray()).isEqualTo(d.train().labelArray());
      assertThat(server.requests()).isEqualTo(4);
    }
  }

  @Test
  void fashionIsReadFromASystemDirectoryBeforeTheCacheAndTheNetwork(@TempDir Path root)
      throws IOException {
    SyntheticMnistFiles files = new SyntheticMnistFiles(10_003, 5);
    Path system = Files.createDirectories(root.resolve("usr-share"));
    for (Map.Entry<String, byte[]> e : files.files.entrySet()) {
      Files.write(system.resolve(e.getKey()), e.getValue());
    }
    DownloadedDatasets sets = new DownloadedDatasets(quietCache(root.resolve("cache")),
        java.net.URI.create("http://127.0.0.1:9/unused/"), List.of(root.resolve("absent"),
            system), RemoteDataset.MNIST, RemoteDataset.FASHION_MNIST);
    MnistData d = sets.load("fashion");
    assertThat(d.name()).isEqualTo("Fashion-MNIST " + system);
    assertThat(d.test().size()).isEqualTo(5);
    assertThat(root.resolve("cache")).doesNotExist();
    assertThatThrownBy(() -> sets.load("cifar"))
        .hasMessage("not a downloadable data set: 'cifar'; expected one of [mnist, fashion]");
  }

  /**
   * The pinned Fashion-MNIST checksums against the official files: Debian's package holds the
   * official deflate streams with the gzip header normalised (no file name, another mtime), so
   * the official files are rebuilt from it and must match the MD5s published in the
   * Fashion-MNIST README and the SHA-256s pinned in {@link RemoteDataset#FASHION_MNIST}.
   */
  @Test
  void thePinnedFashionChecksumsAreThoseOfTheOfficialFiles(@TempDir Path root)
      throws IOException {
    Path debian = FashionMnistTest.location();
    assumeTrue(Files.isDirectory(debian), "SKIPPED: Fashion-MNIST not found at " + debian);
    Map<String, String> officialMd5 = Map.of(
        "train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe",
        "t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79",
        "t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310");
    Map<String, byte[]> official = new LinkedHashMap<>();
    for (RemoteFile f : RemoteDataset.FASHION_MNIST.files()) {
      byte[] rebuilt = officialGzip(Files.readAllBytes(debian.resolve(f.name())), f.name(),
          f.name().startsWith("train") ? 1504176606 : 1504176627);
      assertThat(Md5.hex(rebuilt)).as(f.name()).isEqualTo(officialMd5.get(f.name()));
      assertThat(rebuilt.length).as(f.name()).isEqualTo(f.size());
      official.put(f.name(), rebuilt);
    }
    try (MirrorServer server = new MirrorServer(official)) {
      DownloadedDatasets sets = new DownloadedDatasets(quietCache(root), server.base("good"),
          List.of(), RemoteDataset.MNIST, RemoteDataset.FASHION_MNIST);
      MnistData d = sets.load("fashion");
      assertThat(d.train().size()).isEqualTo(50_000);
      assertThat(d.test().size()).isEqualTo(10_000);
      assertThat(server.requests()).isEqualTo(4);
    }
  }

  /** A gzip member with FNAME {@code name} and {@code mtime}, from one without FNAME. */
  private static byte[] officialGzip(byte[] normalised, String name, int mtime) {
    assertThat(normalised[3]).as("gzip flags of Debian's " + name).isZero();
    byte[] fname = (name.substring(0, name.length() - 3) + "\0")
        .getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(normalised.length + fname.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {0x1f, (byte) 0x8b, 8, 8}).putInt(mtime).put(normalised[8])
        .put(normalised[9]).put(fname).put(normalised, 10, normalised.length - 10);
    return b.array();
  }
}
