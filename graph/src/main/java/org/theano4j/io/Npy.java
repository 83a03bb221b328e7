package org.theano4j.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;

/**
 * Reads and writes NumPy {@code .npy} files (format version 1.0; versions 2.0 and 3.0 are read
 * too), for every {@link DType}: {@code |b1} bool, {@code |i1} int8, {@code |u1} uint8,
 * {@code <i2} int16, {@code <i4} int32, {@code <i8} int64, {@code <f4} float32, {@code <f8}
 * float64. Reading also accepts big-endian ({@code >}) data, Fortran-order data (returned in C
 * order), and {@code <u2}/{@code <u4}, widened to int32/int64; 0-d and empty arrays both ways.
 * Writing is C order, little-endian.
 *
 * <p>Reading keeps the limits of {@link ReadLimits}: a header of at most
 * {@link #MAX_HEADER_BYTES}, sizes computed exactly, at most 1 GiB per array, and exactly the
 * data bytes the header declares; anything else is a {@link FileFormatException} naming the
 * file.
 *
 * <p>A file is the magic {@code \x93NUMPY}, the version bytes, a little-endian header length,
 * and an ASCII header such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (784, 10), }} padded with spaces and
 * ended by a newline so that the data start at a multiple of 64 bytes; then the data in C
 * order, little-endian.
 */
public final class Npy {
  /** The six magic bytes that start every {@code .npy} file. */
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** The alignment of the data start. */
  public static final int ALIGNMENT = 64;
  /** The longest header dict read, as NumPy's own default limit ({@code max_header_size}). */
  public static final int MAX_HEADER_BYTES = 10000;

  private static final Map<DType, String> DESCR = Map.of(
      DType.FLOAT32, "<f4", DType.FLOAT64, "<f8", DType.INT8, "|i1", DType.UINT8, "|u1",
      DType.INT16, "<i2", DType.INT32, "<i4", DType.INT64, "<i8", DType.BOOL, "|b1");

  private Npy() {}

  /** The NumPy descriptor of {@code dtype}, e.g. {@code "<f4"} for float32. */
  public static String descr(DType dtype) {
    return DESCR.get(dtype);
  }

