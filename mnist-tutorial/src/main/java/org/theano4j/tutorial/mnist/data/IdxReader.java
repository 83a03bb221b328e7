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
import org.theano4j.io.FileFormatException;
import org.theano4j.io.ReadLimits;

/**
 * Reads IDX files of unsigned bytes (the format of MNIST and Fashion-MNIST), plain or gzipped.
 *
 * <p>The header is two zero bytes, an element-type byte (only {@code 0x08}, unsigned byte, is
 * accepted), a byte with the number of dimensions, and one big-endian 32-bit size per
 * dimension; the data follow. Any deviation, and data that are shorter or longer than the
 * header says, is reported as a {@link FileFormatException} naming the file. Only the declared
 * bytes are read (at most {@link ReadLimits#MAX_ARRAY_BYTES}), so a gzip bomb behind a small
 * header is refused after the header's worth of data, and sizes are computed exactly.
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
   * Only the header and the data it declares are read; a stream that ends early or goes on
   * after them is refused (see {@link ReadLimits}).
   *
   * @param source the file or resource name used in error messages
   */
  public static IdxArray read(InputStream in, String source) throws IOException {
    return ReadLimits.gzipErrorsAsFormatErrors(source,
        () -> parse(openMaybeGzipped(in), source));
  }

  /** Parses the bytes of an (uncompressed) IDX file. */
  public static IdxArray parse(byte[] raw, String source) {
    try {
      return parse(new ByteArrayInputStream(raw), source);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e); // a byte array cannot fail
    }
  }

  private static IdxArray parse(InputStream in, String source) throws IOException {
    byte[] magic = in.readNBytes(4);
    if (magic.length < 4) {
      throw new FileFormatException(source, "file of " + magic.length
          + " bytes is too short for an IDX header (4 bytes of magic number)");
    }
    if (magic[0] != 0 || magic[1] != 0) {
      throw new FileFormatException(source, String.format(
          "bad magic number 0x%02x%02x%02x%02x: an IDX file starts with two zero bytes",
          magic[0], magic[1], magic[2], magic[3]));
    }
    int type = magic[2] & 0xff;
    if (type != UNSIGNED_BYTE) {
      throw new FileFormatException(source, String.format(
          "wrong element type 0x%02x (%s), expected 0x08 (unsigned byte)", type, typeName(type)));
    }
    int ndim = magic[3] & 0xff;
    if (ndim == 0) {
      throw new FileFormatException(source, "IDX header has 0 dimensions");
    }
    int headerSize = 4 + 4 * ndim;
    byte[] raw = in.readNBytes(4 * ndim);
    if (raw.length < 4 * ndim) {
      throw new FileFormatException(source, "truncated header: " + ndim + " dimensions need "
          + headerSize + " header bytes, the file has " + (4 + raw.length));
    }
    int[] dims = new int[ndim];
    for (int i = 0; i < ndim; i++) {
      int p = 4 * i;
      long d = ((raw[p] & 0xffL) << 24) | ((raw[p + 1] & 0xff) << 16)
          | ((raw[p + 2] & 0xff) << 8) | (raw[p + 3] & 0xff);
      if (d > Integer.MAX_VALUE) {
        throw new FileFormatException(source, "dimension " + i + " of " + d
            + " is too large (more than 2^31 - 1)");
      }
      dims[i] = (int) d;
    }
    int expected = ReadLimits.declaredBytes(dims, 1, source, "IDX header");
    int itemSize = dims[0] != 0 ? expected / dims[0]
        : ReadLimits.declaredBytes(Arrays.copyOfRange(dims, 1, ndim), 1, source, "IDX header");
    byte[] data = ReadLimits.readDeclared(in, expected, source, "header says " + dims[0]
        + " items of " + itemSize + " bytes (dimensions " + Arrays.toString(dims) + ", "
        + expected + " bytes of data)");
    return new IdxArray(dims, data);
  }

  /** {@code in}, gunzipped when it starts with the gzip magic {@code 1f 8b}. */
  static InputStream openMaybeGzipped(InputStream in) throws IOException {
    BufferedInputStream b = new BufferedInputStream(in);
    b.mark(2);
    int m0 = b.read();
    int m1 = b.read();
    b.reset();
    return m0 == 0x1f && m1 == 0x8b ? new GZIPInputStream(b, 1 << 16) : b;
  }

  /**
   * All bytes of {@code in}, gunzipped when they start with the gzip magic {@code 1f 8b}; at
   * most {@link ReadLimits#MAX_ARRAY_BYTES} plus a header's worth.
   */
  static byte[] readMaybeGzipped(InputStream in, String source) throws IOException {
    int limit = ReadLimits.MAX_ARRAY_BYTES + 4 + 4 * 255;
    byte[] all = ReadLimits.gzipErrorsAsFormatErrors(source,
        () -> openMaybeGzipped(in).readNBytes(limit + 1));
    if (all.length > limit) {
      throw new FileFormatException(source, "more than " + limit + " bytes (the limit of an "
          + "IDX file: " + ReadLimits.MAX_ARRAY_BYTES + " bytes of data and a header)");
    }
    return all;
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
