package org.theano4j.jvm;

import java.util.List;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.Cast;
import org.theano4j.tensor.Composite;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ScalarProgram;

/**
 * Runs a {@link Composite}'s typed {@link ScalarProgram} over one chunk. Every operand (input or step result)
 * lives in a {@code double[]} (float dtypes) or {@code long[]} (discrete dtypes) buffer; each
 * step computes in its own lane with {@link ScalarLoops} and its result is converted to the
 * step's dtype (float32 rounding, integer wrapping), exactly as storing it in an array would.
 */
final class CompositeLoops {
  private final ScalarProgram program;
  private final int arity;
  private final DType[] types;
  private final double[][] d;
  private final long[][] l;
  private final double[][] dArgs = new double[3][];
  private final long[][] lArgs = new long[3][];
  private final double[] dRes;
  private final long[] lRes;

  CompositeLoops(Composite op, List<DType> inputs, int chunk) {
    this.program = ScalarProgram.of(op, inputs);
    this.arity = inputs.size();
    int n = arity + program.steps().size();
    this.types = new DType[n];
    for (int i = 0; i < n; i++) {
      types[i] = program.operand(i);
    }
    this.d = new double[n][];
    this.l = new long[n][];
    for (int i = 0; i < n; i++) {
      if (types[i].isFloat()) {
        d[i] = new double[chunk];
      } else {
        l[i] = new long[chunk];
      }
    }
    this.chunk = chunk;
    this.dRes = new double[chunk];
    this.lRes = new long[chunk];
  }

  private final int chunk;

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
  static CompositeLoops of(Composite op, List<DType> inputs, int chunk) {
    java.util.Map<Composite, CompositeLoops> cache = CACHE.get();
    CompositeLoops c = cache.get(op);
    if (c == null || c.chunk < chunk || !c.program.inputs().equals(inputs)) {
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      c = new CompositeLoops(op, inputs, Math.max(chunk, c == null ? 0 : c.chunk));
      cache.put(op, c);
    }
    return c;
  }

  /** The buffer of input {@code i} if its dtype is float, else null. */
  double[] doubles(int operand) {
    return d[operand];
  }

  long[] longs(int operand) {
    return l[operand];
  }

  /** The index of the program's result operand. */
  int result() {
    return types.length - 1;
  }

  /** Runs every step over the first {@code m} elements of the operand buffers. */
  void run(int m) {
    List<ScalarProgram.Step> steps = program.steps();
    for (int k = 0; k < steps.size(); k++) {
      ScalarProgram.Step s = steps.get(k);
      int target = arity + k;
      DType out = s.out();
      List<Integer> args = s.args();
      if (s.compute().isDiscrete()) {
        long[][] in = new long[args.size()][];
        for (int i = 0; i < in.length; i++) {
          in[i] = longArg(args.get(i), i, m);
        }
        if (s.op() instanceof Cast) {
          System.arraycopy(in[0], 0, lRes, 0, m);
        } else {
          ScalarLoops.apply((Scalar) s.op(), in, lRes, m, out == DType.BOOL);
        }
        if (out.isFloat()) {
          for (int i = 0; i < m; i++) {
            d[target][i] = out.round(lRes[i]);
          }
        } else {
          for (int i = 0; i < m; i++) {
            l[target][i] = out.wrap(lRes[i]);
          }
        }
      } else {
        double[][] in = new double[args.size()][];
        for (int i = 0; i < in.length; i++) {
          in[i] = doubleArg(args.get(i), i, m);
        }
        if (s.op() instanceof Cast) {
          System.arraycopy(in[0], 0, dRes, 0, m);
        } else {
          ScalarLoops.apply((Scalar) s.op(), in, dRes, m);
        }
        if (out.isFloat()) {
          for (int i = 0; i < m; i++) {
            d[target][i] = out.round(dRes[i]);
          }
        } else if (out == DType.BOOL) {
          for (int i = 0; i < m; i++) {
            l[target][i] = dRes[i] != 0 ? 1 : 0;
          }
        } else {
          for (int i = 0; i < m; i++) {
            l[target][i] = out.wrap((long) dRes[i]);
          }
        }
      }
    }
  }

  private long[] longArg(int operand, int pos, int m) {
    if (l[operand] != null) {
      return l[operand];
    }
    // Only a switch condition is float in an integer lane: it tests for non-zero.
    double[] src = d[operand];
    if (lArgs[pos] == null) {
      lArgs[pos] = new long[chunk];
    }
    long[] dst = lArgs[pos];
    for (int i = 0; i < m; i++) {
      dst[i] = src[i] != 0 ? 1 : 0;
    }
    return dst;
  }

  private double[] doubleArg(int operand, int pos, int m) {
    if (d[operand] != null) {
      return d[operand];
    }
    long[] src = l[operand];
    if (dArgs[pos] == null) {
      dArgs[pos] = new double[chunk];
    }
    double[] dst = dArgs[pos];
    for (int i = 0; i < m; i++) {
      dst[i] = src[i];
    }
    return dst;
  }
}
