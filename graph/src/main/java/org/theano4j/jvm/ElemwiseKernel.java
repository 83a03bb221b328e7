package org.theano4j.jvm;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Cast;
import org.theano4j.tensor.Composite;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ScalarOp;

/**
 * Elementwise ops in chunks: inputs are read (broadcast, any strides) into primitive chunk
 * buffers of the compute lane, the scalar loop runs, and the chunk is stored converted to the
 * output dtype. A primitive float function goes through {@link LayoutLoops} (loops per input
 * layout, float32 in float where that is the same result), a fused {@link Composite} through
 * {@link CompositeLoops}; integer computations and what {@code LayoutLoops} declines take the
 * generic chunked path here.
 */
@AutoService(KernelFamily.class)
public final class ElemwiseKernel implements KernelFamily {
  static final int CHUNK = 1024;
  /**
   * Bytes per chunk buffer of the layout and fused loops ({@link LayoutLoops},
   * {@link CompositeLoops}): 768 floats or 384 doubles. Measured on 1M-element arithmetic
   * (docs/performance.md, "Elementwise arithmetic, round four" and "Elementwise chunks of 3 KiB
   * (round five)"): 8 KiB buffers (1,024 doubles) made the float64 lane 1.5-2 times slower than
   * 4 KiB ones, since the three or four buffers of a chunk then no longer stay in a 32 KiB L1
   * cache with the lines streaming through it; and 4 KiB chunks are slower than 3 KiB ones
   * (float64 {@code x*y} 1.9 times). Our reading of the cause: the arrays' native buffers
   * start page-aligned, so with 4 KiB chunks the next chunk's loads from an input lie a
   * multiple of 4 KiB from the last chunk's stores into the output, which the processor
   * takes for a dependence (4K aliasing).
   */
  static final int CHUNK_BYTES = 3072;

  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public ElemwiseKernel() {}

  @Override
  public void register(Registry r) {
    // Each output element reads only the same element of every input: the loop may write
    // into any input of the output's layout.
    r.kernel(Elemwise.class, InplaceInfo.overwritesAnyInput(), ElemwiseKernel::run,
        ElemwiseKernel::run);
  }

  /** Per-thread chunk buffers: up to three inputs and a result (elementwise arity <= 3). */
  private static final ThreadLocal<double[][]> DOUBLE_SCRATCH =
      ThreadLocal.withInitial(() -> new double[4][CHUNK]);
  private static final ThreadLocal<long[][]> LONG_SCRATCH =
      ThreadLocal.withInitial(() -> new long[4][CHUNK]);
  /** The first k of the chunk buffers above, per arity k (the loops read their length). */
  private static final ThreadLocal<double[][][]> DOUBLE_ARGS =
      ThreadLocal.withInitial(() -> prefixes(DOUBLE_SCRATCH.get()));
  private static final ThreadLocal<long[][][]> LONG_ARGS =
      ThreadLocal.withInitial(() -> prefixes(LONG_SCRATCH.get()));

  private static double[][][] prefixes(double[][] a) {
    double[][][] p = new double[a.length][][];
    for (int k = 0; k < a.length; k++) {
      p[k] = java.util.Arrays.copyOf(a, k);
    }
    return p;
  }

  private static long[][][] prefixes(long[][] a) {
    long[][][] p = new long[a.length][][];
    for (int k = 0; k < a.length; k++) {
      p[k] = java.util.Arrays.copyOf(a, k);
    }
    return p;
  }

  static NDArray[] run(Apply node, NDArray[] in) {
    return run(node, in, -1);
  }

