package org.theano4j.cuda.lower;

import static org.theano4j.cuda.ir.Ir.call;
import static org.theano4j.cuda.ir.Ir.convert;
import static org.theano4j.cuda.ir.Ir.idx;
import static org.theano4j.cuda.ir.Ir.load;
import static org.theano4j.cuda.ir.Ir.var;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.Reduce;
import org.theano4j.tensor.ReduceKind;
import org.theano4j.tensor.Scalar;

/**
 * A reduction, accumulating in float64 or int64, as one of two kernels chosen by the host at
 * run time from the reduced length (both deterministic): one block per output element, whose
 * threads stride over the reduced elements (the reduced axes, any strides) and then combine
 * their partial values in shared memory in a fixed tree order; or, for short reductions, one
 * thread per output element reducing its elements in order.
 */
final class ReduceKernels implements NodeKernels {
  /** Lowers {@code Reduce} to these kernels. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(Reduce.class, ReduceKernels::new);
    }
  }

  private final Reduce op;
  private final DType outType;
  private final List<Integer> keptAxes = new ArrayList<>();
  /** Default longest reduction done by one thread per output element. */
  static final int THREAD_MAX = 64;

  private final Kernel kernel;
  private final Kernel threadKernel;

  ReduceKernels(Apply node, String name) {
    this.op = (Reduce) node.op();
    this.outType = node.output(0).dtype();
    int nd = node.input(0).ndim();
    for (int d = 0; d < nd; d++) {
      if (!op.axes().contains(d)) {
        keptAxes.add(d);
      }
    }
    this.kernel = build(node, name, false);
    this.threadKernel = build(node, name, true);
  }

  /**
   * The block-per-output kernel ({@code thread == false}) or the thread-per-output kernel
   * (each thread reduces its output's elements alone, in order).
   */
  private Kernel build(Apply node, String name, boolean thread) {
    ReduceKind kind = op.kind();
    DType inType = node.input(0).dtype();
    boolean logical = kind == ReduceKind.ALL || kind == ReduceKind.ANY;
    DType acc = kind == ReduceKind.MEAN ? DType.FLOAT64
        : logical ? DType.INT64 : Types.accumulator(inType);
    Gen g = new Gen();
    Param out = g.buffer("out", outType, Param.Access.WRITE);
    Param x = g.buffer("in_" + Gen.name(node.input(0), "x"), inType, Param.Access.READ);
    Expr outer = g.value("outer");
    Expr inner = g.value("inner");
    List<Expr> ks = g.values("kshape", keptAxes.size());
    List<Expr> kst = g.values("kstride", keptAxes.size());
    List<Expr> rs = g.values("rshape", op.axes().size());
    List<Expr> rst = g.values("rstride", op.axes().size());
    Scalar combine = combiner(kind);

    List<Stmt> perElement = new ArrayList<>(Gen.decode(var("j"), rs, "r"));
    Expr v = load(x, Ir.add(var("base"), Gen.offset(Gen.coords("r", rs.size()), rst)));
    Expr term = logical
        ? convert(convert(v, DType.BOOL), acc) : convert(v, acc);
    perElement.add(new Stmt.Assign("acc", call(combine, acc, var("acc", acc), term)));

    List<Stmt> row = new ArrayList<>(Gen.decode(var("o"), ks, "k"));
    row.add(new Stmt.Declare("base", Types.INDEX, Gen.offset(Gen.coords("k", ks.size()), kst)));
    row.add(new Stmt.Declare("acc", acc, identity(kind, acc)));
    Expr total;
    if (thread) {
      row.add(Ir.loop("j", idx(0), inner, idx(1), perElement));
      total = var("acc", acc);
    } else {
      Shared sh = g.shared("partial", acc);
      row.add(Gen.blockStride("j", inner, perElement));
      row.add(new Stmt.SharedStore(sh.name(), Ir.threadIdx(), var("acc", acc)));
      row.addAll(Gen.treeReduce(sh, (a, b) -> call(combine, acc, a, b)));
      total = new Expr.SharedLoad(sh.name(), idx(0), acc);
    }
    if (kind == ReduceKind.MEAN) {
      total = call(Scalar.TRUE_DIV, acc, total, convert(inner, acc));
    }
    Stmt store = new Stmt.Store(out.name(), var("o"), convert(total, outType));
    if (thread) {
      row.add(store);
      return g.kernel(name + "_thread", Gen.comment(node) + "\n  one thread per output "
          + "element, its elements in order (short reductions)",
          List.of(Gen.gridStride("o", outer, row)));
    }
    row.add(new Stmt.If(Ir.bin(Expr.BinOp.EQ, Ir.threadIdx(), idx(0)), List.of(store),
        List.of()));
    return g.kernel(name, Gen.comment(node) + "\n  one block per output element, "
        + "deterministic tree reduction", List.of(Gen.blockPerItem("o", outer, row)));
  }

