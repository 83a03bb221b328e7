package org.theano4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The limits every file reader of Theano4J enforces ({@code .npy}, {@code .npz}, and the
 * tutorial's IDX, pickle and tar readers), and the one place that reads "exactly
 * what the header declares" from a stream.
 *
 * <p>A reader first parses a file's header (IDX dimensions, {@code .npy} header dict), computes
 * the declared data size with exact arithmetic ({@link #declaredBytes}), refuses sizes above
 * {@link #MAX_ARRAY_BYTES}, then reads only that many bytes ({@link #readDeclared}) and
 * refuses a stream that ends early or goes on after them. Nothing is allocated for data that
 * are not in the stream (the bytes are read in chunks), so a header declaring 1 GiB over a
 * 1 KiB file costs 1 KiB, and a 2 GiB gzip bomb behind a 100-byte header costs 100 bytes plus
 * at most {@link #MAX_TRAILING_COUNT} bytes inflated to count the excess.
 */
public final class ReadLimits {
  /**
   * The largest data block (one IDX file's data, one {@code .npy} array, one pickled array's
   * bytes) read: 1 GiB. MNIST's training images are 47 MB as IDX, 157 MB as the float32
   * arrays of {@code mnist.pkl.gz}.
   */
  public static final int MAX_ARRAY_BYTES = 1 << 30;
  /** How far past the declared data a reader counts trailing bytes for its message: 1 MiB. */
  public static final int MAX_TRAILING_COUNT = 1 << 20;

  private ReadLimits() {}

  /**
   * The bytes of an array of {@code dims} with {@code itemSize}-byte elements, computed
   * exactly.
   *
   * @param what how the dimensions were declared, for the message (e.g. {@code "IDX header"})
   * @throws FileFormatException if a dimension is negative, the product overflows, or it
   *     exceeds {@link #MAX_ARRAY_BYTES}
   */
  public static int declaredBytes(int[] dims, int itemSize, String source, String what) {
    long bytes = itemSize;
    try {
      for (int d : dims) {
        if (d < 0) {
          throw new FileFormatException(source, what + ": negative dimension in "
              + Arrays.toString(dims));
        }
        bytes = Math.multiplyExact(bytes, d);
      }
    } catch (ArithmeticException e) {
      throw new FileFormatException(source, what + ": dimensions " + Arrays.toString(dims)
          + " of " + itemSize + "-byte elements overflow a 64-bit size");
    }
    if (bytes > MAX_ARRAY_BYTES) {
      throw new FileFormatException(source, what + ": dimensions " + Arrays.toString(dims)
          + " of " + itemSize + "-byte elements declare " + bytes + " bytes, more than the "
          + "limit of " + MAX_ARRAY_BYTES + " bytes (1 GiB) per array");
    }
    return (int) bytes;
  }

  /**
   * Reads exactly {@code expected} bytes from {@code in} and checks that the stream ends there.
   *
   * @param declared what the header said, the start of the message: e.g. {@code "header says 3
   *     items of 784 bytes (dimensions [3, 28, 28], 2352 bytes of data)"}
   * @throws FileFormatException "{@code <declared>} but the file has N bytes of data
   *     (truncated?)", or "... has N (or more than N) bytes of data (trailing bytes)"
   */
  public static byte[] readDeclared(InputStream in, int expected, String source,
      String declared) throws IOException {
    byte[] data = in.readNBytes(expected);
    if (data.length < expected) {
      throw new FileFormatException(source, declared + " but the file has " + data.length
          + " bytes of data (truncated?)");
    }
    long extra = countUpTo(in, MAX_TRAILING_COUNT + 1L);
    if (extra > 0) {
      throw new FileFormatException(source, declared + " but the file has "
          + (extra > MAX_TRAILING_COUNT ? "more than " + (expected + (long) MAX_TRAILING_COUNT)
              : String.valueOf(expected + extra))
          + " bytes of data (trailing bytes)");
    }
    return data;
  }

  /** A read from a stream, for {@link #gzipErrorsAsFormatErrors}. */
  public interface StreamRead<T> {
    T read() throws IOException;
  }

  /**
   * Runs {@code read}, turning the errors of a corrupt or truncated gzip stream into a
   * {@link FileFormatException} naming {@code source}.
   */
  public static <T> T gzipErrorsAsFormatErrors(String source, StreamRead<T> read)
      throws IOException {
    try {
      return read.read();
    } catch (java.util.zip.ZipException e) {
      throw new FileFormatException(source, "corrupt gzip data: " + e.getMessage(), e);
    } catch (java.io.EOFException e) {
      throw new FileFormatException(source, "truncated gzip data (unexpected end of stream)", e);
    }
  }

  /** Reads and discards up to {@code limit} bytes of {@code in}; returns how many there were. */
  private static long countUpTo(InputStream in, long limit) throws IOException {
    byte[] buf = new byte[8192];
    long n = 0;
    while (n < limit) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, limit - n));
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n;
  }
}