  /**
   * Computes the node; when {@code destroy >= 0} and input {@code destroy} is a contiguous
   * array of the output's dtype and shape, the result is written into it (in place).
   */
  static NDArray[] run(Apply node, NDArray[] in, int destroy) {
    ArrayArena arena = ArrayArena.current();
    Prepared p = arena != null && arena.state() instanceof Prepared
        ? (Prepared) arena.state() : null;
    boolean fastMath = FastMathScope.on();
    if (p == null || !p.fits(in, fastMath)) {
      p = new Prepared(node, in, fastMath);
      if (arena != null) {
        arena.state(p);
      }
    }
    int[] shape = broadcastShape(node, in, ArrayArena.scratchInts(0, node.output(0).ndim()));
    // Values always have their variables' static dtypes (DEBUG mode checks it), so the
    // output dtype is the node's: no need to re-derive it (for a Composite, step by step).
    DType outType = node.output(0).dtype();
    // every element of the output is written below, so a reused buffer need not be zeroed
    NDArray out = destroy >= 0 && reusable(in[destroy], outType, shape) ? in[destroy]
        : NDArray.uninitialized(outType, shape);
    NDArray[] views = arena == null ? new NDArray[in.length] : p.views;
    for (int i = 0; i < in.length; i++) {
      views[i] = hasShape(in[i], shape) ? in[i] : in[i].broadcastTo(shape);
    }
    try {
      IntraOpThreads.run(views, out, p.body);
    } finally {
      if (arena != null) {
        java.util.Arrays.fill(views, null);
      }
    }
    return ArrayArena.result(out);
  }

  /**
   * What a node's calls share while its input dtypes stay the same (kept in its
   * {@link ArrayArena}): the dtypes, fast math ({@link FastMathScope}), the loop body, the
   * array of broadcast views.
   */
  private static final class Prepared {
    final List<DType> dtypes;
    final boolean fastMath;
    final IntraOpThreads.Block body;
    final NDArray[] views;

    Prepared(Apply node, NDArray[] in, boolean fastMath) {
      List<DType> d = dtypes(in);
      ScalarOp op = ((Elemwise) node.op()).scalar();
      this.dtypes = d;
      this.fastMath = fastMath;
      this.body = (v, o) -> runAll(op, d, fastMath, v, o);
      this.views = new NDArray[in.length];
    }

    boolean fits(NDArray[] in, boolean fast) {
      return fast == fastMath && sameDTypes(dtypes, in);
    }
  }

  /** The dtypes of {@code in}, in order (what a node's kept state is prepared for). */
  static List<DType> dtypes(NDArray[] in) {
    List<DType> d = new ArrayList<>(in.length);
    for (NDArray a : in) {
      d.add(a.dtype());
    }
    return d;
  }

  /** True if {@code in} are arrays of these dtypes, in order (a node's kept state fits). */
  static boolean sameDTypes(List<DType> dtypes, NDArray[] in) {
    if (in.length != dtypes.size()) {
      return false;
    }
    for (int i = 0; i < in.length; i++) {
      if (in[i].dtype() != dtypes.get(i)) {
        return false;
      }
    }
    return true;
  }

  /** The loops over all of {@code out} (one block of rows when split over threads). */
  private static void runAll(ScalarOp op, List<DType> dtypes, boolean fastMath,
      NDArray[] views, NDArray out) {
    int n = out.size();
    int chunk = Math.min(CHUNK, Math.max(n, 1));
    if (op instanceof Composite) {
      // all inputs of a chunk are read before its outputs are written: in place is safe
      CompositeLoops.of((Composite) op, dtypes, chunk).run(views, out, fastMath);
    } else if (op.computeDType(dtypes).isDiscrete()) {
      runLong(op, views, out, chunk);
    } else if (!(op instanceof Scalar && LayoutLoops.run((Scalar) op, views, out, fastMath))) {
      runDouble(op, views, out, chunk);
    }
  }

  /** True if {@code a} can receive the output (same dtype and shape, contiguous). */
  static boolean reusable(NDArray a, DType dtype, int[] shape) {
    return a.dtype() == dtype && a.isContiguous() && hasShape(a, shape);
  }

  /** True if {@code a} has this shape (without copying its shape array). */
  static boolean hasShape(NDArray a, int[] shape) {
    if (a.ndim() != shape.length) {
      return false;
    }
    for (int d = 0; d < shape.length; d++) {
      if (a.shape(d) != shape[d]) {
        return false;
      }
    }
    return true;
  }

