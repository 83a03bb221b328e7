package org.theano4j.ndarray;

import java.util.Arrays;

/**
 * An n-dimensional array: a dtype, a shape, and strides over a flat {@link Storage}.
 *
 * <p>Slices, transposes and broadcasts are views sharing storage; {@link #copy()} makes a
 * contiguous copy. Arrays handed to and returned by compiled functions are treated as
 * immutable values by the library, and code outside the library should do the same.
 *
 * <pre>{@code
 * NDArray a = NDArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
 * a.getDouble(1, 2);      // 6.0
 * a.transpose().shape();  // [3, 2], a view
 * }</pre>
 */
public final class NDArray {
  // Not final: a wrapper an ArrayArena owns is re-pointed on its node's next call (never one
  // that has left a call; see ArrayArena). Every other array never changes after construction.
  private DType dtype;
  private final int[] shape;
  private final int[] strides;
  private int offset;
  private Storage storage;
  private boolean contiguous;
  /** The arena that may re-point this wrapper, or null (then it never changes). */
  private ArrayArena owner;
  /** The arena that made this wrapper (null for one made outside any), kept when disowned. */
  private final ArrayArena home;
  /** Whether this arena wrapper is a borrowed output, kept until its node's next call. */
  private boolean lent;

  NDArray(Storage storage, int[] shape, int[] strides, int offset) {
    this(storage, shape, strides, offset, null);
  }

  /** A wrapper of {@code owner} (see {@link ArrayArena#obtain}); shape and strides filled later. */
  NDArray(Storage storage, int[] shape, int[] strides, int offset, ArrayArena owner) {
    this.dtype = storage == null ? null : storage.dtype();
    this.storage = storage;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.owner = owner;
    this.home = owner;
    this.contiguous = owner == null && Shapes.isContiguous(shape, strides);
  }

  ArrayArena owner() {
    return owner;
  }

  ArrayArena home() {
    return home;
  }

  void disown() {
    owner = null;
  }

  /** Makes a disowned wrapper {@code arena}'s again ({@link ArrayArena#reclaim}). */
  void own(ArrayArena arena) {
    owner = arena;
  }

  void lend() {
    lent = owner != null;
  }

  boolean lent() {
    return lent;
  }

  /** Points an arena's wrapper at other storage (shape and strides to be set, then sealed). */
  void repoint(Storage storage, int offset) {
    this.lent = false;
    this.storage = storage;
    this.dtype = storage == null ? null : storage.dtype();
    this.offset = offset;
  }

  /** Finishes a wrapper whose shape and strides were just written. */
  NDArray seal() {
    contiguous = Shapes.isContiguous(shape, strides);
    return this;
  }

  /**
   * A view of {@code storage} with {@code shape} and {@code strides} (which the result may
   * keep, or copy from when an arena is current: the arena's next wrapper then holds them).
   */
  private static NDArray make(ArrayArena arena, Storage storage, int[] shape, int[] strides,
      int offset) {
    if (arena == null) {
      return new NDArray(storage, shape, strides, offset);
    }
    NDArray a = arena.obtain(storage, shape.length, offset);
    if (a.shape != shape) {
      System.arraycopy(shape, 0, a.shape, 0, shape.length);
    }
    if (a.strides != strides) {
      System.arraycopy(strides, 0, a.strides, 0, strides.length);
    }
    return a.seal();
  }

  // ---------------------------------------------------------------- factories

  /** A new contiguous zero-filled array. */
  public static NDArray zeros(DType dtype, int... shape) {
    return allocated(dtype, true, shape);
  }

  /**
   * A new contiguous array for a kernel that writes every element before reading any: like
   * {@link #zeros}, except that a buffer reused from the current thread's
   * {@link StoragePool} is not zeroed first.
   */
  public static NDArray uninitialized(DType dtype, int... shape) {
    return allocated(dtype, false, shape);
  }

  private static NDArray allocated(DType dtype, boolean zeroed, int[] shape) {
    if (dtype == null) {
      throw new IllegalArgumentException("the dtype is null");
    }
    int n = Shapes.size(checkShape(shape));
    Storage st = zeroed ? Storage.allocate(dtype, n) : Storage.allocateUninitialized(dtype, n);
    ArrayArena arena = ArrayArena.current();
    if (arena == null) {
      int[] s = shape.clone();
      return new NDArray(st, s, Shapes.contiguousStrides(s), 0);
    }
    NDArray a = arena.obtain(st, shape.length, 0);
    System.arraycopy(shape, 0, a.shape, 0, shape.length);
    Shapes.contiguousStrides(a.shape, a.strides);
    return a.seal();
  }

