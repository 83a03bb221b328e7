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
import org.theano4j.cuda.ir.Stmt;
import org.theano4j.cuda.ir.Types;
import org.theano4j.graph.Apply;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.AveragePoolGrad;
import org.theano4j.tensor.DownsampleFactorMaxGradGrad;
import org.theano4j.tensor.MaxPoolGrad;
import org.theano4j.tensor.Pool;
import org.theano4j.tensor.Pool2d;
import org.theano4j.tensor.PoolMode;
import org.theano4j.tensor.Scalar;

/**
 * {@code pool2d} and its gradient ops, each one deterministic kernel without atomics:
 * {@code Pool} and {@code DownsampleFactorMaxGradGrad} one thread per output element (reading
 * its window), {@code MaxPoolGrad} and {@code AveragePoolGrad} one thread per input element
 * (gathering from the windows that contain it, in the order the JVM kernel scatters them).
 * Inputs are read through their strides (the leading axes too); sums accumulate in float64,
 * so the results equal the JVM backend's. The window geometry (padding, border, divisors)
 * is {@link Pool2d}'s, rendered with the node's options as constants.
 */
final class PoolKernels implements NodeKernels {
  /** Lowers the pooling ops to these kernels. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(Pool.class, PoolKernels::new);
      r.launch(MaxPoolGrad.class, PoolKernels::new);
      r.launch(AveragePoolGrad.class, PoolKernels::new);
      r.launch(DownsampleFactorMaxGradGrad.class, PoolKernels::new);
    }
  }

  private static final DType ACC = DType.FLOAT64;

  private final Pool2d o;
  /** Whether a thread computes an output element of the pooled shape (else of x's shape). */
  private final boolean perOutput;
  private final DType outType;
  private final int lead;
  private final Kernel kernel;

  PoolKernels(Apply node, String name) {
    this.o = options(node);
    this.outType = node.output(0).dtype();
    this.lead = node.input(0).ndim() - 2;
    this.perOutput = node.op() instanceof Pool
        || node.op() instanceof DownsampleFactorMaxGradGrad;
    Gen g = new Gen();
    Param out = g.buffer("out", outType, Param.Access.WRITE);
    List<Strided> ins = new ArrayList<>();
    for (int k = 0; k < node.inputs().size(); k++) {
      ins.add(new Strided(g, "in" + k + "_" + Gen.name(node.input(k), "x"),
          node.input(k).dtype(), lead));
    }
    Expr total = g.value("total");
    Expr rows = g.value("rows");
    Expr cols = g.value("cols");
    Expr outRows = g.value("out_rows");
    Expr outCols = g.value("out_cols");
    List<Expr> sizes = new ArrayList<>(g.values("lead", lead));
    sizes.add(perOutput ? outRows : rows);
    sizes.add(perOutput ? outCols : cols);
    List<Stmt> body = new ArrayList<>(Gen.decode(var("e"), sizes, "k"));
    List<Expr> leadCoords = Gen.coords("k", lead);
    for (Strided s : ins) {
      body.add(new Stmt.Declare(s.name + "_base", Types.INDEX,
          Gen.offset(leadCoords, s.lead)));
    }
    Expr a = var("k" + lead);
    Expr b = var("k" + (lead + 1));
    body.add(new Stmt.Declare("acc", ACC, Ir.constant(ACC,
        node.op() instanceof Pool && o.mode() == PoolMode.MAX ? Double.NEGATIVE_INFINITY : 0)));
    if (perOutput) {
      body.addAll(window(a, b, rows, cols));
      body.add(Ir.loop("i", var("r0"), var("r1"), idx(1), List.of(
          Ir.loop("j", var("c0"), var("c1"), idx(1), perOutputStep(node, ins, a, b)))));
      Expr result = var("acc", ACC);
      if (node.op() instanceof Pool && o.mode() != PoolMode.MAX) {
        result = call(Scalar.MUL, ACC, result, scale());
      }
      body.add(new Stmt.Store(out.name(), var("e"), convert(result, outType)));
    } else {
      // the windows (r, c) holding input element (a, b): start(r) <= a < start(r) + ws
      body.add(new Stmt.Declare("rlo", Types.INDEX, firstWindow(a, 0)));
      body.add(new Stmt.Declare("rhi", Types.INDEX, lastWindow(a, 0, outRows)));
      body.add(new Stmt.Declare("clo", Types.INDEX, firstWindow(b, 1)));
      body.add(new Stmt.Declare("chi", Types.INDEX, lastWindow(b, 1, outCols)));
      body.add(Ir.loop("r", var("rlo"), var("rhi"), idx(1), List.of(
          Ir.loop("c", var("clo"), var("chi"), idx(1),
              perInputStep(node, ins, a, b, rows, cols)))));
      body.add(new Stmt.Store(out.name(), var("e"), convert(var("acc", ACC), outType)));
    }
    this.kernel = g.kernel(name, Gen.comment(node) + "\n  " + (perOutput
        ? "one thread per output element, reading its window"
        : "one thread per input element, gathering from its windows"),
        List.of(Gen.gridStride("e", total, body)));
  }