  private static void runLong(ScalarOp op, NDArray[] views, NDArray out, int chunk) {
    int n = out.size();
    long[][] scratch = LONG_SCRATCH.get();
    long[][] buf = LONG_ARGS.get()[views.length];
    long[] res = scratch[3];
    double[] tmp = null;
    for (int s = 0; s < n; s += chunk) {
      int m = Math.min(chunk, n - s);
      for (int i = 0; i < views.length; i++) {
        if (views[i].dtype().isFloat()) {
          // Only a switch condition can be float in the integer lane: test for non-zero.
          tmp = tmp == null ? new double[chunk] : tmp;
          views[i].readDoubles(s, tmp, 0, m);
          for (int k = 0; k < m; k++) {
            buf[i][k] = tmp[k] != 0 ? 1 : 0;
          }
        } else {
          views[i].readLongs(s, buf[i], 0, m);
        }
      }
      if (op instanceof Cast) {
        System.arraycopy(buf[0], 0, res, 0, m);
      } else {
        ScalarLoops.apply((Scalar) op, buf, res, m, out.dtype() == DType.BOOL);
      }
      out.writeLongs(s, res, 0, m);
    }
  }

  private static void runDouble(ScalarOp op, NDArray[] views, NDArray out, int chunk) {
    int n = out.size();
    double[][] scratch = DOUBLE_SCRATCH.get();
    double[][] buf = DOUBLE_ARGS.get()[views.length];
    double[] res = scratch[3];
    for (int s = 0; s < n; s += chunk) {
      int m = Math.min(chunk, n - s);
      for (int i = 0; i < views.length; i++) {
        views[i].readDoubles(s, buf[i], 0, m);
      }
      if (op instanceof Cast) {
        System.arraycopy(buf[0], 0, res, 0, m);
      } else {
        ScalarLoops.apply((Scalar) op, buf, res, m);
      }
      out.writeDoubles(s, res, 0, m);
    }
  }

  /**
   * The output shape. As in Theano, only a dimension that is statically broadcastable (known
   * to be 1) may stretch; other sizes must agree at run time.
   */
  static int[] broadcastShape(Apply node, NDArray[] in) {
    return broadcastShape(node, in, new int[node.output(0).ndim()]);
  }

  /**
   * As above, written into {@code shape} (of the broadcast rank: the output's, or the
   * elementwise result's of a {@link org.theano4j.tensor.FusedReduce}), which it returns.
   */
  static int[] broadcastShape(Apply node, NDArray[] in, int[] shape) {
    int nd = shape.length;
    Arrays.fill(shape, 1);
    for (int i = 0; i < in.length; i++) {
      int lead = nd - in[i].ndim();
      TensorType t = node.input(i).type();
      for (int d = 0; d < in[i].ndim(); d++) {
        int s = in[i].shape(d);
        if (t.isBroadcastable(d)) {
          continue;
        }
        int o = shape[lead + d];
        if (o != 1 && o != s || o == 1 && s != 1 && seenFixed(node, in, nd, i, lead + d)) {
          throw new IllegalArgumentException("input shapes " + shapes(in)
              + " do not match in dimension " + (lead + d) + " (only dimensions known to "
              + "have length 1 broadcast)");
        }
        shape[lead + d] = s;
      }
    }
    return shape;
  }

  /**
   * True if an earlier input fixed dimension {@code d} (of {@code nd}) to length 1
   * non-broadcastably.
   */
  private static boolean seenFixed(Apply node, NDArray[] in, int nd, int upTo, int d) {
    for (int j = 0; j < upTo; j++) {
      int k = d - (nd - in[j].ndim());
      if (k >= 0 && !node.input(j).type().isBroadcastable(k)) {
        return true;
      }
    }
    return false;
  }

  private static String shapes(NDArray[] in) {
    StringBuilder sb = new StringBuilder();
    for (NDArray a : in) {
      sb.append(sb.length() == 0 ? "" : ", ").append(Arrays.toString(a.shape()));
    }
    return sb.toString();
  }
}