  /** A new contiguous array of ones. */
  public static NDArray ones(DType dtype, int... shape) {
    return full(dtype, 1, shape);
  }

  /** A new contiguous array filled with {@code value} converted to {@code dtype}. */
  public static NDArray full(DType dtype, double value, int... shape) {
    NDArray a = zeros(dtype, shape);
    // Only +0.0 is already there: -0.0 == 0 but must keep its sign (x / -0.0 is -x * inf).
    if (Double.doubleToRawLongBits(value) != 0) {
      for (int i = 0, n = a.size(); i < n; i++) {
        a.storage.setDouble(i, value);
      }
    }
    return a;
  }

  public static NDArray of(float[] data, int... shape) {
    NDArray a = zeros(DType.FLOAT32, checkData(data, shape));
    a.storage.floats().put(0, data);
    return a;
  }

  public static NDArray of(double[] data, int... shape) {
    NDArray a = zeros(DType.FLOAT64, checkData(data, shape));
    a.storage.doubles().put(0, data);
    return a;
  }

  public static NDArray of(int[] data, int... shape) {
    NDArray a = zeros(DType.INT32, checkData(data, shape));
    a.storage.ints().put(0, data);
    return a;
  }

  public static NDArray of(long[] data, int... shape) {
    NDArray a = zeros(DType.INT64, checkData(data, shape));
    a.storage.longs().put(0, data);
    return a;
  }

  /** Java bytes are signed: the result is int8. See {@link #ofUnsigned} for uint8. */
  public static NDArray of(byte[] data, int... shape) {
    NDArray a = zeros(DType.INT8, checkData(data, shape));
    a.storage.bytes().put(0, data);
    return a;
  }

  /** Bytes read as unsigned 0..255 (uint8), e.g. image pixels. */
  public static NDArray ofUnsigned(byte[] data, int... shape) {
    NDArray a = zeros(DType.UINT8, checkData(data, shape));
    a.storage.bytes().put(0, data);
    return a;
  }

  public static NDArray of(boolean[] data, int... shape) {
    NDArray a = zeros(DType.BOOL, checkData(data, shape));
    for (int i = 0; i < data.length; i++) {
      a.storage.setLong(i, data[i] ? 1 : 0);
    }
    return a;
  }

  /** A 0-d array of {@code dtype}. */
  public static NDArray scalar(DType dtype, double value) {
    return full(dtype, value, NO_INDEX);
  }

  public static NDArray scalar(float value) {
    return full(DType.FLOAT32, value, NO_INDEX);
  }

  public static NDArray scalar(double value) {
    return full(DType.FLOAT64, value, NO_INDEX);
  }

  public static NDArray scalar(int value) {
    return full(DType.INT32, value, NO_INDEX);
  }

  public static NDArray scalar(long value) {
    NDArray a = zeros(DType.INT64, NO_INDEX);
    a.storage.setLong(0, value);
    return a;
  }

  public static NDArray scalar(boolean value) {
    return full(DType.BOOL, value ? 1 : 0, NO_INDEX);
  }

  /** {@code [0, 1, ..., n-1]} as int64. */
  public static NDArray arange(long n) {
    return arange(0, n, 1);
  }

  /** {@code [start, start+step, ...)} up to {@code stop} (exclusive) as int64. */
  public static NDArray arange(long start, long stop, long step) {
    int n = Shapes.arangeLength(start, stop, step);
    NDArray a = zeros(DType.INT64, n);
    for (int i = 0; i < n; i++) {
      a.storage.setLong(i, start + i * step);
    }
    return a;
  }

  /** Evenly spaced values of {@code dtype} in {@code [start, stop)}, as NumPy's arange. */
  public static NDArray arange(DType dtype, double start, double stop, double step) {
    int n = Shapes.arangeLength(start, stop, step);
    NDArray a = zeros(dtype, n);
    for (int i = 0; i < n; i++) {
      a.storage.setDouble(i, start + i * step);
    }
    return a;
  }

