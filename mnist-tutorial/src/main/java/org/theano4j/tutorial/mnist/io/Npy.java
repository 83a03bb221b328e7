package org.theano4j.tutorial.mnist.io;

import java.io.IOException;
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
import org.theano4j.tutorial.mnist.data.DataFormatException;
import org.theano4j.tutorial.mnist.data.NumpyArray;

/**
 * Reads and writes NumPy {@code .npy} files (format version 1.0; versions 2.0 and 3.0 are read
 * too).
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
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** Reads the {@code .npy} file at {@code path}. */
  public static NDArray read(Path path) {
    try {
      return fromBytes(Files.readAllBytes(path), path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /**
   * Parses the bytes of a {@code .npy} file.
   *
   * @param source the file (or zip entry) name for error messages
   * @throws DataFormatException on a bad magic, version, header or data length
   */
  public static NDArray fromBytes(byte[] bytes, String source) {
    NumpyArray raw = parse(bytes, source);
    return toNDArray(raw, source);
  }

  /** Parses the header and splits off the data, without converting them. */
  static NumpyArray parse(byte[] bytes, String source) {
    if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
      throw new DataFormatException(source, "bad magic: not a .npy file (expected \\x93NUMPY)");
    }
    int major = bytes[6] & 0xff;
    int minor = bytes[7] & 0xff;
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLen;
    int start;
    if (major == 1) {
      headerLen = b.getShort(8) & 0xffff;
      start = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) {
        throw new DataFormatException(source, "truncated .npy preamble");
      }
      headerLen = b.getInt(8) & 0xffffffffL;
      start = 12;
    } else {
      throw new DataFormatException(source, "unsupported .npy format version " + major + "."
          + minor);
    }
    if (start + headerLen > bytes.length) {
      throw new DataFormatException(source, "truncated header: header length " + headerLen
          + " but the file has " + (bytes.length - start) + " bytes after the preamble");
    }
    String header = new String(bytes, start, (int) headerLen,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    if (!header.endsWith("\n")) {
      throw new DataFormatException(source, "header does not end with a newline");
    }
    NpyHeader h = NpyHeader.parse(header.trim(), source);
    int dataStart = start + (int) headerLen;
    byte[] data = Arrays.copyOfRange(bytes, dataStart, bytes.length);
    NumpyArray array = new NumpyArray(h.descr(), h.shape(), h.fortranOrder(), data);
    array.checkLength(source);
    return array;
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
