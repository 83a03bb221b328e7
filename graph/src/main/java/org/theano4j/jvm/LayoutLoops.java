package org.theano4j.jvm;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Storage;
import org.theano4j.tensor.Scalar;

/**
 * The elementwise loops of one primitive float function ({@link Scalar}) by layout: each input
 * is classified once per call as contiguous (read in bulk), constant (every stride 0: a scalar
 * or a broadcast scalar, read once and kept in its buffer for the whole call) or other
 * (broadcast rows or columns, transposed or negative strides: read run by run along the last
 * axis, where a row-broadcast run at the same storage position as the previous one is not
 * read again). The output is contiguous and written in bulk.
 *
 * <p>Two lanes: float32 arithmetic whose float result is exactly the double computation
 * rounded once ({@code + - * /}, max, min, neg, sqr, abs, relu: one IEEE operation on two
 * floats, or an exact one; a double holds the exact product of two floats and rounds sums and
 * quotients innocuously, so rounding twice gives the same float), and the float32 functions
 * of {@link FloatFunctions}, run on {@code float[]} buffers without conversions; everything
 * else keeps the double lane of {@link ElemwiseKernel}.
 */
final class LayoutLoops {
  /** Elements per buffer of each lane (a row of up to this many is one segment). */
  private static final int CHUNK = ElemwiseKernel.CHUNK;
  /**
   * Elements per chunk of the flat range in each lane: {@link ElemwiseKernel#CHUNK_BYTES} of
   * its type. Runs along rows keep whole buffers, so that a broadcast row of up to
   * {@link #CHUNK} elements is read once per call, not once per chunk.
   */
  private static final int FLOAT_CHUNK = ElemwiseKernel.CHUNK_BYTES / Float.BYTES;
  private static final int DOUBLE_CHUNK = ElemwiseKernel.CHUNK_BYTES / Double.BYTES;
  /** Rows shorter than this are not worth a run each: the generic chunked path takes them. */
  private static final int MIN_ROW = 16;

  private static final int CONTIGUOUS = 0;
  private static final int CONSTANT = 1;
  private static final int OTHER = 2;

  /** Per-thread lanes (their buffers: up to three inputs and a result). */
  private static final ThreadLocal<FloatLane> FLOAT_LANE =
      ThreadLocal.withInitial(FloatLane::new);
  private static final ThreadLocal<DoubleLane> DOUBLE_LANE =
      ThreadLocal.withInitial(DoubleLane::new);

  private LayoutLoops() {}

  /** True if float32 {@code op} computed in float is bit for bit the double result rounded. */
  static boolean exactInFloat(Scalar op) {
    return switch (op) {
      case ADD, SUB, MUL, TRUE_DIV, MAXIMUM, MINIMUM, NEG, SQR, ABS, RELU -> true;
      default -> false;
    };
  }

  /** True if {@code op} has a float32 loop that gives the double lane's result rounded. */
  static boolean hasFloatLoop(Scalar op) {
    return exactInFloat(op) || FloatFunctions.has(op);
  }

  /**
   * The float32 loop of {@code op} ({@link #hasFloatLoop}) over {@code n} elements; with
   * {@code fastMath} the fast-math loops where they exist ({@link FastMathScope}).
   */
  static void applyFloat(Scalar op, float[][] in, float[] out, int n, boolean fastMath) {
    if (exactInFloat(op)) {
      ScalarLoops.fast(op, in, out, n);
    } else {
      FloatFunctions.apply(op, in, out, n, fastMath);
    }
  }

  /**
   * Computes {@code op} of {@code views} (already broadcast to the output's shape) into the
   * contiguous {@code out}; false (nothing written) if this layout is left to the generic
   * path: a 0-d output, short rows with non-constant broadcasting, or an input that is not a
   * float of the lane.
   */
  static boolean run(Scalar op, NDArray[] views, NDArray out) {
    return run(op, views, out, false);
  }

  /** As {@link #run(Scalar, NDArray[], NDArray)}; {@code fastMath}: see {@link #applyFloat}. */
  static boolean run(Scalar op, NDArray[] views, NDArray out, boolean fastMath) {
    int n = out.size();
    int nd = out.ndim();
    if (n == 0 || nd == 0 || !out.isContiguous() || !out.dtype().isFloat()) {
      return false;
    }
    int[] kind = ArrayArena.scratchInts(1, views.length);
    boolean rows = false;
    for (int i = 0; i < views.length; i++) {
      kind[i] = classify(views[i]);
      rows |= kind[i] == OTHER;
    }
    int cols = out.shape(nd - 1);
    if (rows && cols < MIN_ROW) {
      return false;
    }
    // a binary function with one constant operand: that operand's index, else -1
    int constArg = views.length != 2 ? -1
        : ScalarLoops.constantOperand(kind[0] == CONSTANT, kind[1] == CONSTANT);
    boolean floatLane = out.dtype() == DType.FLOAT32 && hasFloatLoop(op);
    for (int i = 0; floatLane && i < views.length; i++) {
      floatLane = kind[i] == CONSTANT ? (float) constant(views[i]) == constant(views[i])
          : views[i].dtype() == DType.FLOAT32;
    }
    if (floatLane) {
      runFloat(op, views, kind, constArg, out, rows, cols, fastMath);
    } else {
      runDouble(op, views, kind, constArg, out, rows, cols);
    }
    return true;
  }

