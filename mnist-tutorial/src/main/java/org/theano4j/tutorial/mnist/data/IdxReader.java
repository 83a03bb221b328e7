package org.theano4j.tutorial.mnist.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files of unsigned bytes (the format of MNIST and Fashion-MNIST), plain or gzipped.
 *
 * <p>The header is two zero bytes, an element-type byte (only {@code 0x08}, unsigned byte, is
 * accepted), a byte with the number of dimensions, and one big-endian 32-bit size per
 * dimension; the data follow. Any deviation, and data that are shorter or longer than the
 * header says, is reported as a {@link DataFormatException} naming the file.
 */
public final class IdxReader {
  /** The IDX element type code of unsigned bytes. */
  public static final int UNSIGNED_BYTE = 0x08;

  private IdxReader() {}

  /** Reads {@code path}, gunzipping it first when it starts with the gzip magic bytes. */
  public static IdxArray read(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, path.toString());
    } catch (NoSuchFileException e) {
      throw new DatasetNotFoundException("IDX file not found: " + path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /**
   * Reads an IDX file from {@code in}, gunzipping it first when it starts with the gzip magic.
   *
   * @param source the file or resource name used in error messages
   */
  public static IdxArray read(InputStream in, String source) throws IOException {
    return parse(readMaybeGzipped(in, source), source);
  }

  /** Parses the bytes of an (uncompressed) IDX file. */
  public static IdxArray parse(byte[] raw, String source) {
    if (raw.length < 4) {
      throw new DataFormatException(source, "file of " + raw.length
          + " bytes is too short for an IDX header (4 bytes of magic number)");
    }
    if (raw[0] != 0 || raw[1] != 0) {
      throw new DataFormatException(source, String.format(
          "bad magic number 0x%02x%02x%02x%02x: an IDX file starts with two zero bytes",
          raw[0], raw[1], raw[2], raw[3]));
    }
    int type = raw[2] & 0xff;
    if (type != UNSIGNED_BYTE) {
      throw new DataFormatException(source, String.format(
          "wrong element type 0x%02x (%s), expected 0x08 (unsigned byte)", type, typeName(type)));
    }
    int ndim = raw[3] & 0xff;
    if (ndim == 0) {
      throw new DataFormatException(source, "IDX header has 0 dimensions");
    }
    int headerSize = 4 + 4 * ndim;
    if (raw.length < headerSize) {
      throw new DataFormatException(source, "truncated header: " + ndim + " dimensions need "
          + headerSize + " header bytes, the file has " + raw.length);
    }
    int[] dims = new int[ndim];
    long expected = 1;
    for (int i = 0; i < ndim; i++) {
      int p = 4 + 4 * i;
      long d = ((raw[p] & 0xffL) << 24) | ((raw[p + 1] & 0xff) << 16)
          | ((raw[p + 2] & 0xff) << 8) | (raw[p + 3] & 0xff);
      if (d > Integer.MAX_VALUE) {
        throw new DataFormatException(source, "dimension " + i + " of " + d + " is too large");
      }
      dims[i] = (int) d;
      expected *= d;
      if (expected > Integer.MAX_VALUE) {
        throw new DataFormatException(source, "header dimensions " + Arrays.toString(dims)
            + " exceed 2^31 bytes");
      }
    }
    long actual = raw.length - headerSize;
    if (actual != expected) {
      int itemSize = (int) (dims[0] == 0 ? 0 : expected / dims[0]);
      throw new DataFormatException(source, "header says " + dims[0] + " items of " + itemSize
          + " bytes (dimensions " + Arrays.toString(dims) + ", " + expected
          + " bytes of data) but the file has " + actual + " bytes of data"
          + (actual < expected ? " (truncated?)" : " (trailing bytes)"));
    }
    return new IdxArray(dims, Arrays.copyOfRange(raw, headerSize, raw.length));
  }

  /** All bytes of {@code in}, gunzipped when they start with the gzip magic {@code 1f 8b}. */
  static byte[] readMaybeGzipped(InputStream in, String source) throws IOException {
    BufferedInputStream b = new BufferedInputStream(in);
    b.mark(2);
    int m0 = b.read();
    int m1 = b.read();
    b.reset();
    if (m0 != 0x1f || m1 != 0x8b) {
      return b.readAllBytes();
    }
    try (GZIPInputStream gz = new GZIPInputStream(b, 1 << 16)) {
      return gz.readAllBytes();
    } catch (ZipException e) {
      throw new DataFormatException(source, "corrupt gzip data: " + e.getMessage(), e);
    } catch (java.io.EOFException e) {
      throw new DataFormatException(source, "truncated gzip data (unexpected end of stream)", e);
    }
  }

  /** As {@link #readMaybeGzipped(InputStream, String)} on a byte array. */
  static byte[] gunzipIfNeeded(byte[] bytes, String source) throws IOException {
    return readMaybeGzipped(new ByteArrayInputStream(bytes), source);
  }

  private static String typeName(int type) {
    switch (type) {
      case 0x08: return "unsigned byte";
      case 0x09: return "signed byte";
      case 0x0B: return "short";
      case 0x0C: return "int";
      case 0x0D: return "float";
      case 0x0E: return "double";
      default: return "unknown type";
    }
  }
}
