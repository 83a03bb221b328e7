package org.theano4j.ndarray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * Flat element storage of one dtype in native (off-heap) memory.
 *
 * <p>Off-heap memory lets BLAS and the CUDA runtime read a tensor, or a view of one, without
 * copying it. Element reads and writes go through the typed buffer of the dtype; the generic
 * {@link #getDouble}/{@link #getLong} accessors are for slow paths and tests.
 */
public final class Storage {
  /** Per-thread scratch for converting float32/int32 runs in bulk. */
  private static final ThreadLocal<float[]> FLOAT_SCRATCH =
      ThreadLocal.withInitial(() -> new float[1024]);
  private static final ThreadLocal<int[]> INT_SCRATCH =
      ThreadLocal.withInitial(() -> new int[1024]);

  private final DType dtype;
  private final int size;
  private final ByteBuffer bytes;
  private final FloatBuffer f32;
  private final DoubleBuffer f64;
  private final IntBuffer i32;
  private final LongBuffer i64;
  private final ShortBuffer i16;

  private Storage(DType dtype, int size, boolean zeroed) {
    this.dtype = dtype;
    this.size = size;
    this.bytes = allocateDirect(Shapes.byteCount(dtype, size), zeroed)
        .order(ByteOrder.nativeOrder());
    this.f32 = dtype == DType.FLOAT32 ? bytes.asFloatBuffer() : null;
    this.f64 = dtype == DType.FLOAT64 ? bytes.asDoubleBuffer() : null;
    this.i32 = dtype == DType.INT32 ? bytes.asIntBuffer() : null;
    this.i64 = dtype == DType.INT64 ? bytes.asLongBuffer() : null;
    this.i16 = dtype == DType.INT16 ? bytes.asShortBuffer() : null;
  }

  /**
   * A direct buffer of {@code nbytes} from {@link NativeBlocks}, zero-filled if {@code zeroed};
   * running out of native memory (the JVM's {@code -XX:MaxDirectMemorySize}) is reported as an
   * error naming the request instead of an {@code OutOfMemoryError}. The bytes count towards
   * {@link NativeMemory}'s collection threshold.
   */
  private static ByteBuffer allocateDirect(int nbytes, boolean zeroed) {
    NativeMemory.process().allocating(nbytes);
    return NativeBlocks.allocate(nbytes, zeroed);
  }

  /**
   * Zero-filled storage of {@code size} elements; taken from the current thread's
   * {@link StoragePool} when one is entered and has a buffer of this dtype and size.
   */
  public static Storage allocate(DType dtype, int size) {
    return allocate(dtype, size, true);
  }

  /**
   * Storage of {@code size} elements whose contents are unspecified (a buffer reused from the
   * current thread's pool keeps its old values, and so may a large new one, whose native memory
   * {@link NativeBlocks} may recycle from dead tensors): for a caller that writes every element
   * before anything reads it, which saves the pass that zeroes the buffer.
   */
  public static Storage allocateUninitialized(DType dtype, int size) {
    return allocate(dtype, size, false);
  }

  private static Storage allocate(DType dtype, int size, boolean zeroed) {
    StoragePool pool = StoragePool.current();
    Storage s = pool == null ? null : pool.take(dtype, size, zeroed);
    if (s == null) {
      s = new Storage(dtype, size, zeroed);
    }
    if (!zeroed && POISON) {
      s.poison();
    }
    return s;
  }

  /**
   * System property: {@code true} fills every uninitialized storage with all-ones bytes (NaN
   * for floats, -1 for integers), so that a kernel which reads an element before writing it
   * gives visibly wrong results instead of whatever the memory held. The test suites run with
   * it (the parent pom's surefire configuration).
   */
  public static final String POISON_PROPERTY = "theano4j.poisonUninitialized";
  private static final boolean POISON = Boolean.getBoolean(POISON_PROPERTY);

  private static final byte[] ZEROS = new byte[8192];

  /** Sets every element to zero. */
  void clear() {
    fill(ZEROS);
  }

  private static final byte[] ONES = new byte[8192];

  static {
    java.util.Arrays.fill(ONES, (byte) 0xFF);
  }

  /** Sets every byte to all ones ({@link #POISON_PROPERTY}). */
  private void poison() {
    fill(ONES);
  }

  /** Repeats {@code run} (of one byte value) over every byte. */
  private void fill(byte[] run) {
    int n = bytes.capacity();
    for (int at = 0; at < n; at += run.length) {
      bytes.put(at, run, 0, Math.min(run.length, n - at));
    }
  }

  public DType dtype() {
    return dtype;
  }

  public int size() {
    return size;
  }

  /** The raw bytes in native order (position 0); shared, not a copy. */
  public ByteBuffer bytes() {
    return bytes;
  }

  public FloatBuffer floats() {
    return f32;
  }

  public DoubleBuffer doubles() {
    return f64;
  }

  public IntBuffer ints() {
    return i32;
  }

  public LongBuffer longs() {
    return i64;
  }

  /** Element {@code i} as a double (exact for every dtype but large int64). */
  public double getDouble(int i) {
    switch (dtype) {
      case FLOAT32: return f32.get(i);
      case FLOAT64: return f64.get(i);
      case INT64: return i64.get(i);
      default: return getLong(i);
    }
  }

  /** Element {@code i} as a long; floats are truncated toward zero. */
  public long getLong(int i) {
    switch (dtype) {
      case BOOL: return bytes.get(i) != 0 ? 1 : 0;
      case INT8: return bytes.get(i);
      case UINT8: return bytes.get(i) & 0xFF;
      case INT16: return i16.get(i);
      case INT32: return i32.get(i);
      case INT64: return i64.get(i);
      case FLOAT32: return (long) f32.get(i);
      case FLOAT64: return (long) f64.get(i);
      default: throw new AssertionError(dtype);
    }
  }

  /** Stores {@code v} converted to this dtype (floats to integers truncate, as C casts). */
  public void setDouble(int i, double v) {
    switch (dtype) {
      case FLOAT32: f32.put(i, (float) v); break;
      case FLOAT64: f64.put(i, v); break;
      case BOOL: bytes.put(i, (byte) (v != 0 ? 1 : 0)); break;
      default: setLong(i, (long) v);
    }
  }

  /** Stores {@code v} wrapped to this dtype's width (two's complement, as NumPy does). */
  public void setLong(int i, long v) {
    switch (dtype) {
      case BOOL: bytes.put(i, (byte) (v != 0 ? 1 : 0)); break;
      case INT8:
      case UINT8: bytes.put(i, (byte) v); break;
      case INT16: i16.put(i, (short) v); break;
      case INT32: i32.put(i, (int) v); break;
      case INT64: i64.put(i, v); break;
      case FLOAT32: f32.put(i, (float) v); break;
      case FLOAT64: f64.put(i, (double) v); break;
      default: throw new AssertionError(dtype);
    }
  }

  /** Reads {@code n} elements from {@code start} into {@code dst} as doubles. */
  public void getDoubles(int start, double[] dst, int dstOff, int n) {
    switch (dtype) {
      case FLOAT64:
        f64.get(start, dst, dstOff, n);
        return;
      case FLOAT32: {
        float[] tmp = floatScratch(n);
        f32.get(start, tmp, 0, n);
        for (int k = 0; k < n; k++) {
          dst[dstOff + k] = tmp[k];
        }
        return;
      }
      case INT32: {
        int[] tmp = intScratch(n);
        i32.get(start, tmp, 0, n);
        for (int k = 0; k < n; k++) {
          dst[dstOff + k] = tmp[k];
        }
        return;
      }
      default:
        for (int k = 0; k < n; k++) {
          dst[dstOff + k] = getDouble(start + k);
        }
    }
  }

  private static float[] floatScratch(int n) {
    float[] tmp = FLOAT_SCRATCH.get();
    if (tmp.length < n) {
      tmp = new float[n];
      FLOAT_SCRATCH.set(tmp);
    }
    return tmp;
  }

  private static int[] intScratch(int n) {
    int[] tmp = INT_SCRATCH.get();
    if (tmp.length < n) {
      tmp = new int[n];
      INT_SCRATCH.set(tmp);
    }
    return tmp;
  }

  /** Reads {@code n} elements from {@code start} into {@code dst} as longs. */
  public void getLongs(int start, long[] dst, int dstOff, int n) {
    switch (dtype) {
      case INT64:
        i64.get(start, dst, dstOff, n);
        return;
      case INT32: {
        int[] tmp = intScratch(n);
        i32.get(start, tmp, 0, n);
        for (int k = 0; k < n; k++) {
          dst[dstOff + k] = tmp[k];
        }
        return;
      }
      default:
        for (int k = 0; k < n; k++) {
          dst[dstOff + k] = getLong(start + k);
        }
    }
  }

  /** Writes {@code n} doubles converted to this dtype starting at {@code start}. */
  public void setDoubles(int start, double[] src, int srcOff, int n) {
    switch (dtype) {
      case FLOAT64:
        f64.put(start, src, srcOff, n);
        return;
      case FLOAT32: {
        float[] tmp = floatScratch(n);
        for (int k = 0; k < n; k++) {
          tmp[k] = (float) src[srcOff + k];
        }
        f32.put(start, tmp, 0, n);
        return;
      }
      default:
        for (int k = 0; k < n; k++) {
          setDouble(start + k, src[srcOff + k]);
        }
    }
  }

  /** Writes {@code n} longs wrapped to this dtype starting at {@code start}. */
  public void setLongs(int start, long[] src, int srcOff, int n) {
    switch (dtype) {
      case INT64:
        i64.put(start, src, srcOff, n);
        return;
      case INT32: {
        int[] tmp = intScratch(n);
        for (int k = 0; k < n; k++) {
          tmp[k] = (int) src[srcOff + k];
        }
        i32.put(start, tmp, 0, n);
        return;
      }
      default:
        for (int k = 0; k < n; k++) {
          setLong(start + k, src[srcOff + k]);
        }
    }
  }
}
