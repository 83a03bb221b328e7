package org.theano4j.cuda.lower;

import static org.theano4j.cuda.ir.Ir.add;
import static org.theano4j.cuda.ir.Ir.idx;
import static org.theano4j.cuda.ir.Ir.load;
import static org.theano4j.cuda.ir.Ir.mul;
import static org.theano4j.cuda.ir.Ir.var;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.theano4j.cuda.ir.Expr;
import org.theano4j.cuda.ir.Ir;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.ir.Param;
import org.theano4j.cuda.ir.Stmt;
import org.theano4j.cuda.ir.Types;
import org.theano4j.graph.Apply;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Diag;
import org.theano4j.tensor.Eye;

/**
 * {@code eye(n, m, k)} (its three scalars read on the host) and {@code diag}: one thread per
 * output element writes a one (eye) or the vector's element (diag of a vector) on the
 * diagonal and zero elsewhere; the diagonal of a matrix is one thread per element read.
 */
final class DiagKernels implements NodeKernels {
  /** Lowers {@code Eye}, {@code Diag} to these kernels. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(Eye.class, DiagKernels::new);
      r.launch(Diag.class, DiagKernels::new);
    }
  }

  private enum Kind { EYE, VECTOR_TO_MATRIX, MATRIX_TO_VECTOR }

  private final Kind kind;
  private final DType outType;
  private final Kernel kernel;

  DiagKernels(Apply node, String name) {
    this.outType = node.output(0).dtype();
    this.kind = node.op() instanceof Eye ? Kind.EYE
        : node.input(0).ndim() == 1 ? Kind.VECTOR_TO_MATRIX : Kind.MATRIX_TO_VECTOR;
    Gen g = new Gen();
    Param out = g.buffer("out", outType, Param.Access.WRITE);
    Param x = kind == Kind.EYE ? null : g.buffer("in_" + Gen.name(node.input(0), "x"),
        outType, Param.Access.READ);
    Expr total = g.value("total");
    Expr zero = Ir.constant(outType, 0);
    List<Stmt> body = new ArrayList<>();
    String comment;
    if (kind == Kind.MATRIX_TO_VECTOR) {
      Expr s0 = g.value("xstride0");
      Expr s1 = g.value("xstride1");
      body.add(new Stmt.Store(out.name(), var("e"), load(x, add(mul(var("e"), s0),
          mul(var("e"), s1)))));
      comment = "one thread per diagonal element";
    } else {
      Expr cols = g.value("cols");
      Expr shift = g.value(kind == Kind.EYE ? "k" : "xstride");
      Expr r = Ir.bin(Expr.BinOp.DIV, var("e"), cols);
      Expr c = Ir.bin(Expr.BinOp.REM, var("e"), cols);
      Expr onDiagonal = kind == Kind.EYE
          ? Ir.bin(Expr.BinOp.EQ, Ir.bin(Expr.BinOp.SUB, c, r), shift)
          : Ir.bin(Expr.BinOp.EQ, c, r);
      Expr value = kind == Kind.EYE ? Ir.constant(outType, 1) : load(x, mul(r, shift));
      body.add(new Stmt.If(onDiagonal, List.of(new Stmt.Store(out.name(), var("e"), value)),
          List.of(new Stmt.Store(out.name(), var("e"), zero))));
      comment = "one thread per output element";
    }
    this.kernel = g.kernel(name, Gen.comment(node) + "\n  " + comment,
        List.of(Gen.gridStride("e", total, body)));
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(kernel);
  }

  @Override
  public boolean hostInput(int i) {
    return kind == Kind.EYE;
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    List<Object> args = new ArrayList<>();
    ArrayRef out = switch (kind) {
      case EYE -> {
        int n = Eye.checkDim(host[0].getLong(), "n");
        int m = Eye.checkDim(host[1].getLong(), "m");
        // A diagonal outside the matrix selects nothing, as any k beyond it does.
        long k = Math.max(-(long) n, Math.min((long) m, host[2].getLong()));
        ArrayRef o = device.allocate(outType, new int[] {n, m});
        args.addAll(List.of(o, n * m, m, (int) k));
        yield o;
      }
      case VECTOR_TO_MATRIX -> {
        int n = in[0].shape()[0];
        ArrayRef o = device.allocate(outType, new int[] {n, n});
        args.addAll(List.of(o, in[0], n * n, n, in[0].strides()[0]));
        yield o;
      }
      case MATRIX_TO_VECTOR -> {
        int n = Math.min(in[0].shape()[0], in[0].shape()[1]);
        ArrayRef o = device.allocate(outType, new int[] {n});
        args.addAll(List.of(o, in[0], n, in[0].strides()[0], in[0].strides()[1]));
        yield o;
      }
    };
    if (out.size() > 0) {
      device.launch(kernel, ElemwiseKernels.grid(out.size()), args);
    }
    return new ArrayRef[] {out};
  }
}