  private static int classify(NDArray v) {
    if (v.isContiguous()) {
      return CONTIGUOUS;
    }
    for (int d = 0; d < v.ndim(); d++) {
      if (v.stride(d) != 0 && v.shape(d) != 1) {
        return OTHER;
      }
    }
    return CONSTANT;
  }

  private static double constant(NDArray v) {
    return v.storage().getDouble(v.offset());
  }

  /** The buffers and loops of one lane; {@link #iterate} drives them segment by segment. */
  private interface Lane {
    /** Fills input {@code i}'s buffer with {@code v} (a constant input, once per call). */
    void fill(int i, double v);

    /** Reads {@code m} elements of the contiguous view {@code v} from flat index {@code flat}. */
    void readContiguous(int i, NDArray v, int flat, int m);

    /** Reads the run of {@code m} elements at {@code pos} with {@code stride} of storage {@code s}. */
    void readRun(int i, Storage s, int pos, int stride, int m);

    /** Computes the first {@code m} elements and writes them to the output from {@code flat}. */
    void computeAndWrite(int flat, int m);

    /**
     * Reads row {@code row} ({@code m} elements) of input {@code i}, a view whose rows
     * {@link FloatTiles#applies}, through the input's tile; false (nothing read) if this lane
     * has no tiles or the row has no tile to come from.
     */
    boolean readTiled(int i, NDArray v, int row, int m);

    /** Forgets the tiles of the previous call. */
    void resetTiles();
  }

  /**
   * Visits the output in segments: chunks of the flat range when no input needs runs, else
   * chunks of each row (last axis), reading every input's segment into its lane buffer.
   */
  private static void iterate(NDArray[] views, int[] kind, NDArray out, boolean rows, int cols,
      int flatChunk, Lane lane) {
    int n = out.size();
    int[] loadedPos = ArrayArena.scratchInts(2, views.length);
    int[] loadedLen = ArrayArena.scratchInts(3, views.length);
    int[] tiled = ArrayArena.scratchInts(4, views.length); // 1: read through a tile
    int step = rows ? cols : n;
    int chunk = rows ? CHUNK : flatChunk;
    lane.resetTiles();
    for (int i = 0; i < views.length; i++) {
      loadedPos[i] = -1;
      tiled[i] = kind[i] == OTHER && rows && cols <= chunk
          && FloatTiles.applies(views[i], out.storage()) ? 1 : 0;
      if (kind[i] == CONSTANT) {
        lane.fill(i, constant(views[i]));
      }
    }
    for (int r = 0; r < n; r += step) {
      for (int j = 0; j < step; j += chunk) {
        int m = Math.min(chunk, step - j);
        int flat = r + j;
        for (int i = 0; i < views.length; i++) {
          NDArray v = views[i];
          if (kind[i] == CONTIGUOUS) {
            lane.readContiguous(i, v, flat, m);
          } else if (tiled[i] == 1 && lane.readTiled(i, v, r / cols, m)) {
            // the row came from the input's tile: the buffer no longer holds the last run read
            // below (a broadcast outer axis brings its position back)
            loadedPos[i] = -1;
          } else if (kind[i] == OTHER) {
            int pos = v.storageIndex(flat);
            // a broadcast row at the same place as the last one is in the buffer already,
            // unless the output may have overwritten it (same storage)
            if (pos != loadedPos[i] || m != loadedLen[i] || v.storage() == out.storage()) {
              lane.readRun(i, v.storage(), pos, v.stride(v.ndim() - 1), m);
              loadedPos[i] = pos;
              loadedLen[i] = m;
            }
          }
        }
        lane.computeAndWrite(flat, m);
      }
    }
  }

  // ------------------------------------------------------------------ float lane

  private static void runFloat(Scalar op, NDArray[] views, int[] kind, int constArg,
      NDArray out, boolean rows, int cols, boolean fastMath) {
    FloatLane lane = FLOAT_LANE.get();
    lane.fastMath = fastMath;
    lane.buf = lane.args[views.length];
    lane.op = op;
    lane.constArg = constArg;
    lane.dst = out.storage().floats();
    lane.base = out.offset();
    try {
      iterate(views, kind, out, rows, cols, FLOAT_CHUNK, lane);
    } finally {
      lane.op = null;
      lane.dst = null;
    }
  }

  /** The float lane of one call; one object per thread, its fields set by each call. */
  private static final class FloatLane implements Lane {
    /** Up to three inputs and a result, and the first k of them per arity k. */
    final float[][] scratch = new float[4][CHUNK];
    /** Per input, its tile when it is read by tiles ({@link Lane#readTiled}). */
    final FloatTiles[] tiles = {new FloatTiles(), new FloatTiles(), new FloatTiles()};
    final float[][][] args = new float[4][][];
    float[][] buf;
    Scalar op;
    boolean fastMath;
    /** The constant operand of a binary function, or -1 ({@link ScalarLoops#fastConstant}). */
    int constArg;
    FloatBuffer dst;
    int base;

