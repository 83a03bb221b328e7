package org.theano4j.cuda.lower;

import static org.theano4j.cuda.ir.Ir.call;
import static org.theano4j.cuda.ir.Ir.convert;
import static org.theano4j.cuda.ir.Ir.idx;
import static org.theano4j.cuda.ir.Ir.load;
import static org.theano4j.cuda.ir.Ir.var;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.theano4j.cuda.ir.Expr;
import org.theano4j.cuda.ir.Ir;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.ir.Param;
import org.theano4j.cuda.ir.Stmt;
import org.theano4j.graph.Apply;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.BatchedDot;
import org.theano4j.tensor.Scalar;

/**
 * Integer {@code Dot} and {@code BatchedDot} (cuBLAS has no integer GEMM): a thread per output
 * element sums its products in order in exact int64, each operand first converted to the
 * output's dtype and the sum stored wrapping to it, as the JVM backend does. Operands are read
 * through their strides (vectors as one row or one column), so nothing is copied.
 */
final class MatmulKernels implements NodeKernels {
  private final DType out;
  private final boolean batched;
  private final Kernel kernel;

  MatmulKernels(Apply node, String name) {
    this.out = node.output(0).dtype();
    this.batched = node.op() instanceof BatchedDot;
    Gen g = new Gen();
    Param o = g.buffer("out", out, Param.Access.WRITE);
    Param a = g.buffer("in0_" + Gen.name(node.input(0), "a"), node.input(0).dtype(),
        Param.Access.READ);
    Param b = g.buffer("in1_" + Gen.name(node.input(1), "b"), node.input(1).dtype(),
        Param.Access.READ);
    Expr total = g.value("total");
    List<Expr> dims = g.values("dim", 3);
    Expr k = g.value("k");
    List<Expr> as = g.values("a_stride", 3);
    List<Expr> bs = g.values("b_stride", 3);
    List<Stmt> body = new ArrayList<>(Gen.decode(var("i"), dims, "c"));
    Expr ai = load(a, Gen.offset(List.of(var("c0"), var("c1"), var("t")), as));
    Expr bi = load(b, Gen.offset(List.of(var("c0"), var("t"), var("c2")), bs));
    Expr prod = call(Scalar.MUL, DType.INT64, convert(ai, out), convert(bi, out));
    body.add(new Stmt.Declare("acc", DType.INT64, new Expr.IntConst(DType.INT64, 0)));
    body.add(Ir.loop("t", idx(0), k, idx(1), List.of(new Stmt.Assign("acc",
        call(Scalar.ADD, DType.INT64, var("acc", DType.INT64), prod)))));
    body.add(new Stmt.Store(o.name(), var("i"), convert(var("acc", DType.INT64), out)));
    this.kernel = g.kernel(name, Gen.comment(node) + "\n  integer product: a thread per "
        + "output element, exact int64 sum in order", List.of(Gen.gridStride("i", total,
        body)));
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(kernel);
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    int[] a = batchedShape(in[0], true);
    int[] b = batchedShape(in[1], false);
    int[] as = batchedStrides(in[0], true);
    int[] bs = batchedStrides(in[1], false);
    if (a[2] != b[1] || a[0] != b[0]) {
      throw new IllegalArgumentException((batched ? "batched shapes do not match: "
          : "inner dimensions differ: ") + Arrays.toString(in[0].shape())
          + (batched ? " and " : " · ") + Arrays.toString(in[1].shape()));
    }
    int[] dims = {a[0], a[1], b[2]};
    int[] shape = outShape(in[0], in[1], dims);
    ArrayRef c = device.allocate(out, shape);
    int total = dims[0] * dims[1] * dims[2];
    if (total > 0) {
      List<Object> args = new ArrayList<>(List.of(c, in[0], in[1], total));
      for (int d : dims) {
        args.add(d);
      }
      args.add(a[2]);
      for (int s : as) {
        args.add(s);
      }
      for (int s : bs) {
        args.add(s);
      }
      device.launch(kernel, ElemwiseKernels.grid(total), args);
    }
    return new ArrayRef[] {c};
  }

  /** {@code (batch, rows, cols)} of an operand: a vector is one row (left) or one column. */
  private static int[] batchedShape(ArrayRef x, boolean left) {
    int[] s = x.shape();
    switch (s.length) {
      case 1: return left ? new int[] {1, 1, s[0]} : new int[] {1, s[0], 1};
      case 2: return new int[] {1, s[0], s[1]};
      default: return s.clone();
    }
  }

  private static int[] batchedStrides(ArrayRef x, boolean left) {
    int[] s = x.strides();
    switch (s.length) {
      case 1: return left ? new int[] {0, 0, s[0]} : new int[] {0, s[0], 0};
      case 2: return new int[] {0, s[0], s[1]};
      default: return s.clone();
    }
  }

  private int[] outShape(ArrayRef a, ArrayRef b, int[] dims) {
    if (batched) {
      return dims;
    }
    if (a.ndim() == 1 && b.ndim() == 1) {
      return new int[0];
    }
    if (a.ndim() == 1) {
      return new int[] {dims[2]};
    }
    return b.ndim() == 1 ? new int[] {dims[1]} : new int[] {dims[1], dims[2]};
  }
}
