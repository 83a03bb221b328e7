package org.theano4j.tutorial.mnist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.io.FileFormatException;

class IdxReaderTest {
  @TempDir Path dir;

  static byte[] images(int n, int firstPixel) {
    byte[] px = new byte[n * 784];
    for (int i = 0; i < n; i++) {
      px[i * 784] = (byte) (firstPixel + i);
    }
    return IdxWriter.toBytes(new IdxArray(new int[] {n, 28, 28}, px));
  }

  static byte[] labels(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return IdxWriter.toBytes(new IdxArray(new int[] {values.length}, b));
  }

  @Test
  void roundTripsPlainAndGzipped() throws Exception {
    byte[] idx = images(3, 250);
    Path plain = Files.write(dir.resolve("a-idx3-ubyte"), idx);
    Path gz = Files.write(dir.resolve("a-idx3-ubyte.gz"), DeterministicGzip.gzip(idx));
    for (Path p : new Path[] {plain, gz}) {
      IdxArray a = IdxReader.read(p);
      assertThat(a.dims()).containsExactly(3, 28, 28);
      assertThat(a.items()).isEqualTo(3);
      assertThat(a.itemSize()).isEqualTo(784);
      assertThat(a.data()[784 * 2] & 0xff).isEqualTo(252);
    }
  }

  @Test
  void badMagicIsReported() throws Exception {
    byte[] idx = images(1, 0);
    idx[0] = 0x12;
    Path p = Files.write(dir.resolve("bad-magic"), idx);
    assertThatThrownBy(() -> IdxReader.read(p))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("bad magic number 0x12000803");
  }

  @Test
  void wrongElementTypeIsReported() {
    byte[] idx = images(1, 0);
    idx[2] = 0x0D;
    assertThatThrownBy(() -> IdxReader.parse(idx, "f.idx"))
        .isInstanceOf(FileFormatException.class)
        .hasMessage("f.idx: wrong element type 0x0d (float), expected 0x08 (unsigned byte)");
  }

  @Test
  void truncatedDataIsReportedWithBothSizes() throws Exception {
    byte[] idx = images(3, 0);
    Path p = Files.write(dir.resolve("train-images-idx3-ubyte"),
        Arrays.copyOf(idx, idx.length - 100));
    assertThatThrownBy(() -> IdxReader.read(p))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("train-images-idx3-ubyte")
        .hasMessageContaining("header says 3 items of 784 bytes")
        .hasMessageContaining("file has 2252 bytes of data (truncated?)");
  }

  @Test
  void trailingBytesAreReported() {
    byte[] idx = Arrays.copyOf(labels(1, 2), 11);
    assertThatThrownBy(() -> IdxReader.parse(idx, "l"))
        .hasMessageContaining("header says 2 items of 1 bytes")
        .hasMessageContaining("3 bytes of data (trailing bytes)");
  }

  @Test
  void truncatedHeaderIsReported() {
    assertThatThrownBy(() -> IdxReader.parse(new byte[] {0, 0, 8, 3, 0, 0}, "h"))
        .hasMessageContaining("h: truncated header: 3 dimensions need 16 header bytes");
    assertThatThrownBy(() -> IdxReader.parse(new byte[] {0, 0}, "h"))
        .hasMessageContaining("too short");
  }

  @Test
  void truncatedGzipIsReported() throws Exception {
    byte[] gz = DeterministicGzip.gzip(images(20, 0));
    Path p = Files.write(dir.resolve("t.gz"), Arrays.copyOf(gz, gz.length / 2));
    assertThatThrownBy(() -> IdxReader.read(p))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("gzip");
  }

  @Test
  void corruptGzipIsReported() throws Exception {
    byte[] gz = DeterministicGzip.gzip(images(20, 0));
    for (int i = 20; i < 40; i++) {
      gz[i] ^= 0x5a;
    }
    Path p = Files.write(dir.resolve("c.gz"), gz);
    assertThatThrownBy(() -> IdxReader.read(p))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("gzip");
  }

  @Test
  void missingFileIsNotFound() {
    assertThatThrownBy(() -> IdxReader.read(dir.resolve("nope")))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("nope");
  }

  /** Sizes use the exact {@code Shapes.size} (Issue 10, finding 7). */
  @Test
  void idxArrayWhoseDimensionsWrapIsRefused() {
    // 65536^4 wraps a 64-bit product to 0, the length of the data.
    assertThatThrownBy(() -> new IdxArray(new int[] {65536, 65536, 65536, 65536}, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
  }
}