  /** The header dict of version 1.0, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (784, 10), }}. */
  public static String headerDict(String descr, int[] shape) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      s.append(i > 0 ? ", " : "").append(shape[i]);
    }
    s.append(shape.length == 1 ? ",)" : ")");
    return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + s + ", }";
  }

  /** The preamble of a version 1.0 file: magic, version, length and padded header. */
  public static byte[] header(String descr, int[] shape) {
    byte[] dict = headerDict(descr, shape).getBytes(StandardCharsets.US_ASCII);
    int unpadded = MAGIC.length + 2 + 2 + dict.length + 1;
    int total = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    int headerLen = total - MAGIC.length - 4;
    if (headerLen > 0xffff) {
      throw new IllegalArgumentException("header of " + headerLen + " bytes needs format 2.0");
    }
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLen).put(dict);
    while (b.position() < total - 1) {
      b.put((byte) ' ');
    }
    b.put((byte) '\n');
    return b.array();
  }

  /** The bytes of a {@code .npy} file holding {@code a}. */
  public static byte[] toBytes(NDArray a) {
    String descr = descr(a.dtype());
    if (descr == null) {
      throw new IllegalArgumentException("no .npy descriptor for dtype " + a.dtype());
    }
    byte[] header = header(descr, a.shape());
    int item = a.dtype().byteSize();
    long total = (long) header.length + Shapes.byteCount(a.dtype(), a.size());
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a .npy file of " + total + " bytes does not fit one "
          + "Java byte array");
    }
    ByteBuffer b = ByteBuffer.allocate((int) total)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(header);
    switch (a.dtype()) {
      case FLOAT32:
        for (float v : a.toFloatArray()) {
          b.putFloat(v);
        }
        break;
      case FLOAT64:
        for (double v : a.toDoubleArray()) {
          b.putDouble(v);
        }
        break;
      default:
        for (long v : a.toLongArray()) {
          switch (item) {
            case 1: b.put((byte) v); break;
            case 2: b.putShort((short) v); break;
            case 4: b.putInt((int) v); break;
            default: b.putLong(v); break;
          }
        }
    }
    return b.array();
  }

  /** Writes {@code a} to {@code path} as a {@code .npy} file. */
  public static void write(Path path, NDArray a) {
    try {
      Files.write(path, toBytes(a));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e, e);
    }
  }

  /** Reads the {@code .npy} file at {@code path}. */
  public static NDArray read(Path path) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
      return toNDArray(parse(in, path.toString()), path.toString());
    } catch (java.nio.file.NoSuchFileException e) {
      throw new UncheckedIOException(".npy file not found: " + path, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e, e);
    }
  }

  /**
   * Parses the bytes of a {@code .npy} file.
   *
   * @param source the file (or zip entry) name for error messages
   * @throws FileFormatException on a bad magic, version, header or data length
   */
  public static NDArray fromBytes(byte[] bytes, String source) {
    try {
      return toNDArray(parse(new ByteArrayInputStream(bytes), source), source);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e); // a byte array cannot fail
    }
  }

  /**
   * Reads one {@code .npy} file from {@code in}: the preamble, a header of at most
   * {@link #MAX_HEADER_BYTES}, and exactly the data bytes the header declares (at most
   * {@link ReadLimits#MAX_ARRAY_BYTES}); a stream that ends early or goes on is refused.
   */
  static NDArray read(InputStream in, String source) throws IOException {
    return toNDArray(parse(in, source), source);
  }

  /** Parses the header and reads the data, without converting them. */
  static NumpyArray parse(InputStream in, String source) throws IOException {
    byte[] pre = in.readNBytes(10);
    if (pre.length < 10 || !Arrays.equals(Arrays.copyOf(pre, 6), MAGIC)) {
      throw new FileFormatException(source, "bad magic: not a .npy file (expected \\x93NUMPY)");
    }
    int major = pre[6] & 0xff;
    int minor = pre[7] & 0xff;
    long headerLen;
    if (major == 1) {
      headerLen = ByteBuffer.wrap(pre, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
    } else if (major == 2 || major == 3) {
      byte[] more = in.readNBytes(2);
      if (more.length < 2) {
        throw new FileFormatException(source, "truncated .npy preamble");
      }
      headerLen = ByteBuffer.wrap(new byte[] {pre[8], pre[9], more[0], more[1]})
          .order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
    } else {
      throw new FileFormatException(source, "unsupported .npy format version " + major + "."
          + minor);
    }
    if (headerLen > MAX_HEADER_BYTES) {
      throw new FileFormatException(source, "header length " + headerLen + " exceeds the limit"
          + " of " + MAX_HEADER_BYTES + " bytes");
    }
    byte[] headerBytes = in.readNBytes((int) headerLen);
    if (headerBytes.length < headerLen) {
      throw new FileFormatException(source, "truncated header: header length " + headerLen
          + " but the file has " + headerBytes.length + " bytes after the preamble");
    }
    String header = new String(headerBytes,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    if (!header.endsWith("\n")) {
      throw new FileFormatException(source, "header does not end with a newline");
    }
    NpyHeader h = NpyHeader.parse(header.trim(), source);
    int expected = NumpyArray.declaredBytes(h.descr(), h.shape(), source);
    byte[] data = ReadLimits.readDeclared(in, expected, source, "array of shape "
        + Arrays.toString(h.shape()) + " and dtype " + h.descr() + " needs " + expected
        + " bytes");
    return new NumpyArray(h.descr(), h.shape(), h.fortranOrder(), data);
  }

  /** Converts a parsed array to an NDArray of the matching dtype. */
  static NDArray toNDArray(NumpyArray raw, String source) {
    int[] shape = raw.shape();
    switch (raw.typeCode()) {
      case "f4": return NDArray.of(raw.toFloats(source), shape);
      case "f8": return NDArray.of(raw.toDoubles(source), shape);
      case "i8": case "u4": return NDArray.of(raw.toLongs(source), shape);
      default:
        long[] v = raw.toLongs(source);
        DType t = dtypeOf(raw.typeCode());
        NDArray a = NDArray.zeros(t, shape);
        a.storage().setLongs(0, v, 0, v.length);
        return a;
    }
  }

  private static DType dtypeOf(String code) {
    switch (code) {
      case "b1": return DType.BOOL;
      case "i1": return DType.INT8;
      case "u1": return DType.UINT8;
      case "i2": case "u2": return code.equals("i2") ? DType.INT16 : DType.INT32;
      case "i4": return DType.INT32;
      default: throw new IllegalStateException(code);
    }
  }
}