    FloatLane() {
      for (int k = 0; k < args.length; k++) {
        args[k] = java.util.Arrays.copyOf(scratch, k);
      }
    }

    @Override
    public void fill(int i, double v) {
      java.util.Arrays.fill(buf[i], (float) v);
    }

    @Override
    public void readContiguous(int i, NDArray v, int flat, int m) {
      v.storage().floats().get(v.offset() + flat, buf[i], 0, m);
    }

    @Override
    public void readRun(int i, Storage s, int pos, int stride, int m) {
      LayoutLoops.readRun(s.floats(), pos, stride, buf[i], m);
    }

    @Override
    public boolean readTiled(int i, NDArray v, int row, int m) {
      return tiles[i].read(v, row, 0, buf[i], 0, m);
    }

    @Override
    public void resetTiles() {
      for (FloatTiles t : tiles) {
        t.reset();
      }
    }

    @Override
    public void computeAndWrite(int flat, int m) {
      float[] res = scratch[3];
      if (constArg < 0 || !ScalarLoops.fastConstant(op, buf, constArg, res, m)) {
        applyFloat(op, buf, res, m, fastMath);
      }
      dst.put(base + flat, res, 0, m);
    }
  }

  private static void readRun(FloatBuffer src, int pos, int stride, float[] dst, int m) {
    if (stride == 1) {
      src.get(pos, dst, 0, m);
    } else if (stride == 0) {
      java.util.Arrays.fill(dst, 0, m, src.get(pos));
    } else {
      for (int k = 0; k < m; k++) {
        dst[k] = src.get(pos + k * stride);
      }
    }
  }

  // ------------------------------------------------------------------ double lane

  private static void runDouble(Scalar op, NDArray[] views, int[] kind, int constArg,
      NDArray out, boolean rows, int cols) {
    DoubleLane lane = DOUBLE_LANE.get();
    lane.buf = lane.args[views.length];
    lane.op = op;
    lane.constArg = constArg;
    lane.fast = ScalarLoops.isFast(op);
    lane.out = out;
    try {
      iterate(views, kind, out, rows, cols, DOUBLE_CHUNK, lane);
    } finally {
      lane.op = null;
      lane.out = null;
    }
  }

  /** The double lane of one call; one object per thread, its fields set by each call. */
  private static final class DoubleLane implements Lane {
    /** Up to three inputs and a result, and the first k of them per arity k. */
    final double[][] scratch = new double[4][CHUNK];
    final double[][][] args = new double[4][][];
    double[][] buf;
    Scalar op;
    /** The constant operand of a binary function, or -1 ({@link ScalarLoops#fastConstant}). */
    int constArg;
    boolean fast;
    NDArray out;

    DoubleLane() {
      for (int k = 0; k < args.length; k++) {
        args[k] = java.util.Arrays.copyOf(scratch, k);
      }
    }

    @Override
    public void fill(int i, double v) {
      java.util.Arrays.fill(buf[i], v);
    }

    @Override
    public void readContiguous(int i, NDArray v, int flat, int m) {
      v.readDoubles(flat, buf[i], 0, m);
    }

    @Override
    public void readRun(int i, Storage s, int pos, int stride, int m) {
      LayoutLoops.readRun(s, pos, stride, buf[i], m);
    }

    @Override
    public boolean readTiled(int i, NDArray v, int row, int m) {
      return false; // float64 measured no faster with tiles (FloatTiles)
    }

    @Override
    public void resetTiles() {}

    @Override
    public void computeAndWrite(int flat, int m) {
      double[] res = scratch[3];
      if (constArg >= 0 && ScalarLoops.fastConstant(op, buf, constArg, res, m)) {
        // computed with the constant operand in a register
      } else if (fast) {
        ScalarLoops.fast(op, buf, res, m);
      } else {
        ScalarLoops.lane(op, buf, res, m);
      }
      out.writeDoubles(flat, res, 0, m);
    }
  }

  private static void readRun(Storage s, int pos, int stride, double[] dst, int m) {
    if (stride == 1) {
      s.getDoubles(pos, dst, 0, m);
    } else if (stride == 0) {
      java.util.Arrays.fill(dst, 0, m, s.getDouble(pos));
    } else if (s.dtype() == DType.FLOAT64) {
      DoubleBuffer d = s.doubles();
      for (int k = 0; k < m; k++) {
        dst[k] = d.get(pos + k * stride);
      }
    } else if (s.dtype() == DType.FLOAT32) {
      FloatBuffer f = s.floats();
      for (int k = 0; k < m; k++) {
        dst[k] = f.get(pos + k * stride);
      }
    } else {
      for (int k = 0; k < m; k++) {
        dst[k] = s.getDouble(pos + k * stride);
      }
    }
  }
}