  /**
   * True if a thread per output element is the better launch: the reduced length is short
   * (at most {@code theano4j.cuda.reduce.threadMax}, default {@value #THREAD_MAX}), e.g. the
   * row sums of an (N, 10) matrix, where a block of {@link Gen#BLOCK} threads would idle.
   */
  static boolean threadPerOutput(int inner) {
    return inner <= Integer.getInteger("theano4j.cuda.reduce.threadMax", THREAD_MAX);
  }

  static Scalar combiner(ReduceKind kind) {
    return switch (kind) {
      case SUM, MEAN -> Scalar.ADD;
      case PROD -> Scalar.MUL;
      case MAX -> Scalar.MAXIMUM;
      case MIN -> Scalar.MINIMUM;
      case ALL -> Scalar.AND;
      case ANY -> Scalar.OR;
    };
  }

  static Expr identity(ReduceKind kind, DType acc) {
    boolean f = acc.isFloat();
    return switch (kind) {
      case PROD, ALL -> Ir.constant(acc, 1);
      case MAX -> f ? new Expr.FloatConst(acc, Double.NEGATIVE_INFINITY)
          : new Expr.IntConst(acc, Long.MIN_VALUE);
      case MIN -> f ? new Expr.FloatConst(acc, Double.POSITIVE_INFINITY)
          : new Expr.IntConst(acc, Long.MAX_VALUE);
      case SUM, MEAN, ANY -> Ir.constant(acc, 0);
    };
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(kernel, threadKernel);
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    ArrayRef x = in[0];
    int outer = Shapes.product(x.shape(), keptAxes);
    int inner = Shapes.product(x.shape(), op.axes());
    ReduceKind kind = op.kind();
    op.checkSelection(x.shape());
    int[] outShape = new int[op.keepdims() ? x.ndim() : keptAxes.size()];
    for (int d = 0, k = 0; d < x.ndim(); d++) {
      if (!op.axes().contains(d)) {
        outShape[op.keepdims() ? d : k++] = x.shape()[d];
      } else if (op.keepdims()) {
        outShape[d] = 1;
      }
    }
    ArrayRef out = device.allocate(outType, outShape);
    if (outer == 0) {
      return new ArrayRef[] {out};
    }
    List<Object> args = launchArgs(out, x, outer, inner, keptAxes, op.axes());
    if (threadPerOutput(inner)) {
      device.launch(threadKernel, ElemwiseKernels.grid(outer), args);
    } else {
      device.launch(kernel, Math.min(outer, 65535), args);
    }
    return new ArrayRef[] {out};
  }

  /**
   * The launch arguments of a reduction kernel (this one's or an arg-reduction's): output,
   * input, the output and reduced element counts, then the kept axes' lengths and strides and
   * the reduced axes' lengths and strides.
   */
  static List<Object> launchArgs(ArrayRef out, ArrayRef x, int outer, int inner,
      List<Integer> kept, List<Integer> reduced) {
    List<Object> args = new ArrayList<>(List.of(out, x, outer, inner));
    for (int d : kept) {
      args.add(x.shape()[d]);
    }
    for (int d : kept) {
      args.add(x.strides()[d]);
    }
    for (int a : reduced) {
      args.add(x.shape()[a]);
    }
    for (int a : reduced) {
      args.add(x.strides()[a]);
    }
    return args;
  }
}
