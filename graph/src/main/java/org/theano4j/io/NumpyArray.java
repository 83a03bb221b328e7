package org.theano4j.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.theano4j.ndarray.Shapes;

/**
 * A NumPy array as found in a {@code .npy} file or a pickle: a dtype descriptor such as
 * {@code "<f4"}, a shape, the memory order, and the raw element bytes.
 *
 * <p>Supported element types are the numeric ones: {@code b1}, {@code i1}, {@code u1},
 * {@code i2}, {@code u2}, {@code i4}, {@code u4}, {@code i8}, {@code f4} and {@code f8}, in
 * either byte order.
 */
public final class NumpyArray {
  private final String descr;
  private final int[] shape;
  private final boolean fortranOrder;
  private final byte[] data;

  /**
   * An array over {@code data} (not copied).
   *
   * @param descr the NumPy type string, byte order first: {@code "<f4"}, {@code "|u1"}, ...
   */
  public NumpyArray(String descr, int[] shape, boolean fortranOrder, byte[] data) {
    this.descr = descr;
    this.shape = shape.clone();
    this.fortranOrder = fortranOrder;
    this.data = data;
  }

  /** The NumPy type string with its byte order, e.g. {@code "<f4"}. */
  public String descr() {
    return descr;
  }

  /** The kind and size without byte order, e.g. {@code "f4"}. */
  public String typeCode() {
    return descr.substring(1);
  }

  /** The shape (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  /** Whether the data are in column-major (Fortran) order. */
  public boolean fortranOrder() {
    return fortranOrder;
  }

  /**
   * The number of elements, the product of the shape.
   *
   * @throws IllegalArgumentException if no array can have this shape ({@link Shapes#size})
   */
  public long size() {
    return Shapes.size(shape);
  }

  /** The elements as doubles in C (row-major) order. */
  public double[] toDoubles(String source) {
    ByteBuffer buf = checkedBuffer(source);
    int n = (int) size();
    double[] out = new double[n];
    String code = typeCode();
    for (int i = 0; i < n; i++) {
      out[i] = code.charAt(0) == 'f' ? readFloat(buf, i, code) : readLong(buf, i, code);
    }
    return reorder(out);
  }

  /** The elements as floats in C order (float64 values rounded to float32). */
  public float[] toFloats(String source) {
    if (typeCode().equals("f4") && (!fortranOrder || shape.length < 2)) {
      float[] f = new float[(int) size()];
      checkedBuffer(source).asFloatBuffer().get(f);
      return f;
    }
    double[] d = toDoubles(source);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /**
   * The elements as longs in C order.
   *
   * @throws FileFormatException if the array is of a floating-point type
   */
  public long[] toLongs(String source) {
    ByteBuffer buf = checkedBuffer(source);
    String code = typeCode();
    if (code.charAt(0) == 'f') {
      throw new FileFormatException(source, "expected an integer array, got dtype " + descr);
    }
    int n = (int) size();
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = readLong(buf, i, code);
    }
    return reorder(out);
  }

  /**
   * Checks that the dtype is supported and the data length matches the shape.
   *
   * @param source the file name for error messages
   * @throws FileFormatException if not
   */
  public void checkLength(String source) {
    checkedBuffer(source);
  }

  /** Checks the descriptor and the data length; returns the data as a buffer of its order. */
  ByteBuffer checkedBuffer(String source) {
    long expected = declaredBytes(descr, shape, source);
    if (data.length != expected) {
      throw new FileFormatException(source, "array of shape " + Arrays.toString(shape) + " and dtype "
          + descr + " needs " + expected + " bytes, found " + data.length);
    }
    return ByteBuffer.wrap(data).order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN
        : ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * The bytes of an array of {@code descr} and {@code shape}, computed exactly.
   *
   * @throws FileFormatException if the dtype is unsupported, or the size is negative,
   *     overflows or exceeds {@link ReadLimits#MAX_ARRAY_BYTES}
   */
  public static int declaredBytes(String descr, int[] shape, String source) {
    if (descr == null || descr.length() < 3) {
      throw new FileFormatException(source, "array has no valid dtype (got " + descr + ")");
    }
    char order = descr.charAt(0);
    int itemSize = itemSize(descr.substring(1));
    if (itemSize < 0) {
      throw new FileFormatException(source, "unsupported dtype " + descr
          + " (supported: b1, i1, u1, i2, u2, i4, u4, i8, f4, f8)");
    }
    if (order != '<' && order != '>' && order != '|' && order != '=') {
      throw new FileFormatException(source, "bad byte order '" + order + "' in dtype " + descr);
    }
    return ReadLimits.declaredBytes(shape, itemSize, source, "array of dtype " + descr);
  }

  /** The size in bytes of an element of {@code code} ({@code "f4"}, ...), or -1 if unsupported. */
  static int itemSize(String code) {
    switch (code) {
      case "b1": case "i1": case "u1": return 1;
      case "i2": case "u2": return 2;
      case "i4": case "u4": case "f4": return 4;
      case "i8": case "f8": return 8;
      default: return -1;
    }
  }

  private static double readFloat(ByteBuffer b, int i, String code) {
    return code.equals("f4") ? b.getFloat(i * 4) : b.getDouble(i * 8);
  }

  private static long readLong(ByteBuffer b, int i, String code) {
    switch (code) {
      case "b1": case "u1": return b.get(i) & 0xff;
      case "i1": return b.get(i);
      case "i2": return b.getShort(i * 2);
      case "u2": return b.getShort(i * 2) & 0xffff;
      case "i4": return b.getInt(i * 4);
      case "u4": return b.getInt(i * 4) & 0xffffffffL;
      case "i8": return b.getLong(i * 8);
      default: throw new IllegalStateException(code);
    }
  }

  private double[] reorder(double[] src) {
    if (!fortranOrder || shape.length < 2) {
      return src;
    }
    double[] dst = new double[src.length];
    int[] map = fortranToC();
    for (int f = 0; f < src.length; f++) {
      dst[map[f]] = src[f];
    }
    return dst;
  }

  private long[] reorder(long[] src) {
    if (!fortranOrder || shape.length < 2) {
      return src;
    }
    long[] dst = new long[src.length];
    int[] map = fortranToC();
    for (int f = 0; f < src.length; f++) {
      dst[map[f]] = src[f];
    }
    return dst;
  }

  /** For each Fortran-order position, the C-order position of the same element. */
  private int[] fortranToC() {
    int n = (int) size();
    int[] cStrides = new int[shape.length];
    int s = 1;
    for (int a = shape.length - 1; a >= 0; a--) {
      cStrides[a] = s;
      s *= shape[a];
    }
    int[] map = new int[n];
    int[] idx = new int[shape.length];
    for (int f = 0; f < n; f++) {
      int c = 0;
      for (int a = 0; a < shape.length; a++) {
        c += idx[a] * cStrides[a];
      }
      map[f] = c;
      for (int a = 0; a < shape.length; a++) { // first axis varies fastest in Fortran order
        if (++idx[a] < shape[a]) {
          break;
        }
        idx[a] = 0;
      }
    }
    return map;
  }
}
