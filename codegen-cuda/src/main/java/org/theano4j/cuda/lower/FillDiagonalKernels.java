package org.theano4j.cuda.lower;

import static org.theano4j.cuda.ir.Ir.add;
import static org.theano4j.cuda.ir.Ir.idx;
import static org.theano4j.cuda.ir.Ir.load;
import static org.theano4j.cuda.ir.Ir.mul;
import static org.theano4j.cuda.ir.Ir.var;

import com.google.auto.service.AutoService;
import java.util.List;
import org.theano4j.cuda.ir.Expr;
import org.theano4j.cuda.ir.Ir;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.ir.Param;
import org.theano4j.cuda.ir.Stmt;
import org.theano4j.graph.Apply;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.FillDiagonal;

/**
 * {@code fill_diagonal(a, val)}: one thread per output element writes {@code val} (converted
 * to a's dtype, which it casts to safely) on the main diagonal and a's element elsewhere, into
 * a fresh row-major matrix; a is read through its strides.
 */
final class FillDiagonalKernels implements NodeKernels {
  /** Lowers {@code FillDiagonal} to this kernel. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(FillDiagonal.class, FillDiagonalKernels::new);
    }
  }

  private final DType outType;
  private final Kernel kernel;

  FillDiagonalKernels(Apply node, String name) {
    this.outType = node.output(0).dtype();
    Gen g = new Gen();
    Param out = g.buffer("out", outType, Param.Access.WRITE);
    Param a = g.buffer("a_" + Gen.name(node.input(0), "in"), outType, Param.Access.READ);
    Param val = g.buffer("val_" + Gen.name(node.input(1), "in"), node.input(1).dtype(),
        Param.Access.READ);
    Expr total = g.value("total");
    Expr cols = g.value("cols");
    Expr s0 = g.value("astride0");
    Expr s1 = g.value("astride1");
    Expr r = Ir.bin(Expr.BinOp.DIV, var("e"), cols);
    Expr c = Ir.bin(Expr.BinOp.REM, var("e"), cols);
    Stmt body = new Stmt.If(Ir.bin(Expr.BinOp.EQ, r, c),
        List.of(new Stmt.Store(out.name(), var("e"), Ir.convert(load(val, idx(0)), outType))),
        List.of(new Stmt.Store(out.name(), var("e"), load(a, add(mul(r, s0), mul(c, s1))))));
    this.kernel = g.kernel(name, Gen.comment(node) + "\n  one thread per output element",
        List.of(Gen.gridStride("e", total, List.of(body))));
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(kernel);
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    int rows = in[0].shape()[0];
    int cols = in[0].shape()[1];
    ArrayRef out = device.allocate(outType, new int[] {rows, cols});
    if (out.size() > 0) {
      device.launch(kernel, ElemwiseKernels.grid(out.size()), List.of(out, in[0], in[1],
          rows * cols, cols, in[0].strides()[0], in[0].strides()[1]));
    }
    return new ArrayRef[] {out};
  }
}
