package org.theano4j.cuda.lower;

import static org.theano4j.cuda.ir.Ir.add;
import static org.theano4j.cuda.ir.Ir.call;
import static org.theano4j.cuda.ir.Ir.convert;
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
import org.theano4j.cuda.ir.Shared;
import org.theano4j.cuda.ir.Stmt;
import org.theano4j.cuda.ir.Types;
import org.theano4j.graph.Apply;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.CrossentropySoftmax1Hot;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.Softmax;

/**
 * Row kernels, one block per row: the block finds the row's maximum, then the sum of
 * {@code exp(x - max)} (two deterministic tree reductions in shared memory), then writes
 * softmax or log-softmax along the last axis, or, for {@code CrossentropySoftmax1Hot}, the
 * row's loss {@code log(sum) - (x[label] - max)} (thread 0, labels by the index rule).
 * Computes in the output's float type.
 */
final class SoftmaxKernels implements NodeKernels {
  /** Lowers {@code Softmax}, {@code CrossentropySoftmax1Hot} to these kernels. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(Softmax.class, SoftmaxKernels::new);
      r.launch(CrossentropySoftmax1Hot.class, SoftmaxKernels::new);
    }
  }

  private final DType outType;
  private final int lead;
  private final boolean loss;
  private final Kernel kernel;

  SoftmaxKernels(Apply node, String name) {
    this(node, name, !(node.op() instanceof Softmax),
        !(node.op() instanceof Softmax) || ((Softmax) node.op()).log());
  }

  /**
   * The kernel of one output: the per-row loss ({@code loss}) or the softmax / log-softmax of
   * the node's first input (its output dtype is the node's first output's).
   */
  SoftmaxKernels(Apply node, String name, boolean loss, boolean log) {
    this.outType = node.output(0).dtype();
    this.lead = node.input(0).ndim() - 1;
    this.loss = loss;
    this.kernel = build(node, name, log);
  }

  private Kernel build(Apply node, String name, boolean log) {
    DType f = outType;
    Gen g = new Gen();
    Param out = g.buffer("out", f, Param.Access.WRITE);
    Param x = g.buffer("in_" + Gen.name(node.input(0), "x"), node.input(0).dtype(),
        Param.Access.READ);
    Param y = loss ? g.buffer("in_" + Gen.name(node.input(1), "y"), node.input(1).dtype(),
        Param.Access.READ) : null;
    if (loss) {
      g.buffer("err", DType.INT64, Param.Access.READ_WRITE);
    }
    Expr rows = g.value("rows");
    Expr cols = g.value("cols");
    List<Expr> shape = g.values("rshape", lead);
    List<Expr> strides = g.values("rstride", lead);
    Expr colStride = g.value("cstride");
    Expr yStride = loss ? g.value("ystride") : null;
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
    if (loss) {
      row.add(lossOfRow(out, x, y, yStride, cols, colStride, m, s, f));
    } else {
      Expr value = log
          ? call(Scalar.SUB, f, call(Scalar.SUB, f, xj, m), call(Scalar.LOG, f, s))
          : call(Scalar.TRUE_DIV, f, e, s);
      row.add(Gen.blockStride("j", cols, List.of(new Stmt.Store(out.name(),
          add(mul(var("r"), cols), var("j")), value))));
    }
    return g.kernel(name, Gen.comment(node) + "\n  one block per row: max, sum of exp "
        + "(shared-memory tree reductions), write", List.of(Gen.blockPerItem("r", rows, row)));
  }

  /**
   * Thread 0 applies the index rule to the row's label ({@link Gen#indexRule}) and writes
   * {@code log(s) - (x[label] - m)}.
   */
  private static Stmt lossOfRow(Param out, Param x, Param y, Expr yStride, Expr cols,
      Expr colStride, Expr m, Expr s, DType f) {
    Expr label = var("label", DType.INT64);
    Expr xl = convert(load(x, add(var("base"), mul(convert(label, Types.INDEX), colStride))), f);
    List<Stmt> thread0 = new ArrayList<>();
    thread0.add(new Stmt.Declare("label", DType.INT64, convert(load(y, mul(var("r"), yStride)),
        DType.INT64)));
    thread0.addAll(Gen.indexRule("label", cols, 1));
    thread0.add(new Stmt.Store(out.name(), var("r"), call(Scalar.SUB, f,
        call(Scalar.LOG, f, s), call(Scalar.SUB, f, xl, m))));
    return new Stmt.If(Ir.bin(Expr.BinOp.EQ, Ir.threadIdx(), idx(0)), thread0, List.of());
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(kernel);
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    ArrayRef x = in[0];
    int cols = x.shape()[lead];
    int rows = lead == 0 ? 1 : x.shape()[0];
    for (int d = 1; d < lead; d++) {
      rows *= x.shape()[d];
    }
    if (loss && in[1].shape()[0] != rows) {
      throw new IllegalArgumentException(rows + " rows of logits but " + in[1].shape()[0]
          + " labels");
    }
    ArrayRef out = device.allocate(outType, loss ? new int[] {rows} : x.shape());
    if (rows == 0 || cols == 0 && !loss) {
      return new ArrayRef[] {out};
    }
    List<Object> args = new ArrayList<>(List.of(out, x));
    if (loss) {
      args.add(in[1]);
      args.add(ErrorBuffer.MARKER);
    }
    args.add(rows);
    args.add(cols);
    for (int d = 0; d < lead; d++) {
      args.add(x.shape()[d]);
    }
    for (int d = 0; d < lead; d++) {
      args.add(x.strides()[d]);
    }
    args.add(x.strides()[lead]);
    if (loss) {
      args.add(in[1].strides()[0]);
    }
    device.launch(kernel, Math.min(rows, 65535), args);
    return new ArrayRef[] {out};
  }
}
