package org.theano4j.cuda.lower;

import static org.theano4j.cuda.ir.Ir.add;
import static org.theano4j.cuda.ir.Ir.idx;
import static org.theano4j.cuda.ir.Ir.mul;
import static org.theano4j.cuda.ir.Ir.var;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import org.theano4j.cuda.ir.Expr;
import org.theano4j.cuda.ir.Ir;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.ir.Param;
import org.theano4j.cuda.ir.Shared;
import org.theano4j.cuda.ir.Stmt;
import org.theano4j.cuda.ir.Types;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.Scalar;

/**
 * Builds one kernel: collects parameters, and provides the recurring pieces (grid-stride and
 * block-stride loops, decoding a linear index into coordinates, strided offsets, block
 * reductions in shared memory).
 */
final class Gen {
  /** Threads per block of every generated kernel. */
  static final int BLOCK = 256;

  private final List<Param> params = new ArrayList<>();
  private final List<Shared> shared = new ArrayList<>();

  Param buffer(String name, DType dtype, Param.Access access) {
    Param p = new Param.Buffer(name, dtype, access);
    params.add(p);
    return p;
  }

  /** An index-valued parameter, returned as the expression reading it. */
  Expr value(String name) {
    params.add(new Param.Value(name, Types.INDEX));
    return var(name);
  }

  /** {@code n} index-valued parameters {@code prefix0 .. prefix(n-1)}. */
  List<Expr> values(String prefix, int n) {
    List<Expr> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(value(prefix + i));
    }
    return out;
  }

  Shared shared(String name, DType dtype) {
    Shared s = new Shared(name, dtype, BLOCK);
    shared.add(s);
    return s;
  }

  Kernel kernel(String name, String comment, List<Stmt> body) {
    return new Kernel(name, comment, params, BLOCK, shared, body);
  }

  /** The template of the index rule's error: {@link Shapes#outOfBounds} with placeholders. */
  static final String OUT_OF_BOUNDS = Shapes.outOfBounds("{}", "{}", "{}");

  /**
   * The index rule ({@link Shapes#index}, the JVM kernels' one) for the int64 variable
   * {@code v}, already declared, indexing {@code axis} of {@code size} elements: outside
   * {@code [-size, size)} the kernel fails with {@link #OUT_OF_BOUNDS} and {@code v} becomes 0
   * (so the rest of the thread reads in bounds while the call fails); then a negative
   * {@code v} becomes {@code v + size}.
   */
  static List<Stmt> indexRule(String v, Expr size, int axis) {
    Expr e = var(v, DType.INT64);
    Expr n = Ir.convert(size, DType.INT64);
    Expr zero = new Expr.IntConst(DType.INT64, 0);
    return List.of(
        new Stmt.If(Ir.or(Ir.lt(e, Ir.call(Scalar.NEG, DType.INT64, n)),
            Ir.bin(Expr.BinOp.GE, e, n)), List.of(new Stmt.Fail(1, OUT_OF_BOUNDS,
                List.of(e, idx(axis), size)), new Stmt.Assign(v, zero)), List.of()),
        new Stmt.If(Ir.lt(e, zero), List.of(new Stmt.Assign(v, add(e, n))), List.of()));
  }

  /** {@code for (var = global id; var < n; var += grid size)}. */
  static Stmt gridStride(String var, Expr n, List<Stmt> body) {
    return Ir.loop(var, Ir.globalId(), n, Ir.gridSize(), body);
  }

  /** {@code for (var = blockIdx.x; var < n; var += gridDim.x)}: one block per item. */
  static Stmt blockPerItem(String var, Expr n, List<Stmt> body) {
    return Ir.loop(var, Ir.blockIdx(), n, Ir.gridDim(), body);
  }

  /** {@code for (var = threadIdx.x; var < n; var += blockDim.x)}: a block's threads share. */
  static Stmt blockStride(String var, Expr n, List<Stmt> body) {
    return Ir.loop(var, Ir.threadIdx(), n, Ir.blockDim(), body);
  }

  /**
   * Declares {@code prefix0 .. prefix(k-1)}, the row-major coordinates of {@code linear}
   * over {@code sizes}, and returns the statements.
   */
  static List<Stmt> decode(Expr linear, List<Expr> sizes, String prefix) {
    List<Stmt> out = new ArrayList<>();
    int k = sizes.size();
    if (k == 0) {
      return out;
    }
    if (k == 1) {
      out.add(new Stmt.Declare(prefix + 0, Types.INDEX, linear));
      return out;
    }
    String rem = prefix + "r";
    out.add(new Stmt.Declare(rem, Types.INDEX, linear));
    for (int d = k - 1; d > 0; d--) {
      out.add(new Stmt.Declare(prefix + d, Types.INDEX,
          Ir.bin(Expr.BinOp.REM, var(rem), sizes.get(d))));
      out.add(new Stmt.Assign(rem, Ir.bin(Expr.BinOp.DIV, var(rem), sizes.get(d))));
    }
    out.add(new Stmt.Declare(prefix + 0, Types.INDEX, var(rem)));
    return out;
  }

  /** The coordinate variables declared by {@link #decode}. */
  static List<Expr> coords(String prefix, int k) {
    List<Expr> out = new ArrayList<>();
    for (int d = 0; d < k; d++) {
      out.add(var(prefix + d));
    }
    return out;
  }

  /** {@code sum(coords[d] * strides[d])}, or 0. */
  static Expr offset(List<Expr> coords, List<Expr> strides) {
    Expr e = null;
    for (int d = 0; d < coords.size(); d++) {
      Expr t = mul(coords.get(d), strides.get(d));
      e = e == null ? t : add(e, t);
    }
    return e == null ? idx(0) : e;
  }

  /**
   * The tree reduction of a block: each thread has stored its partial value in
   * {@code sh[threadIdx.x]}; after these statements {@code sh[0]} holds the combination of
   * all, in a fixed order (deterministic). Starts and ends with a barrier.
   */
  static List<Stmt> treeReduce(Shared sh, BinaryOperator<Expr> combine) {
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Barrier());
    Expr tid = Ir.threadIdx();
    for (int s = BLOCK / 2; s > 0; s /= 2) {
      Expr mine = new Expr.SharedLoad(sh.name(), tid, sh.dtype());
      Expr other = new Expr.SharedLoad(sh.name(), add(tid, idx(s)), sh.dtype());
      out.add(new Stmt.If(Ir.lt(tid, idx(s)),
          List.of(new Stmt.SharedStore(sh.name(), tid, combine.apply(mine, other))), List.of()));
      out.add(new Stmt.Barrier());
    }
    return out;
  }

  /** A C identifier from the graph's name of {@code v}, or {@code fallback}. */
  static String name(Variable v, String fallback) {
    String n = v.name();
    if (n == null || n.isEmpty()) {
      return fallback;
    }
    String s = n.replaceAll("[^A-Za-z0-9_]", "_");
    return Character.isDigit(s.charAt(0)) ? "_" + s : s;
  }

  /** The comment of a node's kernel: op, user line, inputs and output. */
  static String comment(Apply node) {
    StringBuilder sb = new StringBuilder(node.op().describe()).append(" created at ")
        .append(node.site());
    for (int i = 0; i < node.inputs().size(); i++) {
      sb.append("\n  in").append(i).append(": ").append(node.input(i).describe());
    }
    return sb.append("\n  out: ").append(node.output(0).type()).toString();
  }
}
