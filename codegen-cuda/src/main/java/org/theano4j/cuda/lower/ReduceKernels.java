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
import org.theano4j.tensor.FusedReduce;
import org.theano4j.tensor.Reduce;
import org.theano4j.tensor.ReduceKind;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ScalarProgram;

/**
 * A reduction, accumulating in float64 or int64, as one of two kernels chosen by the host at
 * run time from the reduced length (both deterministic): one block per output element, whose
 * threads stride over the reduced elements (the reduced axes, any strides) and then combine
 * their partial values in shared memory in a fixed tree order; or, for short reductions, one
 * thread per output element reducing its elements in order.
 *
 * <p>A {@link FusedReduce} is the same kernels with each element computed where it is read:
 * every input loaded at the element's coordinates through its own strides (0 along the axes
 * it is broadcast over), the elementwise program run on them (each step rounded to its dtype,
 * as {@link ElemwiseKernels} runs it), and the result accumulated as the reduction of that
 * elementwise array accumulates it, in the same order.
 */
final class ReduceKernels implements NodeKernels {
  /** Lowers {@code Reduce} and {@code FusedReduce} to these kernels. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(Reduce.class, ReduceKernels::new);
      r.launch(FusedReduce.class, ReduceKernels::new);
    }
  }

  private final Reduce op;
  private final DType outType;
  /** The elementwise program of a fused reduction; null for a plain one. */
  private final ScalarProgram program;
  /** The rank of the reduced value (the input's, or the elementwise result's). */
  private final int rank;
  private final ElemwiseKernels.ShapeRule shapeRule;
  private final List<Integer> keptAxes = new ArrayList<>();
  /** Default longest reduction done by one thread per output element. */
  static final int THREAD_MAX = 64;

  private final Kernel kernel;
  private final Kernel threadKernel;