  private static Pool2d options(Apply node) {
    if (node.op() instanceof Pool p) {
      return p.options();
    }
    if (node.op() instanceof MaxPoolGrad p) {
      return p.options();
    }
    if (node.op() instanceof AveragePoolGrad p) {
      return p.options();
    }
    return ((DownsampleFactorMaxGradGrad) node.op()).options();
  }

  /** A strided input: its buffer, leading strides and the two pooled axes' strides. */
  private static final class Strided {
    final String name;
    final Param buffer;
    final List<Expr> lead;
    final Expr rowStride;
    final Expr colStride;

    Strided(Gen g, String name, DType dtype, int lead) {
      this.name = name;
      this.buffer = g.buffer(name, dtype, Param.Access.READ);
      this.lead = g.values(name + "_s", lead);
      this.rowStride = g.value(name + "_sr");
      this.colStride = g.value(name + "_sc");
    }

    Expr at(Expr i, Expr j) {
      return convert(load(buffer, add(var(name + "_base"),
          add(mul(i, rowStride), mul(j, colStride)))), ACC);
    }
  }

  private static Expr c(int v) {
    return idx(v);
  }

  private static Expr min(Expr x, Expr y) {
    return Ir.bin(Expr.BinOp.MIN, x, y);
  }

  private static Expr max(Expr x, Expr y) {
    return Ir.bin(Expr.BinOp.MAX, x, y);
  }

  private static Expr sub(Expr x, Expr y) {
    return Ir.bin(Expr.BinOp.SUB, x, y);
  }

  /**
   * Declares the window of output (r, c): {@code rs, re, cs, ce} its padded bounds
   * ({@link Pool2d#start}, {@link Pool2d#end}) and {@code r0, r1, c0, c1} those clipped to
   * the input.
   */
  private List<Stmt> window(Expr r, Expr c, Expr rows, Expr cols) {
    return List.of(
        new Stmt.Declare("rs", Types.INDEX, sub(mul(r, c(o.strideRows())), c(o.padRows()))),
        new Stmt.Declare("re", Types.INDEX, min(add(var("rs"), c(o.wsRows())),
            add(rows, c(o.padRows())))),
        new Stmt.Declare("cs", Types.INDEX, sub(mul(c, c(o.strideCols())), c(o.padCols()))),
        new Stmt.Declare("ce", Types.INDEX, min(add(var("cs"), c(o.wsCols())),
            add(cols, c(o.padCols())))),
        new Stmt.Declare("r0", Types.INDEX, max(var("rs"), c(0))),
        new Stmt.Declare("r1", Types.INDEX, min(var("re"), rows)),
        new Stmt.Declare("c0", Types.INDEX, max(var("cs"), c(0))),
        new Stmt.Declare("c1", Types.INDEX, min(var("ce"), cols)));
  }

  /** {@code 1.0 / divisor} of the window declared by {@link #window} (as the JVM kernel). */
  private Expr scale() {
    Expr count = switch (o.mode()) {
      case MAX, SUM -> c(1);
      case AVERAGE_INC_PAD -> mul(sub(var("re"), var("rs")), sub(var("ce"), var("cs")));
      case AVERAGE_EXC_PAD -> mul(sub(var("r1"), var("r0")), sub(var("c1"), var("c0")));
    };
    return call(Scalar.TRUE_DIV, ACC, Ir.constant(ACC, 1.0), convert(count, ACC));
  }