  /** Wraps existing storage; shape and strides are in elements. */
  public static NDArray view(Storage storage, int[] shape, int[] strides, int offset) {
    if (shape.length != strides.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape)
          + " and strides " + Arrays.toString(strides) + " differ in rank");
    }
    ArrayArena arena = ArrayArena.current();
    return arena == null ? new NDArray(storage, shape.clone(), strides.clone(), offset)
        : make(arena, storage, shape, strides, offset);
  }

  private static int[] checkShape(int[] shape) {
    if (shape == null) {
      throw new IllegalArgumentException("the shape is null");
    }
    return shape;
  }

  /** The shape of an array made from {@code data} (a primitive array), checked. */
  private static int[] checkData(Object data, int[] shape) {
    if (data == null) {
      throw new IllegalArgumentException("the data array is null");
    }
    int length = java.lang.reflect.Array.getLength(data);
    int[] s = checkShape(shape).length == 0 && length != 1 ? new int[] {length} : shape.clone();
    if (Shapes.size(s) != length) {
      throw new IllegalArgumentException("data of length " + length + " cannot have shape "
          + Arrays.toString(s));
    }
    return s;
  }

  // ---------------------------------------------------------------- properties

  public DType dtype() {
    return dtype;
  }

  /** The shape (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  public int shape(int axis) {
    return shape[axis];
  }

  /** Strides in elements (a copy). */
  public int[] strides() {
    return strides.clone();
  }

  public int stride(int axis) {
    return strides[axis];
  }

  /** Offset of element {@code [0,...,0]} in the storage, in elements. */
  public int offset() {
    return offset;
  }

  public Storage storage() {
    return storage;
  }

  public int ndim() {
    return shape.length;
  }

  public int size() {
    return Shapes.size(shape);
  }

  /** Equal shapes, compared without copying them (copies run inside allocation-free calls). */
  boolean sameShape(NDArray other) {
    return Arrays.equals(shape, other.shape);
  }

  /** True if elements are laid out row-major without gaps. */
  public boolean isContiguous() {
    return contiguous;
  }

  // ---------------------------------------------------------------- element access

  private int flatIndex(int[] index) {
    if (index.length != shape.length) {
      throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " has "
          + index.length + " entries for an array of rank " + shape.length);
    }
    int p = offset;
    for (int d = 0; d < index.length; d++) {
      p += Shapes.index(index[d], d, shape[d]) * strides[d];
    }
    return p;
  }

  private static final int[] NO_INDEX = {};

  /** The element of a 0-d array as a double (without a varargs array). */
  public double getDouble() {
    return storage.getDouble(flatIndex(NO_INDEX));
  }

  /**
   * The element of a one-element array of any rank as a double (NumPy's {@code item()}),
   * read in place.
   *
   * @throws IllegalArgumentException if the array does not have exactly one element
   */
  public double itemDouble() {
    if (size() != 1) {
      throw new IllegalArgumentException("itemDouble: the array has " + size()
          + " elements (shape " + Arrays.toString(shape) + "), expected exactly one");
    }
    return storage.getDouble(offset);
  }

  /** The element of a 0-d array as a long (floats truncate; without a varargs array). */
  public long getLong() {
    return storage.getLong(flatIndex(NO_INDEX));
  }

  /** The element at {@code index} (negative indices count from the end) as a double. */
  public double getDouble(int... index) {
    return storage.getDouble(flatIndex(index));
  }

  /** The element at {@code index} as a long (floats truncate). */
  public long getLong(int... index) {
    return storage.getLong(flatIndex(index));
  }

  /** Sets the element of a 0-d array (without a varargs array); see below. */
  public void setDouble(double value) {
    storage.setDouble(flatIndex(NO_INDEX), value);
  }

  /** Sets the element of a 0-d array exactly for integer dtypes (without a varargs array). */
  public void setLong(long value) {
    storage.setLong(flatIndex(NO_INDEX), value);
  }

  /** Sets the element at {@code index}; mutates shared storage, so use on fresh arrays only. */
  public void setDouble(double value, int... index) {
    storage.setDouble(flatIndex(index), value);
  }

  /** Sets the element at {@code index} exactly for integer dtypes. */
  public void setLong(long value, int... index) {
    storage.setLong(flatIndex(index), value);
  }

  /** Storage position of the element with row-major flat index {@code flat}. */
  public int storageIndex(int flat) {
    int p = offset;
    for (int d = shape.length - 1; d >= 0; d--) {
      int n = shape[d];
      if (n != 0) {
        p += (flat % n) * strides[d];
        flat /= n;
      }
    }
    return p;
  }

  /**
   * The runs along the last axis of the row-major range {@code [start, start+n)}: the length
   * of the run that starts at {@code flat} (at most {@code left} elements). A 0-d array is one
   * run of one element.
   */
  private int runLength(int flat, int left) {
    int inner = shape.length == 0 ? 1 : shape[shape.length - 1];
    return Math.min(inner - flat % inner, left);
  }

  /** The storage stride along the last axis (0 for a 0-d array). */
  private int lastStride() {
    return shape.length == 0 ? 0 : strides[shape.length - 1];
  }

  /**
   * Reads {@code n} elements in row-major order, starting at flat index {@code start}, into
   * {@code dst} as doubles. Contiguous runs are copied in bulk; broadcast runs are filled.
   */
  public void readDoubles(int start, double[] dst, int dstOff, int n) {
    if (n == 0) {
      return; // an empty view's offset may lie past its (empty) storage
    }
    if (contiguous) {
      storage.getDoubles(offset + start, dst, dstOff, n);
      return;
    }
    int stride = lastStride();
    for (int done = 0; done < n; ) {
      int run = runLength(start + done, n - done);
      int pos = storageIndex(start + done);
      int at = dstOff + done;
      if (stride == 1) {
        storage.getDoubles(pos, dst, at, run);
      } else if (stride == 0) {
        java.util.Arrays.fill(dst, at, at + run, storage.getDouble(pos));
      } else if (dtype == DType.FLOAT64) {
        java.nio.DoubleBuffer src = storage.doubles();
        for (int k = 0; k < run; k++) {
          dst[at + k] = src.get(pos + k * stride);
        }
      } else {
        for (int k = 0; k < run; k++) {
          dst[at + k] = storage.getDouble(pos + k * stride);
        }
      }
      done += run;
    }
  }

  /**
   * As {@link #readDoubles} for a float32 array, without conversions: contiguous runs are
   * copied in bulk, broadcast runs filled, strided runs read element by element.
   *
   * @throws IllegalStateException if this array is not float32
   */
  public void readFloats(int start, float[] dst, int dstOff, int n) {
    if (dtype != DType.FLOAT32) {
      throw new IllegalStateException("readFloats of a " + dtype + " array; expected float32");
    }
    if (n == 0) {
      return; // an empty view's offset may lie past its (empty) storage
    }
    java.nio.FloatBuffer src = storage.floats();
    if (contiguous) {
      src.get(offset + start, dst, dstOff, n);
      return;
    }
    int stride = lastStride();
    for (int done = 0; done < n; ) {
      int run = runLength(start + done, n - done);
      int pos = storageIndex(start + done);
      int at = dstOff + done;
      if (stride == 1) {
        src.get(pos, dst, at, run);
      } else if (stride == 0) {
        java.util.Arrays.fill(dst, at, at + run, src.get(pos));
      } else {
        for (int k = 0; k < run; k++) {
          dst[at + k] = src.get(pos + k * stride);
        }
      }
      done += run;
    }
  }

  /** As {@link #readDoubles} but exact for integer dtypes. */
  public void readLongs(int start, long[] dst, int dstOff, int n) {
    if (n == 0) {
      return; // an empty view's offset may lie past its (empty) storage
    }
    if (contiguous) {
      storage.getLongs(offset + start, dst, dstOff, n);
      return;
    }
    int stride = lastStride();
    for (int done = 0; done < n; ) {
      int run = runLength(start + done, n - done);
      int pos = storageIndex(start + done);
      int at = dstOff + done;
      if (stride == 1) {
        storage.getLongs(pos, dst, at, run);
      } else if (stride == 0) {
        java.util.Arrays.fill(dst, at, at + run, storage.getLong(pos));
      } else {
        for (int k = 0; k < run; k++) {
          dst[at + k] = storage.getLong(pos + k * stride);
        }
      }
      done += run;
    }
  }

  /** Writes {@code n} doubles in row-major order from flat index {@code start}. */
  public void writeDoubles(int start, double[] src, int srcOff, int n) {
    if (n == 0) {
      return; // an empty view's offset may lie past its (empty) storage
    }
    if (isContiguous()) {
      storage.setDoubles(offset + start, src, srcOff, n);
      return;
    }
    for (int k = 0; k < n; k++) {
      storage.setDouble(storageIndex(start + k), src[srcOff + k]);
    }
  }

  /** Writes {@code n} longs in row-major order from flat index {@code start}. */
  public void writeLongs(int start, long[] src, int srcOff, int n) {
    if (n == 0) {
      return; // an empty view's offset may lie past its (empty) storage
    }
    if (isContiguous()) {
      storage.setLongs(offset + start, src, srcOff, n);
      return;
    }
    for (int k = 0; k < n; k++) {
      storage.setLong(storageIndex(start + k), src[srcOff + k]);
    }
  }

  // ---------------------------------------------------------------- bulk copies

  public float[] toFloatArray() {
    double[] d = toDoubleArray();
    float[] out = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = (float) d[i];
    }
    return out;
  }

  public double[] toDoubleArray() {
    double[] out = new double[size()];
    readDoubles(0, out, 0, out.length);
    return out;
  }

  public long[] toLongArray() {
    long[] out = new long[size()];
    readLongs(0, out, 0, out.length);
    return out;
  }

  public int[] toIntArray() {
    long[] l = toLongArray();
    int[] out = new int[l.length];
    for (int i = 0; i < l.length; i++) {
      out[i] = (int) l[i];
    }
    return out;
  }

  /** A contiguous copy with the same dtype. */
  public NDArray copy() {
    return astype(dtype);
  }

  /**
   * A contiguous copy converted to {@code target}: floats to integers truncate toward zero
   * and integers wrap, as NumPy's {@code astype}.
   */
  public NDArray astype(DType target) {
    NDArray out = zeros(target, shape);
    copyInto(this, out);
    return out;
  }

  /** Copies {@code src} into {@code dst} element by element (same shape), converting dtype. */
  public static void copyInto(NDArray src, NDArray dst) {
    ArrayCopy.copyInto(src, dst);
  }

  /** This array if already contiguous, else a contiguous copy. */
  public NDArray contiguous() {
    return isContiguous() ? this : copy();
  }

  // ---------------------------------------------------------------- views

  /** Reverses the axes (a view). */
  public NDArray transpose() {
    int n = shape.length;
    ArrayArena arena = ArrayArena.current();
    int[] ns = scratch(arena, 0, n);
    int[] nst = scratch(arena, 1, n);
    for (int i = 0; i < n; i++) {
      ns[i] = shape[n - 1 - i];
      nst[i] = strides[n - 1 - i];
    }
    return make(arena, storage, ns, nst, offset);
  }

  /**
   * A view with axes reordered; an entry of {@code -1} inserts a new axis of length 1
   * (Theano's {@code 'x'}). Axes left out must have length 1 and are dropped.
   */
  public NDArray dimshuffle(int... order) {
    ArrayArena arena = ArrayArena.current();
    int[] ns = scratch(arena, 0, order.length);
    int[] nst = scratch(arena, 1, order.length);
    for (int i = 0; i < order.length; i++) {
      int ax = order[i];
      if (ax == -1) {
        ns[i] = 1;
        nst[i] = 0;
      } else {
        if (ax < 0 || ax >= shape.length || indexOf(order, ax) != i) {
          throw new IllegalArgumentException("bad dimshuffle order " + Arrays.toString(order)
              + " for rank " + shape.length);
        }
        ns[i] = shape[ax];
        nst[i] = strides[ax];
      }
    }
    for (int ax = 0; ax < shape.length; ax++) {
      if (indexOf(order, ax) < 0 && shape[ax] != 1) {
        throw new IllegalArgumentException("dimshuffle " + Arrays.toString(order)
            + " drops axis " + ax + " of length " + shape[ax] + "; only length-1 axes can go");
      }
    }
    return make(arena, storage, ns, nst, offset);
  }

  /** The first position of {@code v} in {@code a}, or -1. */
  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  /** Scratch shape or strides for a view: the arena's (copied by make), else a new array. */
  private static int[] scratch(ArrayArena arena, int which, int n) {
    return arena == null ? new int[n] : arena.viewScratch(which, n);
  }

  /** Python's {@code a[start:stop:step]} along {@code axis}, with Python's clamping rules. */
  public NDArray slice(int axis, Integer start, Integer stop, Integer step) {
    return slice(axis, start != null, start == null ? 0 : start, stop != null,
        stop == null ? 0 : stop, step == null ? 1 : step);
  }

  /**
   * As {@link #slice(int, Integer, Integer, Integer)} without boxing: {@code hasStart} and
   * {@code hasStop} false stand for None.
   */
  public NDArray slice(int axis, boolean hasStart, int start, boolean hasStop, int stop,
      int st) {
    ArrayArena arena = ArrayArena.current();
    int[] r = Shapes.sliceIndices(shape[axis], hasStart, start, hasStop, stop, st,
        scratch(arena, 2, 3));
    int[] ns = scratch(arena, 0, shape.length);
    int[] nst = scratch(arena, 1, shape.length);
    System.arraycopy(shape, 0, ns, 0, shape.length);
    System.arraycopy(strides, 0, nst, 0, shape.length);
    ns[axis] = r[2];
    nst[axis] = strides[axis] * st;
    int off = ns[axis] == 0 ? offset : offset + r[0] * strides[axis];
    return make(arena, storage, ns, nst, off);
  }

  /** {@code a[..., i, ...]}: removes {@code axis} (negative {@code i} counts from the end). */
  public NDArray index(int axis, int i) {
    int j = Shapes.index(i, axis, shape[axis]);
    ArrayArena arena = ArrayArena.current();
    int[] ns = scratch(arena, 0, shape.length - 1);
    int[] nst = scratch(arena, 1, shape.length - 1);
    for (int d = 0, k = 0; d < shape.length; d++) {
      if (d != axis) {
        ns[k] = shape[d];
        nst[k++] = strides[d];
      }
    }
    return make(arena, storage, ns, nst, offset + j * strides[axis]);
  }

  /** A view repeating length-1 axes (stride 0) to {@code target}; leading axes are added. */
  public NDArray broadcastTo(int... target) {
    if (target.length < shape.length) {
      throw new IllegalArgumentException("cannot broadcast shape " + Arrays.toString(shape)
          + " to " + Arrays.toString(target));
    }
    int lead = target.length - shape.length;
    ArrayArena arena = ArrayArena.current();
    int[] nst = scratch(arena, 1, target.length);
    for (int d = 0; d < target.length; d++) {
      int src = d - lead;
      if (src < 0) {
        nst[d] = 0;
      } else if (shape[src] == target[d]) {
        nst[d] = strides[src];
      } else if (shape[src] == 1) {
        nst[d] = 0;
      } else {
        throw new IllegalArgumentException("cannot broadcast shape " + Arrays.toString(shape)
            + " to " + Arrays.toString(target));
      }
    }
    return make(arena, storage, arena == null ? target.clone() : target, nst, offset);
  }

  /**
   * The same elements in a new shape; one entry may be -1 (inferred). A view when this array
   * is contiguous, else a copy.
   */
  public NDArray reshape(int... newShape) {
    NDArray src = contiguous();
    ArrayArena arena = ArrayArena.current();
    int[] s = Shapes.resolveReshape(shape, newShape, scratch(arena, 0, newShape.length));
    return make(arena, src.storage, s,
        Shapes.contiguousStrides(s, scratch(arena, 1, s.length)), src.offset);
  }

  // ---------------------------------------------------------------- comparison

  /** Same dtype, shape and elements (NaN equals NaN here, so arrays compare as values). */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof NDArray)) {
      return false;
    }
    NDArray b = (NDArray) o;
    if (dtype != b.dtype || !Arrays.equals(shape, b.shape)) {
      return false;
    }
    if (dtype.isDiscrete()) {
      return Arrays.equals(toLongArray(), b.toLongArray());
    }
    return Arrays.equals(toDoubleArray(), b.toDoubleArray());
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape))
        + (dtype.isDiscrete() ? Arrays.hashCode(toLongArray()) : Arrays.hashCode(toDoubleArray()));
  }

  /** True if shapes match and {@code |a-b| <= atol + rtol*|b|} elementwise (NaNs equal). */
  public boolean allClose(NDArray b, double rtol, double atol) {
    if (!Arrays.equals(shape, b.shape)) {
      return false;
    }
    double[] x = toDoubleArray();
    double[] y = b.toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      if (Double.isNaN(x[i]) && Double.isNaN(y[i]) || x[i] == y[i]) {
        continue;
      }
      if (!(Math.abs(x[i] - y[i]) <= atol + rtol * Math.abs(y[i]))) {
        return false;
      }
    }
    return true;
  }

  /** NumPy-style text, e.g. {@code array([[1., 2.], [3., 4.]], dtype=float32)}. */
  @Override
  public String toString() {
    return Formatting.format(this);
  }
}
