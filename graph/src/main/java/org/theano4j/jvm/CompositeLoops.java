package org.theano4j.jvm;

import java.nio.FloatBuffer;
import java.util.List;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Cast;
import org.theano4j.tensor.Composite;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ScalarOp;
import org.theano4j.tensor.ScalarProgram;

/**
 * Runs a {@link Composite}'s typed {@link ScalarProgram} over an array in chunks. Every operand
 * (input or step result) lives in a buffer of its dtype's lane: {@code float[]} for float32,
 * {@code double[]} for float64, {@code long[]} for discrete dtypes. Each step computes in its
 * own lane with {@link ScalarLoops} and its result is stored converted to the step's dtype
 * (float32 rounding, integer wrapping), exactly as storing it in an array would. A float32
 * step with a float32 loop ({@link LayoutLoops#hasFloatLoop}: exact arithmetic, or a function
 * of {@link FloatFunctions}) on float32 operands computes in {@code float} directly, bit for
 * bit the double computation rounded; the others compute in double from exactly converted
 * operands.
 */
final class CompositeLoops {
  static final int F = 0;
  static final int D = 1;
  static final int L = 2;

  private final ScalarProgram program;
  private final int arity;
  /** Fast math for the current {@link #run(NDArray[], NDArray, boolean)} call. */
  private boolean fastMath;
  /** Per run: which operands are constant (all strides 0); this object is per thread. */
  private final boolean[] constant;
  /** The chunk asked for (the cache's key) and the one used: at most CHUNK_BYTES per buffer. */
  private final int chunk;
  private final int step;
  /** The lane of each operand: {@link #F}, {@link #D} or {@link #L}. */
  private final int[] lane;
  private final float[][] f;
  private final double[][] d;
  private final long[][] l;
  // per step, precomputed: its operands, target, kind and argument arrays (no allocation per chunk)
  private final Step[] steps;
  private final double[] dRes;
  private final long[] lRes;
  /** Chunks run so far, counted towards {@link GeneratedLoops#threshold}. */
  private long chunks;
  /** The generated loop for the current constant inputs, or null; tried once per pattern. */
  private GeneratedLoops.Kernel kernel;
  private boolean kernelTried;
  /** The constant inputs {@link #kernel} was made for. */
  private final boolean[] kernelConstant;
  /**
   * Per input: whether this run reads it by tiles ({@link FloatTiles#applies}), and its tile
   * (made on first use, kept between runs).
   */
  private final boolean[] tiled;
  private final FloatTiles[] tiles;

  /** One step of the program with its argument buffers. */
  static final class Step {
    int[] args;
    int target;
    Scalar scalar; // null for a Cast
    DType out;
    boolean discrete;
    boolean floatLane;
    boolean fast;
    /** Per run: the argument that is a constant input of a binary step, or -1. */
    int constArg;
    float[][] fArgs;
    double[][] dArgs;
    long[][] lArgs;
    /** Conversion buffers of arguments from another lane, made on first use. */
    double[][] dConv;
    long[][] lConv;
  }

  /**
   * The loops of {@code op}'s typed program (a composite's steps, or one step for a
   * primitive) over inputs of these dtypes, with buffers of up to {@code chunk} elements.
   */
  CompositeLoops(ScalarOp op, List<DType> inputs, int chunk) {
    this.program = ScalarProgram.of(op, inputs);
    this.arity = inputs.size();
    this.constant = new boolean[arity];
    this.kernelConstant = new boolean[arity];
    this.tiles = new FloatTiles[arity];
    this.tiled = new boolean[arity];
    this.chunk = chunk;
    int n = arity + program.steps().size();
    this.lane = new int[n];
    this.f = new float[n][];
    this.d = new double[n][];
    this.l = new long[n][];
    boolean wide = false;
    for (int i = 0; i < n; i++) {
      DType t = program.operand(i);
      lane[i] = t == DType.FLOAT32 ? F : t.isFloat() ? D : L;
      wide |= lane[i] != F;
    }
    this.step = Math.min(chunk, ElemwiseKernel.CHUNK_BYTES / (wide ? Long.BYTES : Float.BYTES));
    for (int i = 0; i < n; i++) {
      if (lane[i] == F) {
        f[i] = new float[step];
      } else if (lane[i] == D) {
        d[i] = new double[step];
      } else {
        l[i] = new long[step];
      }
    }
    this.steps = new Step[program.steps().size()];
    for (int k = 0; k < steps.length; k++) {
      ScalarProgram.Step s = program.steps().get(k);
      Step st = new Step();
      st.args = s.args().stream().mapToInt(Integer::intValue).toArray();
      st.target = arity + k;
      st.scalar = s.op() instanceof Scalar ? (Scalar) s.op() : null;
      st.out = s.out();
      st.discrete = s.compute().isDiscrete();
      boolean allFloat32 = true;
      for (int a : st.args) {
        allFloat32 &= lane[a] == F;
      }
      st.floatLane = !st.discrete && st.scalar != null && s.compute() == DType.FLOAT32
          && s.out() == DType.FLOAT32 && allFloat32 && LayoutLoops.hasFloatLoop(st.scalar);
      st.fast = st.scalar != null && ScalarLoops.isFast(st.scalar);
      st.fArgs = new float[st.args.length][];
      st.dArgs = new double[st.args.length][];
      st.lArgs = new long[st.args.length][];
      st.dConv = new double[st.args.length][];
      st.lConv = new long[st.args.length][];
      steps[k] = st;
    }
    this.dRes = new double[step];
    this.lRes = new long[step];
  }

