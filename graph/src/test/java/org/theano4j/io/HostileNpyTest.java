package org.theano4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.ndarray.NDArray;

/** Hostile {@code .npy} headers and {@code .npz} archives end in a clear FileFormatException. */
class HostileNpyTest {
  @TempDir Path dir;

  /** A version 1.0 {@code .npy} preamble and header dict with any shape text. */
  static byte[] npyHeader(String descr, String shape) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int total = (10 + dict.length() + 1 + 63) / 64 * 64;
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    b.put(Npy.MAGIC).put((byte) 1).put((byte) 0).putShort((short) (total - 10))
        .put(dict.getBytes(StandardCharsets.US_ASCII));
    while (b.position() < total - 1) {
      b.put((byte) ' ');
    }
    return b.put((byte) '\n').array();
  }

  /**
   * Writes an {@code .npz} whose one entry {@code x.npy} is a deflated {@code .npy} header for
   * 2 float32 values followed by {@code mib} MiB of zeros (about 1 KB per MiB).
   */
  static Path npzBomb(Path path, int mib) throws IOException {
    try (OutputStream f = Files.newOutputStream(path);
        ZipOutputStream zip = new ZipOutputStream(f)) {
      zip.setLevel(Deflater.BEST_COMPRESSION);
      zip.putNextEntry(new ZipEntry("x.npy"));
      zip.write(npyHeader("<f4", "(2,)"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < mib; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    return path;
  }

  @Test
  void npzZipBombIsInflatedOnlyAsFarAsTheHeaderDeclares() throws Exception {
    // 256 MiB keeps the test quick (deflating is the slow part); the reader stops 1 MiB past
    // the declared 8 bytes whatever the size, as the 2 GiB IDX bomb of HostileFilesTest shows.
    Path p = npzBomb(dir.resolve("bomb.npz"), 256);
    assertThat(Files.size(p)).isLessThan(400_000);
    assertThatThrownBy(() -> Npz.read(p))
        .isInstanceOf(FileFormatException.class)
        .hasMessage(p + "!x.npy: array of shape [2] and dtype <f4 needs 8 bytes but the file has"
            + " more than 1048584 bytes of data (trailing bytes)");
  }

  @Test
  void npzEntryShorterThanDeclaredIsRefused() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("W.npy"));
      zip.write(npyHeader("<f8", "(784, 10)"));
      zip.write(new byte[100]);
      zip.closeEntry();
    }
    assertThatThrownBy(() -> Npz.read(out.toByteArray(), "m.npz"))
        .hasMessage("m.npz!W.npy: array of shape [784, 10] and dtype <f8 needs 62720 bytes but the"
            + " file has 100 bytes of data (truncated?)");
  }

  @Test
  void npyDataLongerThanDeclaredIsRefused() {
    byte[] good = Npy.toBytes(NDArray.of(new float[] {1, 2}, 2));
    byte[] longer = java.util.Arrays.copyOf(good, good.length + 3);
    assertThatThrownBy(() -> Npy.fromBytes(longer, "l.npy"))
        .isInstanceOf(FileFormatException.class)
        .hasMessageEndingWith("needs 8 bytes but the file has 11 bytes of data (trailing bytes)");
  }

  @Test
  void negativeOverflowingAndOversizedShapesAreRefused() {
    assertThatThrownBy(() -> Npy.fromBytes(npyHeader("<f4", "(-1,)"), "n.npy"))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("n.npy: bad .npy header at character")
        .hasMessageContaining("expected a non-negative integer in the shape");
    assertThatThrownBy(() -> Npy.fromBytes(npyHeader("<f4", "(99999999999,)"), "b.npy"))
        .hasMessageContaining("dimension 99999999999 is too large");
    // (2^31 - 1)^3 * 8 overflows a long; a plain long product would wrap around.
    assertThatThrownBy(() -> Npy.fromBytes(
        npyHeader("<f8", "(2147483647, 2147483647, 2147483647)"), "o.npy"))
        .hasMessage("o.npy: array of dtype <f8: dimensions [2147483647, 2147483647, 2147483647]"
            + " of 8-byte elements overflow a 64-bit size");
    // 2^16 * 2^16 * 8 = 2^35 bytes: no overflow, over the 1 GiB limit, refused before reading.
    assertThatThrownBy(() -> Npy.fromBytes(npyHeader("<f8", "(65536, 65536)"), "l.npy"))
        .hasMessage("l.npy: array of dtype <f8: dimensions [65536, 65536] of 8-byte elements"
            + " declare 34359738368 bytes, more than the limit of 1073741824 bytes (1 GiB) per"
            + " array");
  }

  @Test
  void hugeHeaderLengthIsRefusedBeforeReading() {
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.put(Npy.MAGIC).put((byte) 2).put((byte) 0).putInt(-1); // 4 GiB - 1 header (version 2.0)
    assertThatThrownBy(() -> Npy.fromBytes(b.array(), "h.npy"))
        .hasMessage("h.npy: header length 4294967295 exceeds the limit of 10000 bytes");
  }
}
