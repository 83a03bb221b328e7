package org.theano4j.cuda.lower;

import static org.theano4j.cuda.ir.Ir.add;
import static org.theano4j.cuda.ir.Ir.call;
import static org.theano4j.cuda.ir.Ir.convert;
import static org.theano4j.cuda.ir.Ir.idx;
import static org.theano4j.cuda.ir.Ir.load;
import static org.theano4j.cuda.ir.Ir.mul;
import static org.theano4j.cuda.ir.Ir.var;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.cuda.ir.Expr;
import org.theano4j.cuda.ir.Ir;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.ir.Param;
import org.theano4j.cuda.ir.Shared;
import org.theano4j.cuda.ir.Stmt;
import org.theano4j.cuda.ir.Types;
import org.theano4j.graph.Apply;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.Softmax;

/**
 * Softmax or log-softmax along the last axis as a row kernel: one block per row; the block
 * finds the row's maximum, then the sum of {@code exp(x - max)} (two deterministic tree
 * reductions in shared memory), then writes the row. Computes in the output's float type.
 */
final class SoftmaxKernels implements NodeKernels {
  private final DType outType;
  private final int lead;
  private final Kernel kernel;

  SoftmaxKernels(Apply node, String name) {
    this.outType = node.output(0).dtype();
    this.lead = node.input(0).ndim() - 1;
    this.kernel = build(node, name, ((Softmax) node.op()).log());
  }

  private Kernel build(Apply node, String name, boolean log) {
    DType f = outType;
    Gen g = new Gen();
    Param out = g.buffer("out", f, Param.Access.WRITE);
    Param x = g.buffer("in_" + Gen.name(node.input(0), "x"), node.input(0).dtype(),
        Param.Access.READ);
    Expr rows = g.value("rows");
    Expr cols = g.value("cols");
    List<Expr> shape = g.values("rshape", lead);
    List<Expr> strides = g.values("rstride", lead);
    Expr colStride = g.value("cstride");
    Shared sh = g.shared("partial", f);
    Expr xj = convert(load(x, add(var("base"), mul(var("j"), colStride))), f);
    Expr m = var("m", f);
    Expr s = var("s", f);
    Expr tid = Ir.threadIdx();
    Expr sh0 = new Expr.SharedLoad(sh.name(), idx(0), f);

    List<Stmt> row = new ArrayList<>(Gen.decode(var("r"), shape, "k"));
    row.add(new Stmt.Declare("base", Types.INDEX, Gen.offset(Gen.coords("k", lead), strides)));
    row.add(new Stmt.Declare("m", f, new Expr.FloatConst(f, Double.NEGATIVE_INFINITY)));
    row.add(Gen.blockStride("j", cols, List.of(new Stmt.Assign("m",
        call(Scalar.MAXIMUM, f, m, xj)))));
    row.add(new Stmt.SharedStore(sh.name(), tid, m));
    row.addAll(Gen.treeReduce(sh, (a, b) -> call(Scalar.MAXIMUM, f, a, b)));
    row.add(new Stmt.Assign("m", sh0));
    row.add(new Stmt.Barrier());
    row.add(new Stmt.Declare("s", f, new Expr.FloatConst(f, 0)));
    Expr e = call(Scalar.EXP, f, call(Scalar.SUB, f, xj,
        m));
    row.add(Gen.blockStride("j", cols, List.of(new Stmt.Assign("s",
        call(Scalar.ADD, f, s, e)))));
    row.add(new Stmt.SharedStore(sh.name(), tid, s));
    row.addAll(Gen.treeReduce(sh, (a, b) -> call(Scalar.ADD, f, a, b)));
    row.add(new Stmt.Assign("s", sh0));
    row.add(new Stmt.Barrier());
    Expr value = log
        ? call(Scalar.SUB, f, call(Scalar.SUB, f, xj, m), call(Scalar.LOG, f, s))
        : call(Scalar.TRUE_DIV, f, e, s);
    row.add(Gen.blockStride("j", cols, List.of(new Stmt.Store(out.name(),
        add(mul(var("r"), cols), var("j")), value))));
    return g.kernel(name, Gen.comment(node) + "\n  one block per row: max, sum of exp "
        + "(shared-memory tree reductions), write", List.of(Gen.blockPerItem("r", rows, row)));
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(kernel);
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    ArrayRef x = in[0];
    ArrayRef out = device.allocate(outType, x.shape());
    int cols = x.shape()[lead];
    int rows = cols == 0 ? 0 : x.size() / cols;
    if (rows == 0) {
      return new ArrayRef[] {out};
    }
    List<Object> args = new ArrayList<>(List.of(out, x, rows, cols));
    for (int d = 0; d < lead; d++) {
      args.add(x.shape()[d]);
    }
    for (int d = 0; d < lead; d++) {
      args.add(x.strides()[d]);
    }
    args.add(x.strides()[lead]);
    device.launch(kernel, Math.min(rows, 65535), args);
    return new ArrayRef[] {out};
  }
}