  /**
   * Compiled programs with their buffers, per thread (they are mutable scratch space), keyed
   * by the identity of the op: a compiled node passes the same {@code Composite} instance on
   * every call, and an identity lookup avoids hashing the program.
   */
  private static final ThreadLocal<java.util.Map<Composite, CompositeLoops>> CACHE =
      ThreadLocal.withInitial(() -> new java.util.IdentityHashMap<>());
  private static final int CACHE_LIMIT = 256;

  /**
   * The loops for {@code op} over inputs of these dtypes with buffers of {@code chunk}
   * elements, reused from an earlier call on this thread when possible: building them costs
   * more than running a small chunk.
   */
  /** {@code a.equals(b)} by index (List.equals would make an iterator per call). */
  private static boolean sameDTypes(List<DType> a, List<DType> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }

  static CompositeLoops of(Composite op, List<DType> inputs, int chunk) {
    java.util.Map<Composite, CompositeLoops> cache = CACHE.get();
    CompositeLoops c = cache.get(op);
    if (c == null || c.chunk < chunk || !sameDTypes(c.program.inputs(), inputs)) {
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      c = new CompositeLoops(op, inputs, Math.max(chunk, c == null ? 0 : c.chunk));
      cache.put(op, c);
    }
    return c;
  }

  /**
   * Computes the program over {@code views} (broadcast to {@code out}'s shape) into
   * {@code out}, chunk by chunk. All inputs of a chunk are read before its outputs are
   * written, so {@code out} may be one of the inputs (in place). An input whose strides are
   * all 0 (a scalar, broadcast) is read once per call.
   */
  void run(NDArray[] views, NDArray out, boolean fastMath) {
    int n = out.size();
    start(views, n, fastMath, out.storage());
    int r = arity + steps.length - 1;
    for (int s = 0; s < n; s += step) {
      int m = Math.min(step, n - s);
      compute(views, s, m);
      write(r, out, s, m);
    }
  }

  /**
   * Starts a run over {@code views} (broadcast to a shape of {@code n} elements), with the
   * float32 functions' fast-math loops if {@code fastMath} ({@link FastMathScope}): an input
   * whose strides are all 0 (a scalar, broadcast) is read here, once.
   */
  void start(NDArray[] views, int n, boolean fastMath) {
    start(views, n, fastMath, null);
  }

  /**
   * As {@link #start(NDArray[], int, boolean)} for a run that writes into {@code written}
   * (null: none): an input in that storage is not read by tiles (a tile is read ahead of the
   * chunks written).
   */
  private void start(NDArray[] views, int n, boolean fastMath,
      org.theano4j.ndarray.Storage written) {
    this.fastMath = fastMath;
    boolean[] constant = this.constant;
    for (int i = 0; i < arity; i++) {
      constant[i] = n > 0 && isConstant(views[i]);
      if (constant[i]) {
        read(i, views[i], 0, 1);
        fill(i, step);
      }
      // a transposed float32 input: rows read 8 at a time
      tiled[i] = lane[i] == F && !constant[i] && FloatTiles.applies(views[i], written);
      if (tiled[i]) {
        if (tiles[i] == null) {
          tiles[i] = new FloatTiles();
        }
        tiles[i].reset();
      }
    }
    if (!java.util.Arrays.equals(constant, kernelConstant)) {
      System.arraycopy(constant, 0, kernelConstant, 0, arity);
      kernel = null;
      kernelTried = false;
    }
    for (Step st : steps) {
      st.constArg = -1;
      if (st.args.length == 2) {
        st.constArg = ScalarLoops.constantOperand(st.args[0] < arity && constant[st.args[0]],
            st.args[1] < arity && constant[st.args[1]]);
      }
    }
  }