  /** Pool: max or sum of the window; the grad-grad: ggx summed where x is the maximum. */
  private List<Stmt> perOutputStep(Apply node, List<Strided> ins, Expr r, Expr c) {
    Expr xv = ins.get(0).at(var("i"), var("j"));
    Expr acc = var("acc", ACC);
    if (node.op() instanceof Pool) {
      return List.of(new Stmt.Assign("acc", o.mode() == PoolMode.MAX
          ? call(Scalar.MAXIMUM, ACC, acc, xv) : call(Scalar.ADD, ACC, acc, xv)));
    }
    Expr m = ins.get(1).at(r, c);
    return List.of(new Stmt.If(call(Scalar.EQ, ACC, xv, m),
        List.of(new Stmt.Assign("acc", call(Scalar.ADD, ACC, acc,
            ins.get(2).at(var("i"), var("j"))))),
        List.of()));
  }

  /**
   * The first window holding element {@code p} along {@code axis}: {@code ceil((p + pad - ws
   * + 1) / st)}, at least 0 (C's truncating division gives 0 or less when that is negative).
   */
  private Expr firstWindow(Expr p, int axis) {
    int st = o.step(axis);
    return max(c(0), Ir.bin(Expr.BinOp.DIV, add(p, c(o.padding(axis) - o.window(axis) + st)),
        c(st)));
  }

  /** One past the last window holding element {@code p}: (p + pad) / st + 1, at most n. */
  private Expr lastWindow(Expr p, int axis, Expr outLen) {
    return min(outLen, add(Ir.bin(Expr.BinOp.DIV, add(p, c(o.padding(axis))),
        c(o.step(axis))), c(1)));
  }

  /** MaxPoolGrad: gz where x is its window's maximum; AveragePoolGrad: gz / divisor. */
  private List<Stmt> perInputStep(Apply node, List<Strided> ins, Expr a, Expr b, Expr rows,
      Expr cols) {
    Expr acc = var("acc", ACC);
    if (node.op() instanceof MaxPoolGrad) {
      Expr xv = ins.get(0).at(a, b);
      Expr m = ins.get(1).at(var("r"), var("c"));
      return List.of(new Stmt.If(call(Scalar.EQ, ACC, xv, m),
          List.of(new Stmt.Assign("acc", call(Scalar.ADD, ACC, acc,
              ins.get(2).at(var("r"), var("c"))))),
          List.of()));
    }
    List<Stmt> s = new ArrayList<>(window(var("r"), var("c"), rows, cols));
    s.add(new Stmt.Assign("acc", call(Scalar.ADD, ACC, acc,
        call(Scalar.MUL, ACC, ins.get(1).at(var("r"), var("c")), scale()))));
    return s;
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(kernel);
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    int[] xShape = in[0].shape();
    int[] pooled = o.pooledShape(xShape);
    for (int k = 1; k < in.length; k++) {
      int[] want = expectedShape(k, xShape, pooled);
      if (!java.util.Arrays.equals(in[k].shape(), want)) {
        throw new IllegalArgumentException("input " + k + " has shape "
            + java.util.Arrays.toString(in[k].shape()) + ", expected "
            + java.util.Arrays.toString(want));
      }
    }
    int[] outShape = perOutput ? pooled : xShape;
    ArrayRef out = device.allocate(outType, outShape);
    if (out.size() == 0) {
      return new ArrayRef[] {out};
    }
    int n = xShape.length;
    List<Object> args = new ArrayList<>();
    args.add(out);
    for (ArrayRef a : in) {
      args.add(a);
      for (int d = 0; d < n; d++) {
        args.add(a.strides()[d]);
      }
    }
    args.add(out.size());
    args.add(xShape[n - 2]);
    args.add(xShape[n - 1]);
    args.add(pooled[n - 2]);
    args.add(pooled[n - 1]);
    for (int d = 0; d < lead; d++) {
      args.add(xShape[d]);
    }
    device.launch(kernel, ElemwiseKernels.grid(out.size()), args);
    return new ArrayRef[] {out};
  }

  /** Input k's shape: x's for the grad-grad's ggx, else the pooled shape. */
  private int[] expectedShape(int k, int[] xShape, int[] pooled) {
    return perOutput && k == 2 ? xShape : pooled;
  }
}
