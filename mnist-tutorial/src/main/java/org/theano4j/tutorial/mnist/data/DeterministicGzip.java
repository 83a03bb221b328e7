package org.theano4j.tutorial.mnist.data;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzips bytes reproducibly: a fixed header (modification time 0, no file name, OS "unknown")
 * and maximum compression, so the same input always gives the same file with the same zlib.
 */
public final class DeterministicGzip {
  private static final byte[] HEADER = {
    0x1f, (byte) 0x8b, // magic
    8, // deflate
    0, // flags: no name, no comment, no extra field
    0, 0, 0, 0, // modification time 0
    2, // extra flags: maximum compression
    (byte) 0xff // OS unknown
  };

  private DeterministicGzip() {}

  /** The gzip file of {@code data}. */
  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3 + 64);
    out.writeBytes(HEADER);
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      deflater.setInput(data);
      deflater.finish();
      byte[] buf = new byte[1 << 16];
      while (!deflater.finished()) {
        int n = deflater.deflate(buf);
        out.write(buf, 0, n);
      }
    } finally {
      deflater.end();
    }
    CRC32 crc = new CRC32();
    crc.update(data);
    writeIntLe(out, (int) crc.getValue());
    writeIntLe(out, data.length);
    return out.toByteArray();
  }

  private static void writeIntLe(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }
}
