package org.theano4j.tutorial.mnist.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the hostile files of the reliability review: gzip bombs and hostile pickles, streamed
 * so that making them costs little memory. A gzip bomb is a run of gzip members (which
 * {@code gunzip} and Java's {@code GZIPInputStream} read as one stream): the first holds a
 * prefix (a header), each of the others the same compressed 1 MiB block of one repeated byte.
 */
public final class HostileFiles {
  /** One mebibyte. */
  public static final int MIB = 1 << 20;

  private HostileFiles() {}

  /** A gzip member of {@code data}, best compression. */
  public static byte[] gzipMember(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out) {
      {
        def.setLevel(Deflater.BEST_COMPRESSION);
      }
    }) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /**
   * Writes {@code path}: gzip of {@code prefix} followed by {@code mib} MiB of {@code fill}
   * bytes. The file is about 1 KiB per inflated MiB.
   */
  public static Path gzipBomb(Path path, byte[] prefix, int mib, byte fill) throws IOException {
    byte[] block = new byte[MIB];
    Arrays.fill(block, fill);
    byte[] member = gzipMember(block);
    try (OutputStream out = Files.newOutputStream(path)) {
      out.write(gzipMember(prefix));
      for (int i = 0; i < mib; i++) {
        out.write(member);
      }
    }
    return path;
  }

  /** The header of an unsigned-byte IDX file with {@code dims}. */
  public static byte[] idxHeader(int... dims) {
    byte[] h = new byte[4 + 4 * dims.length];
    h[2] = 0x08;
    h[3] = (byte) dims.length;
    for (int i = 0; i < dims.length; i++) {
      for (int b = 0; b < 4; b++) {
        h[4 + 4 * i + b] = (byte) (dims[i] >>> (24 - 8 * b));
      }
    }
    return h;
  }

  /**
   * A 2 GiB gzip bomb (about 2 MB on disk) behind an IDX header declaring 100 labels: the
   * issue's "2 MB IDX .gz whose header says 100 labels but inflates to 2 GiB".
   */
  public static Path idxLabelBomb(Path path) throws IOException {
    return gzipBomb(path, idxHeader(100), 2048, (byte) 0);
  }

  /** 300 M MARK opcodes, gzipped to about 300 KB. */
  public static Path markBomb(Path path) throws IOException {
    return gzipBomb(path, new byte[] {(byte) 0x80, 2}, 300, (byte) '(');
  }

  /** {@code }]q\0h\0aNs.}: a dict whose key is a list holding itself (10 bytes). */
  public static byte[] selfReferentialKey() {
    return new byte[] {'}', ']', 'q', 0, 'h', 0, 'a', 'N', 's', '.'};
  }

  /**
   * A memo bomb: one list memoized, then {@code rounds} times MARK, 50,000 BINGETs of it and
   * APPENDS, so the list gets {@code 50,000 * rounds} references from a few bytes each.
   */
  public static byte[] memoBomb(int rounds) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x80, 2, ']', 'q', 0});
    byte[] gets = new byte[2 * 50_000];
    for (int i = 0; i < gets.length; i += 2) {
      gets[i] = 'h';
    }
    for (int r = 0; r < rounds; r++) {
      out.write('(');
      out.writeBytes(gets);
      out.write('e');
    }
    out.write('.');
    return out.toByteArray();
  }

  /** An empty tuple wrapped {@code depth} times in TUPLE1, then STOP. */
  public static byte[] nestedTuples(int depth) {
    byte[] b = new byte[depth + 2];
    b[0] = ')';
    Arrays.fill(b, 1, depth + 1, (byte) 0x85);
    b[depth + 1] = '.';
    return b;
  }

  /** {@code depth} empty lists, each APPENDed into the one below: a list {@code depth} deep. */
  public static byte[] nestedLists(int depth) {
    byte[] b = new byte[2 * depth];
    Arrays.fill(b, 0, depth, (byte) ']');
    Arrays.fill(b, depth, 2 * depth - 1, (byte) 'a');
    b[2 * depth - 1] = '.';
    return b;
  }
}
