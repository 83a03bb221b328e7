package org.theano4j.tutorial.mnist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Map<String, byte[]> official = OfficialFashionFiles.rebuild(debian);
    for (RemoteFile f : RemoteDataset.FASHION_MNIST.files()) {
      assertThat(Md5.hex(official.get(f.name()))).as(f.name())
          .isEqualTo(OfficialFashionFiles.README_MD5.get(f.name()));
      assertThat(official.get(f.name()).length).as(f.name()).isEqualTo(f.size());
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
}