  /**
   * Computes the elements {@code s .. s+m} ({@code m <= }{@link #step()}) of a run begun with
   * {@link #start} into the result's buffer ({@link #floatResult()} or
   * {@link #doubleResult()}, by the output's lane), each input read at the same flat indices
   * of its view.
   */
  void compute(NDArray[] views, int s, int m) {
    for (int i = 0; i < arity; i++) {
      if (!constant[i]) {
        read(i, views[i], s, m);
      }
    }
    run(m);
  }

  /** True if chunks now run through a {@link GeneratedLoops} loop (for tests). */
  boolean usesGeneratedLoop() {
    return kernel != null;
  }

  /** The most elements {@link #compute} takes at once. */
  int step() {
    return step;
  }

  /** The buffer of a float32 result after {@link #compute}. */
  float[] floatResult() {
    return f[arity + steps.length - 1];
  }

  /** The buffer of a float64 result after {@link #compute}. */
  double[] doubleResult() {
    return d[arity + steps.length - 1];
  }

  private static boolean isConstant(NDArray v) {
    for (int k = 0; k < v.ndim(); k++) {
      if (v.stride(k) != 0 && v.shape(k) != 1) {
        return false;
      }
    }
    return true;
  }

  /** Reads {@code m} elements of {@code v} from flat index {@code s} into operand {@code i}. */
  private void read(int i, NDArray v, int s, int m) {
    if (lane[i] == L) {
      v.readLongs(s, l[i], 0, m);
    } else if (lane[i] == D) {
      v.readDoubles(s, d[i], 0, m);
    } else if (tiled[i]) {
      readTiled(i, v, s, m);
    } else if (v.dtype() == DType.FLOAT32) {
      v.readFloats(s, f[i], 0, m); // runs along the last axis, without conversions
    } else {
      // a float32 operand read from a view of another type: the values are float32, so the
      // conversion is exact
      v.readDoubles(s, dRes, 0, m);
      float[] dst = f[i];
      for (int k = 0; k < m; k++) {
        dst[k] = (float) dRes[k];
      }
    }
  }

  /** As {@link #read} for an input read by tiles: each run through the tile of its row. */
  private void readTiled(int i, NDArray v, int s, int m) {
    int cols = v.shape(v.ndim() - 1);
    float[] dst = f[i];
    for (int done = 0; done < m; ) {
      int flat = s + done;
      int col = flat % cols;
      int len = Math.min(cols - col, m - done);
      if (!tiles[i].read(v, flat / cols, col, dst, done, len)) {
        v.readFloats(flat, dst, done, len);
      }
      done += len;
    }
  }

  /** Repeats element 0 of operand {@code i} over its first {@code m} elements. */
  private void fill(int i, int m) {
    if (lane[i] == F) {
      java.util.Arrays.fill(f[i], 0, m, f[i][0]);
    } else if (lane[i] == D) {
      java.util.Arrays.fill(d[i], 0, m, d[i][0]);
    } else {
      java.util.Arrays.fill(l[i], 0, m, l[i][0]);
    }
  }

  private void write(int r, NDArray out, int s, int m) {
    if (lane[r] == L) {
      out.writeLongs(s, l[r], 0, m);
    } else if (lane[r] == D) {
      out.writeDoubles(s, d[r], 0, m);
    } else if (out.isContiguous() && out.dtype() == DType.FLOAT32) {
      out.storage().floats().put(out.offset() + s, f[r], 0, m);
    } else {
      float[] src = f[r];
      for (int k = 0; k < m; k++) {
        dRes[k] = src[k];
      }
      out.writeDoubles(s, dRes, 0, m);
    }
  }

