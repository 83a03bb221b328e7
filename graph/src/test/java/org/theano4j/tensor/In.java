package org.theano4j.tensor;

import java.util.Arrays;
import java.util.Random;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * One input of an op-table case: its dtype (null = the dtype under test), the runtime shape,
 * the static shape declared on the symbolic variable, the memory layout of the argument
 * passed at call time, and the distribution of its values.
 */
record In(DType dtype, int[] shape, int[] declared, Layout layout, Values values) {
  /** How the call argument is laid out in memory. */
  enum Layout {
    /** A fresh row-major array. */
    CONTIGUOUS,
    /** The transpose of a row-major array of the reversed shape (rank >= 2). */
    TRANSPOSED,
    /** Every other element of a larger array along the first axis (a stride-2 view). */
    STRIDED,
    /** The first axis reversed (a negative stride with an offset). */
    REVERSED
  }

  /** Value distributions. */
  @FunctionalInterface
  interface Values {
    double draw(Random r);
  }

  static final Values NORMAL = r -> r.nextGaussian();
  static final Values POSITIVE = r -> 0.1 + 3 * r.nextDouble();
  static final Values UNIT = r -> 0.05 + 0.9 * r.nextDouble();
  static final Values SMALL_INT = r -> r.nextInt(7) - 3;
  static final Values NONZERO_INT = r -> (r.nextInt(3) + 1) * (r.nextBoolean() ? 1 : -1);
  static final Values HALVES = r -> (r.nextInt(21) - 10) / 2.0;
  static final Values WIDE = r -> 40 * r.nextDouble() - 20;
  static final Values BOOL = r -> r.nextBoolean() ? 1 : 0;

  /** Draws from {@code forFloat} for float dtypes and {@code forInt} for integer ones. */
  record Dual(Values forFloat, Values forInt) implements Values {
    @Override
    public double draw(Random r) {
      return forFloat.draw(r);
    }
  }

  static Values dual(Values forFloat, Values forInt) {
    return new Dual(forFloat, forInt);
  }

  /** Always {@code v}. */
  static Values fixed(double v) {
    return r -> v;
  }

  /** Integers in {@code [lo, hi)}. */
  static Values range(int lo, int hi) {
    return r -> lo + r.nextInt(hi - lo);
  }

  /** An input of the dtype under test with normal values, all dims unknown statically. */
  static In x(int... shape) {
    return new In(null, shape, unknown(shape.length), Layout.CONTIGUOUS, NORMAL);
  }

  /** A fixed-dtype input. */
  static In of(DType dtype, int... shape) {
    return new In(dtype, shape, unknown(shape.length), Layout.CONTIGUOUS, NORMAL);
  }

  private static int[] unknown(int n) {
    int[] d = new int[n];
    Arrays.fill(d, TensorType.UNKNOWN);
    return d;
  }

  In values(Values v) {
    return new In(dtype, shape, declared, layout, v);
  }

  In layout(Layout l) {
    return new In(dtype, shape, declared, l, values);
  }

  In transposed() {
    return layout(Layout.TRANSPOSED);
  }

  In strided() {
    return layout(Layout.STRIDED);
  }

  In reversed() {
    return layout(Layout.REVERSED);
  }

  /** Declares the length-1 dims as broadcastable (statically 1), as Theano requires. */
  In bcast() {
    int[] d = declared.clone();
    for (int i = 0; i < d.length; i++) {
      if (shape[i] == 1) {
        d[i] = 1;
      }
    }
    return new In(dtype, shape, d, layout, values);
  }

  /** Declares the full static shape. */
  In known() {
    return new In(dtype, shape, shape.clone(), layout, values);
  }

  DType resolve(DType underTest) {
    return dtype == null ? underTest : dtype;
  }

  Variable variable(DType underTest, String name) {
    return T.tensor(resolve(underTest), declared, name);
  }

  /** The call argument: values drawn from {@code r} into the requested layout. */
  NDArray array(DType underTest, Random r) {
    DType dt = resolve(underTest);
    NDArray a = view(dt);
    int n = a.size();
    // The default (normal) distribution means small integers for integer and bool dtypes.
    Values vs = values;
    if (values instanceof Dual) {
      vs = dt.isFloat() ? ((Dual) values).forFloat() : ((Dual) values).forInt();
    } else if (values == NORMAL && !dt.isFloat()) {
      vs = dt == DType.BOOL ? BOOL : SMALL_INT;
    }
    for (int k = 0; k < n; k++) {
      int[] idx = RefArray.unravel(k, shape);
      double v = vs.draw(r);
      if (dt.isFloat()) {
        a.setDouble(v, idx);
      } else {
        a.setLong(dt == DType.BOOL ? (v != 0 ? 1 : 0) : (long) v, idx);
      }
    }
    return a;
  }

  private NDArray view(DType dt) {
    int nd = shape.length;
    switch (nd == 0 ? Layout.CONTIGUOUS : layout) {
      case TRANSPOSED: {
        int[] rev = new int[nd];
        for (int i = 0; i < nd; i++) {
          rev[i] = shape[nd - 1 - i];
        }
        return NDArray.zeros(dt, rev).transpose();
      }
      case STRIDED: {
        int[] big = shape.clone();
        big[0] = 2 * shape[0];
        return NDArray.zeros(dt, big).slice(0, 1, null, 2);
      }
      case REVERSED:
        return NDArray.zeros(dt, shape).slice(0, null, null, -1);
      default:
        return NDArray.zeros(dt, shape);
    }
  }

  String label(DType underTest) {
    String l = resolve(underTest) + Arrays.toString(shape);
    if (!Arrays.equals(declared, unknown(shape.length))) {
      l += "static" + Arrays.toString(declared).replace("-1", "?");
    }
    return layout == Layout.CONTIGUOUS ? l : l + "/" + layout.name().toLowerCase();
  }
}