  ReduceKernels(Apply node, String name) {
    if (node.op() instanceof FusedReduce) {
      FusedReduce f = (FusedReduce) node.op();
      List<DType> in = new ArrayList<>();
      for (org.theano4j.graph.Variable v : node.inputs()) {
        in.add(v.dtype());
      }
      this.op = f.reduce();
      this.program = ScalarProgram.of(f.scalar(), in);
      this.rank = f.elementwiseType(node.inputs()).ndim();
      this.shapeRule = ElemwiseKernels.theanoBroadcast(node, rank);
    } else {
      this.op = (Reduce) node.op();
      this.program = null;
      this.rank = node.input(0).ndim();
      this.shapeRule = null;
    }
    this.outType = node.output(0).dtype();
    int nd = rank;
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
    DType inType = program == null ? node.input(0).dtype() : program.output();
    boolean logical = kind == ReduceKind.ALL || kind == ReduceKind.ANY;
    DType acc = kind == ReduceKind.MEAN ? DType.FLOAT64
        : logical ? DType.INT64 : Types.accumulator(inType);
    Gen g = new Gen();
    Param out = g.buffer("out", outType, Param.Access.WRITE);
    int inputs = program == null ? 1 : node.inputs().size();
    List<Param> xs = new ArrayList<>();
    for (int i = 0; i < inputs; i++) {
      String n = Gen.name(node.input(i), "x");
      xs.add(program == null ? g.buffer("in_" + n, inType, Param.Access.READ)
          : g.buffer("in" + i + "_" + n, program.inputs().get(i), Param.Access.READ));
    }
    Expr outer = g.value("outer");
    Expr inner = g.value("inner");
    // parameters in launch order: a plain reduction's kept lengths and strides, then its
    // reduced ones; a fused one's lengths, then each input's strides (fusedArgs)
    List<List<Expr>> kst = new ArrayList<>();
    List<List<Expr>> rst = new ArrayList<>();
    List<Expr> ks = g.values("kshape", keptAxes.size());
    if (program == null) {
      kst.add(g.values("kstride", keptAxes.size()));
    }
    List<Expr> rs = g.values("rshape", op.axes().size());
    if (program == null) {
      rst.add(g.values("rstride", op.axes().size()));
    } else {
      for (int i = 0; i < inputs; i++) {
        kst.add(g.values("kstride" + i + "_", keptAxes.size()));
      }
      for (int i = 0; i < inputs; i++) {
        rst.add(g.values("rstride" + i + "_", op.axes().size()));
      }
    }
    Scalar combine = combiner(kind);

    List<Stmt> perElement = new ArrayList<>(Gen.decode(var("j"), rs, "r"));
    List<Expr> loads = new ArrayList<>();
    for (int i = 0; i < inputs; i++) {
      loads.add(load(xs.get(i), Ir.add(var(base(i)),
          Gen.offset(Gen.coords("r", rs.size()), rst.get(i)))));
    }
    Expr v;
    if (program == null) {
      v = loads.get(0);
    } else {
      List<Stmt> prog = Ir.emit(program, loads, "t");
      perElement.addAll(prog);
      Stmt.Declare last = (Stmt.Declare) prog.get(prog.size() - 1);
      v = var(last.name(), last.type());
    }
    Expr term = logical
        ? convert(convert(v, DType.BOOL), acc) : convert(v, acc);
    perElement.add(new Stmt.Assign("acc", call(combine, acc, var("acc", acc), term)));

    List<Stmt> row = new ArrayList<>(Gen.decode(var("o"), ks, "k"));
    for (int i = 0; i < inputs; i++) {
      row.add(new Stmt.Declare(base(i), Types.INDEX,
          Gen.offset(Gen.coords("k", ks.size()), kst.get(i))));
    }
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

  /** The offset of input {@code i}'s first element of an output's run. */
  private String base(int i) {
    return program == null ? "base" : "base" + i;
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
    int[] shape = program == null ? in[0].shape() : shapeRule.shape(in, host);
    int outer = Shapes.product(shape, keptAxes);
    int inner = Shapes.product(shape, op.axes());
    op.checkSelection(shape);
    int[] outShape = new int[op.keepdims() ? rank : keptAxes.size()];
    for (int d = 0, k = 0; d < rank; d++) {
      if (!op.axes().contains(d)) {
        outShape[op.keepdims() ? d : k++] = shape[d];
      } else if (op.keepdims()) {
        outShape[d] = 1;
      }
    }
    ArrayRef out = device.allocate(outType, outShape);
    if (outer == 0) {
      return new ArrayRef[] {out};
    }
    List<Object> args = program == null
        ? launchArgs(out, in[0], outer, inner, keptAxes, op.axes())
        : fusedArgs(out, in, shape, outer, inner);
    if (threadPerOutput(inner)) {
      device.launch(threadKernel, ElemwiseKernels.grid(outer), args);
    } else {
      device.launch(kernel, Math.min(outer, 65535), args);
    }
    return new ArrayRef[] {out};
  }

  /**
   * A fused reduction's launch arguments: output, inputs, the output and reduced element
   * counts, the kept and reduced axes' lengths (of the elementwise result's shape), then
   * each input's strides along the kept axes, then along the reduced axes (0 where it is
   * broadcast).
   */
  private List<Object> fusedArgs(ArrayRef out, ArrayRef[] in, int[] shape, int outer,
      int inner) {
    List<Object> args = new ArrayList<>(List.of(out));
    args.addAll(Arrays.asList(in));
    args.add(outer);
    args.add(inner);
    for (int d : keptAxes) {
      args.add(shape[d]);
    }
    for (int a : op.axes()) {
      args.add(shape[a]);
    }
    for (List<Integer> axes : List.of(keptAxes, op.axes())) {
      for (ArrayRef a : in) {
        int lead = rank - a.ndim();
        for (int d : axes) {
          int k = d - lead;
          args.add(k < 0 || a.shape()[k] == 1 && shape[d] != 1 ? 0 : a.strides()[k]);
        }
      }
    }
    return args;
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
