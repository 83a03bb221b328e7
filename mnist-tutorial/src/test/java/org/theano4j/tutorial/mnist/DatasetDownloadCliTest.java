package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.theano4j.tutorial.mnist.LogisticSgdCliTest.oneLineError;
import static org.theano4j.tutorial.mnist.LogisticSgdCliTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.datasets.MirrorServer;
import org.theano4j.datasets.RemoteDataset;
import org.theano4j.datasets.SyntheticMnistFiles;
import org.theano4j.tutorial.mnist.data.FashionMnist;
import org.theano4j.tutorial.mnist.data.OfficialFashionFiles;
import org.theano4j.tutorial.mnist.data.SharedData;

/** {@code --dataset mnist|fashion} with {@code --mirror} and {@code --cache-dir}. */
class DatasetDownloadCliTest {
  private static final String IMAGES = "train-images-idx3-ubyte.gz";

  private static List<String> entries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static String mnistError(Path dir, String mirror) {
    return oneLineError(run("--dataset", "mnist", "--mirror", mirror, "--cache-dir",
        dir.resolve("cache").toString(), "--out", dir.resolve("out").toString()));
  }

  @Test
  void downloadFailuresAreOneLineErrorsAndLeaveNothingInTheCache(@TempDir Path dir)
      throws IOException {
    SyntheticMnistFiles synthetic = new SyntheticMnistFiles(20, 10);
    byte[] images = synthetic.files.get(IMAGES);
    Path mnistCache = dir.resolve("cache").resolve("mnist");
    try (MirrorServer server = new MirrorServer(synthetic.files)) {
      assertThat(mnistError(dir, server.base("missing").toString())).isEqualTo(
          "error: cannot download " + server.base("missing") + IMAGES + ": HTTP 404 Not Found");
      assertThat(entries(mnistCache)).isEmpty();

      assertThat(mnistError(dir, server.base("good").toString())).isEqualTo(
          "error: checksum mismatch for " + IMAGES + " from " + server.base("good") + IMAGES
              + ": expected SHA-256 " + RemoteDataset.MNIST.files().get(0).sha256()
              + " (9912422 bytes), got " + SyntheticMnistFiles.sha256(images) + " ("
              + images.length + " bytes); the download was discarded");
      assertThat(entries(mnistCache)).isEmpty();

      assertThat(mnistError(dir, server.base("truncated").toString())).startsWith(
          "error: truncated transfer from " + server.base("truncated") + IMAGES + ": got "
              + images.length / 2 + " of " + images.length + " bytes");
      assertThat(entries(mnistCache)).isEmpty();
    }
    try (MirrorServer stopped = new MirrorServer(synthetic.files)) {
      stopped.close();
      assertThat(mnistError(dir, stopped.base("good").toString())).startsWith(
          "error: cannot download " + stopped.base("good") + IMAGES + ": cannot connect");
    }
    assertThat(entries(mnistCache)).isEmpty();
    assertThat(mnistError(dir, "ftp://example.org/mnist/"))
        .isEqualTo("error: --mirror must be an http:// or https:// URL, got"
            + " 'ftp://example.org/mnist/'");
  }

  @Test
  void fashionIsDownloadedFromAMirrorThenUsedOffline(@TempDir Path dir) throws IOException {
    assumeFalse(Files.isDirectory(FashionMnist.DEBIAN_DIR),
        "SKIPPED: Debian's Fashion-MNIST is installed, so --dataset fashion never downloads");
    Path debianCopy = SharedData.path("fashion-mnist");
    assumeTrue(Files.isDirectory(debianCopy), "SKIPPED: no copy of Fashion-MNIST at "
        + debianCopy + " to serve");
    String[] args;
    try (MirrorServer server = new MirrorServer(OfficialFashionFiles.rebuild(debianCopy))) {
      args = new String[] {"--dataset", "fashion", "--mirror", server.base("good").toString(),
          "--cache-dir", dir.resolve("cache").toString(), "--out", dir.resolve("out").toString(),
          "--bench", "--bench-warmup", "0", "--bench-warmup-seconds", "0", "--bench-epochs",
          "1"};
      LogisticSgdCliTest.Run first = run(args);
      assertThat(first.exit()).as(first.err()).isZero();
      assertThat(first.out()).contains("train_set_x [50000, 784]");
      assertThat(server.requests()).isEqualTo(4);
    }
    assertThat(entries(dir.resolve("cache").resolve("fashion-mnist")))
        .containsExactlyInAnyOrder(IMAGES, "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    LogisticSgdCliTest.Run offline = run(args); // the server is gone
    assertThat(offline.exit()).as(offline.err()).isZero();
    assertThat(offline.out()).contains("test_set_x  [10000, 784]");

    // The rest of a new user's path, offline from the cache: train (one epoch), which saves
    // best_model.npz, then predict with the saved model; class names, as Fashion has them.
    String cache = dir.resolve("cache").toString();
    Path out = dir.resolve("trained");
    LogisticSgdCliTest.Run train = run("--dataset", "fashion", "--cache-dir", cache,
        "--epochs", "1", "--out", out.toString());
    assertThat(train.exit()).as(train.err()).isZero();
    assertThat(train.out()).contains("Optimization complete").contains("Ankle boot");
    assertThat(out.resolve("best_model.npz")).isRegularFile();
    LogisticSgdCliTest.Run predict = run("--cache-dir", cache, "predict", "--dataset",
        "fashion", "--model", out.resolve("best_model.npz").toString());
    assertThat(predict.exit()).as(predict.err()).isZero();
    assertThat(predict.out()).contains("Predicted values for the first 10 examples");
    assertThat(predict.out().lines().filter(l -> l.matches("\\[(\\d ){9}\\d\\]")))
        .as(predict.out()).hasSize(1);
  }
}