  /** Runs every step over the first {@code m} elements of the operand buffers. */
  void run(int m) {
    if (generated(m)) {
      return;
    }
    for (Step s : steps) {
      int target = s.target;
      DType out = s.out;
      if (s.discrete) {
        for (int i = 0; i < s.args.length; i++) {
          s.lArgs[i] = longArg(s, s.args[i], i, m);
        }
        if (s.scalar == null) {
          System.arraycopy(s.lArgs[0], 0, lRes, 0, m);
        } else {
          ScalarLoops.apply(s.scalar, s.lArgs, lRes, m, out == DType.BOOL);
        }
        storeLongs(target, out, m);
      } else if (s.floatLane) {
        for (int i = 0; i < s.args.length; i++) {
          s.fArgs[i] = f[s.args[i]];
        }
        if (s.constArg < 0
            || !ScalarLoops.fastConstant(s.scalar, s.fArgs, s.constArg, f[target], m)) {
          LayoutLoops.applyFloat(s.scalar, s.fArgs, f[target], m, fastMath);
        }
      } else {
        for (int i = 0; i < s.args.length; i++) {
          s.dArgs[i] = doubleArg(s, s.args[i], i, m);
        }
        // a float64 result is stored unchanged: computed straight into its operand buffer
        double[] res = lane[target] == D ? d[target] : dRes;
        if (s.scalar == null) {
          System.arraycopy(s.dArgs[0], 0, res, 0, m);
        } else if (s.constArg >= 0
            && ScalarLoops.fastConstant(s.scalar, s.dArgs, s.constArg, res, m)) {
          // computed with the constant operand in a register
        } else if (s.fast) {
          ScalarLoops.fast(s.scalar, s.dArgs, res, m);
        } else {
          ScalarLoops.lane(s.scalar, s.dArgs, res, m);
        }
        if (res == dRes) {
          storeDoubles(target, out, m);
        }
      }
    }
  }

  /**
   * Runs the chunk with the {@link GeneratedLoops} loop when there is one (made once the group
   * ran {@link GeneratedLoops#threshold} chunks); false when the steps must run interpreted.
   */
  private boolean generated(int m) {
    if (fastMath) {
      return false;
    }
    if (kernel == null) {
      int t = GeneratedLoops.threshold;
      if (kernelTried || t < 0 || ++chunks < t) {
        return false;
      }
      kernelTried = true;
      kernel = GeneratedLoops.kernel(arity, lane, constant, steps);
      if (kernel == null) {
        return false;
      }
    }
    kernel.run(f, d, m);
    return true;
  }

  /** Stores the integer-lane result {@link #lRes} into operand {@code t} of dtype {@code out}. */
  private void storeLongs(int t, DType out, int m) {
    if (lane[t] == F) {
      float[] dst = f[t];
      for (int i = 0; i < m; i++) {
        dst[i] = (float) lRes[i];
      }
    } else if (lane[t] == D) {
      double[] dst = d[t];
      for (int i = 0; i < m; i++) {
        dst[i] = lRes[i];
      }
    } else {
      long[] dst = l[t];
      for (int i = 0; i < m; i++) {
        dst[i] = out.wrap(lRes[i]);
      }
    }
  }

  /**
   * Stores the double-lane result {@link #dRes} into operand {@code t} of dtype {@code out},
   * a float32 or discrete one (a float64 result is computed in its own buffer).
   */
  private void storeDoubles(int t, DType out, int m) {
    if (lane[t] == F) {
      float[] dst = f[t];
      for (int i = 0; i < m; i++) {
        dst[i] = (float) dRes[i];
      }
    } else if (out == DType.BOOL) {
      long[] dst = l[t];
      for (int i = 0; i < m; i++) {
        dst[i] = dRes[i] != 0 ? 1 : 0;
      }
    } else {
      long[] dst = l[t];
      for (int i = 0; i < m; i++) {
        dst[i] = out.wrap((long) dRes[i]);
      }
    }
  }

  private long[] longArg(Step s, int operand, int pos, int m) {
    if (lane[operand] == L) {
      return l[operand];
    }
    // Only a switch condition is float in an integer lane: it tests for non-zero.
    if (s.lConv[pos] == null) {
      s.lConv[pos] = new long[step];
    }
    long[] dst = s.lConv[pos];
    if (lane[operand] == F) {
      float[] src = f[operand];
      for (int i = 0; i < m; i++) {
        dst[i] = src[i] != 0 ? 1 : 0;
      }
    } else {
      double[] src = d[operand];
      for (int i = 0; i < m; i++) {
        dst[i] = src[i] != 0 ? 1 : 0;
      }
    }
    return dst;
  }

  private double[] doubleArg(Step s, int operand, int pos, int m) {
    if (lane[operand] == D) {
      return d[operand];
    }
    if (s.dConv[pos] == null) {
      s.dConv[pos] = new double[step];
    }
    double[] dst = s.dConv[pos];
    if (lane[operand] == F) {
      float[] src = f[operand];
      for (int i = 0; i < m; i++) {
        dst[i] = src[i];
      }
    } else {
      long[] src = l[operand];
      for (int i = 0; i < m; i++) {
        dst[i] = src[i];
      }
    }
    return dst;
  }
}
