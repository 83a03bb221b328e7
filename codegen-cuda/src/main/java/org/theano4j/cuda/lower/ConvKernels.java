package org.theano4j.cuda.lower;

import static org.theano4j.cuda.ir.Ir.add;
import static org.theano4j.cuda.ir.Ir.and;
import static org.theano4j.cuda.ir.Ir.call;
import static org.theano4j.cuda.ir.Ir.idx;
import static org.theano4j.cuda.ir.Ir.load;
import static org.theano4j.cuda.ir.Ir.lt;
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
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Conv2d;
import org.theano4j.tensor.Conv2dGradInputs;
import org.theano4j.tensor.Conv2dGradWeights;
import org.theano4j.tensor.Conv2dOptions;
import org.theano4j.tensor.ConvGeometry;
import org.theano4j.tensor.Scalar;

/**
 * {@code conv2d} and its two gradients as im2col + one strided-batched cuBLAS GEMM over the
 * groups (the JVM backend's lowering, {@link ConvGeometry}, with the batch folded into the
 * GEMM's columns). The column matrix is laid out {@code (groups, k, batch, p)}, so group
 * {@code g}'s columns for every image form one {@code k × (batch · p)} matrix:
 * <ul>
 *   <li>forward: an im2col kernel (a thread per column element, reading the input through
 *       its strides), {@code tmp[g] = filters[g] (og × k) · col[g]}, then a copy kernel puts
 *       {@code tmp (groups, og, batch, p)} into the {@code (batch, out, rows, cols)} output
 *       (none for a batch of one);
 *   <li>gradient of the input: a copy kernel lays the output gradient out as {@code (groups,
 *       og, batch, p)}, {@code dcol[g] = filters[g]ᵀ · grad[g]}, then a col2im kernel (a
 *       thread per input element) sums, in the JVM's order, the column entries gathered from
 *       it: deterministic, no atomics;
 *   <li>gradient of the filters: im2col of the input and the same copy of the gradient,
 *       {@code dW[g] = grad[g] · col[g]ᵀ}.
 * </ul>
 * Filters that are not contiguous are copied first. The sizes are checked on the host by
 * {@link ConvGeometry}, with the JVM backend's messages.
 */
final class ConvKernels implements NodeKernels {
  /** Lowers the three convolution ops to these kernels and a cuBLAS strided-batched GEMM. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      for (Class<? extends Op> c : List.of(Conv2d.class, Conv2dGradInputs.class,
          Conv2dGradWeights.class)) {
        r.lowering(c, (a, name, host) -> new Step.Library(a, (a.output(0).dtype()
            == DType.FLOAT64 ? "cublasDgemm" : "cublasSgemm") + "StridedBatched",
            new ConvKernels(a, name)));
      }
    }
  }

  private enum Kind { FORWARD, GRAD_INPUTS, GRAD_WEIGHTS }

  private final Kind kind;
  private final Conv2dOptions opt;
  private final DType dt;
  private final Kernel im2col;
  private final Kernel col2im;
  private final CopyKernel filterCopy;
  private final CopyKernel gradCopy;
  private final CopyKernel outCopy;

  ConvKernels(Apply node, String name) {
    Op op = node.op();
    this.kind = op instanceof Conv2d ? Kind.FORWARD : op instanceof Conv2dGradInputs
        ? Kind.GRAD_INPUTS : Kind.GRAD_WEIGHTS;
    this.opt = op instanceof Conv2d ? ((Conv2d) op).options() : op instanceof Conv2dGradInputs
        ? ((Conv2dGradInputs) op).options() : ((Conv2dGradWeights) op).options();
    this.dt = node.output(0).dtype();
    this.im2col = kind == Kind.GRAD_INPUTS ? null : im2col(node, name + "_im2col");
    this.col2im = kind == Kind.GRAD_INPUTS ? col2im(node, name + "_col2im") : null;
    this.filterCopy = kind == Kind.GRAD_WEIGHTS ? null : new CopyKernel(node,
        name + "_filters", dt, dt, 4, false, "filters made contiguous for the library call");
    this.gradCopy = kind == Kind.FORWARD ? null : new CopyKernel(node, name + "_grad", dt, dt,
        5, false, "output gradient laid out (groups, og, batch, rows, cols)");
    this.outCopy = kind == Kind.FORWARD ? new CopyKernel(node, name + "_out", dt, dt, 4, false,
        "product (groups, og, batch, p) laid out (batch, groups, og, p)") : null;
  }

  /** A thread per column element {@code (group, channel, i, j, n, y, x)}. */
  private Kernel im2col(Apply node, String name) {
    Gen g = new Gen();
    Param col = g.buffer("col", dt, Param.Access.WRITE);
    Param x = g.buffer("in_" + Gen.name(node.input(0), "x"), dt, Param.Access.READ);
    Expr total = g.value("total");
    List<Expr> sizes = g.values("size", 7);
    List<Expr> xs = g.values("x_stride", 4);
    Expr h = g.value("h");
    Expr w = g.value("w");
    geometryParams(g);
    List<Stmt> body = new ArrayList<>(Gen.decode(var("e"), sizes, "c"));
    // c0 group, c1 channel in the group, c2 i, c3 j, c4 image, c5 y, c6 x
    body.add(new Stmt.Declare("iy", Types.INDEX, tap(var("c5"), var("c2"), sizes.get(2), 0)));
    body.add(new Stmt.Declare("ix", Types.INDEX, tap(var("c6"), var("c3"), sizes.get(3), 1)));
    Expr inside = and(and(ge(var("iy"), idx(0)), lt(var("iy"), h)),
        and(ge(var("ix"), idx(0)), lt(var("ix"), w)));
    Expr channel = add(mul(var("c0"), sizes.get(1)), var("c1"));
    Expr at = Gen.offset(List.of(var("c4"), channel, var("iy"), var("ix")), xs);
    body.add(new Stmt.Declare("v", dt, new Expr.FloatConst(dt, 0)));
    body.add(new Stmt.If(inside, List.of(new Stmt.Assign("v", load(x, at))), List.of()));
    body.add(new Stmt.Store(col.name(), var("e"), var("v", dt)));
    return g.kernel(name, Gen.comment(node) + "\n  im2col: a thread per column element "
        + "(group, k, batch, p), zero outside the input" + (opt.filterFlip()
        ? ", filters flipped" : ""), List.of(Gen.gridStride("e", total, body)));
  }

  /** The input coordinate of output position {@code o} and tap {@code t} of {@code k}. */
  private Expr tap(Expr o, Expr t, Expr k, int axis) {
    Expr pos = opt.filterFlip() ? sub(sub(k, idx(1)), t) : t;
    return sub(add(mul(o, var(axis == 0 ? "stride_h" : "stride_w")),
        mul(pos, var(axis == 0 ? "dil_h" : "dil_w"))), var(axis == 0 ? "pad_h" : "pad_w"));
  }

  /** A thread per input element: the sum of the column entries gathered from it. */
  private Kernel col2im(Apply node, String name) {
    Gen g = new Gen();
    Param out = g.buffer("out", dt, Param.Access.WRITE);
    Param dcol = g.buffer("dcol", dt, Param.Access.READ);
    Expr total = g.value("total");
    List<Expr> sizes = g.values("size", 4);
    Expr cg = g.value("cg");
    Expr kh = g.value("kh");
    Expr kw = g.value("kw");
    Expr k = g.value("k");
    Expr p = g.value("p");
    Expr oh = g.value("oh");
    Expr ow = g.value("ow");
    geometryParams(g);
    List<Stmt> body = new ArrayList<>(Gen.decode(var("e"), sizes, "c"));
    // c0 image, c1 channel, c2 row, c3 column
    body.add(new Stmt.Declare("grp", Types.INDEX, Ir.bin(Expr.BinOp.DIV, var("c1"), cg)));
    body.add(new Stmt.Declare("cl", Types.INDEX, Ir.bin(Expr.BinOp.REM, var("c1"), cg)));
    body.add(new Stmt.Declare("acc", dt, new Expr.FloatConst(dt, 0)));
    Expr pi = opt.filterFlip() ? sub(sub(kh, idx(1)), var("i")) : var("i");
    Expr pj = opt.filterFlip() ? sub(sub(kw, idx(1)), var("j")) : var("j");
    Expr row = Ir.bin(Expr.BinOp.DIV, var("ty"), var("stride_h"));
    Expr colPos = Ir.bin(Expr.BinOp.DIV, var("tx"), var("stride_w"));
    Expr r = add(mul(add(mul(var("cl"), kh), var("i")), kw), var("j"));
    Expr at = add(mul(add(mul(add(mul(var("grp"), k), r), sizes.get(0)), var("c0")), p),
        add(mul(row, ow), colPos));
    List<Stmt> inner = List.of(
        new Stmt.Declare("tx", Types.INDEX, sub(add(var("c3"), var("pad_w")),
            mul(pj, var("dil_w")))),
        new Stmt.If(and(and(ge(var("tx"), idx(0)), isZero(Ir.bin(Expr.BinOp.REM, var("tx"),
            var("stride_w")))), lt(colPos, ow)), List.of(new Stmt.Assign("acc",
            call(Scalar.ADD, dt, var("acc", dt), load(dcol, at)))), List.of()));
    List<Stmt> rowBody = List.of(
        new Stmt.Declare("ty", Types.INDEX, sub(add(var("c2"), var("pad_h")),
            mul(pi, var("dil_h")))),
        new Stmt.If(and(and(ge(var("ty"), idx(0)), isZero(Ir.bin(Expr.BinOp.REM, var("ty"),
            var("stride_h")))), lt(row, oh)),
            List.of(Ir.loop("j", idx(0), kw, idx(1), inner)), List.of()));
    body.add(Ir.loop("i", idx(0), kh, idx(1), rowBody));
    body.add(new Stmt.Store(out.name(), var("e"), var("acc", dt)));
    return g.kernel(name, Gen.comment(node) + "\n  col2im: a thread per input element sums "
        + "the column entries gathered from it, taps in order" + (opt.filterFlip()
        ? ", filters flipped" : ""), List.of(Gen.gridStride("e", total, body)));
  }

  /** Declares {@code stride_h, stride_w, dil_h, dil_w, pad_h, pad_w}, in this order. */
  private static void geometryParams(Gen g) {
    for (String v : List.of("stride_h", "stride_w", "dil_h", "dil_w", "pad_h", "pad_w")) {
      g.value(v);
    }
  }

  private static Expr sub(Expr a, Expr b) {
    return Ir.bin(Expr.BinOp.SUB, a, b);
  }

  private static Expr ge(Expr a, Expr b) {
    return Ir.bin(Expr.BinOp.GE, a, b);
  }

  private static Expr isZero(Expr a) {
    return Ir.bin(Expr.BinOp.EQ, a, idx(0));
  }

  @Override
  public List<Kernel> kernels() {
    List<Kernel> k = new ArrayList<>();
    for (Kernel kn : new Kernel[] {im2col, col2im}) {
      if (kn != null) {
        k.add(kn);
      }
    }
    for (CopyKernel c : new CopyKernel[] {filterCopy, gradCopy, outCopy}) {
      if (c != null) {
        k.add(c.kernel());
      }
    }
    return k;
  }

  @Override
  public boolean hostInput(int i) {
    return kind != Kind.FORWARD && i >= 2;
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    switch (kind) {
      case FORWARD: return new ArrayRef[] {forward(in[0], in[1], device)};
      case GRAD_INPUTS: return new ArrayRef[] {gradInputs(in[0], in[1], host, device)};
      default: return new ArrayRef[] {gradWeights(in[0], in[1], host, device)};
    }
  }

  private ArrayRef forward(ArrayRef x, ArrayRef f, Device device) {
    ConvGeometry g = ConvGeometry.of(x.shape(), f.shape(), opt);
    ArrayRef out = device.allocate(dt, g.outputShape());
    if (out.size() == 0) {
      return out;
    }
    int og = g.og();
    int np = g.n() * g.p();
    ArrayRef col = columns(x, g, device);
    ArrayRef fc = contiguous(f, device);
    ArrayRef a = fc.view(new int[] {g.groups(), og, g.k()}, new int[] {og * g.k(), g.k(), 1},
        fc.offset());
    if (g.n() == 1) {
      device.gemm(GemmCall.of(a, col, out.view(new int[] {g.groups(), og, np},
          new int[] {og * np, np, 1}, out.offset()), 1, 0));
      return out;
    }
    ArrayRef tmp = device.allocate(dt, new int[] {g.groups(), og, np});
    device.gemm(GemmCall.of(a, col, tmp, 1, 0));
    int p = g.p();
    ArrayRef dst = out.view(new int[] {g.n(), g.groups(), og, p},
        new int[] {g.o() * p, og * p, p, 1}, out.offset());
    outCopy.run(device, tmp, new int[] {p, og * np, np, 1}, dst);
    return out;
  }

  private ArrayRef gradInputs(ArrayRef gy, ArrayRef f, NDArray[] host, Device device) {
    String op = "conv2d_grad_wrt_inputs";
    int[] xs = {gy.shape()[0], f.shape()[1] * opt.numGroups(),
        ConvGeometry.spatialSize(op, "the input's rows", host[2].getLong()),
        ConvGeometry.spatialSize(op, "the input's cols", host[3].getLong())};
    ConvGeometry g = ConvGeometry.of(xs, f.shape(), opt);
    g.requireOutput(op, "grad", gy.shape());
    ArrayRef out = device.allocate(dt, g.inputShape());
    if (out.size() == 0) {
      return out;
    }
    int og = g.og();
    int k = g.k();
    ArrayRef fc = contiguous(f, device);
    ArrayRef a = fc.view(new int[] {g.groups(), k, og}, new int[] {og * k, 1, k}, fc.offset());
    ArrayRef b = gradByGroup(gy, g, device);
    ArrayRef dcol = device.allocate(dt, new int[] {g.groups(), k, g.n() * g.p()});
    device.gemm(GemmCall.of(a, b, dcol, 1, 0));
    List<Object> args = new ArrayList<>(List.of(out, dcol, out.size()));
    for (int s : out.shape()) {
      args.add(s);
    }
    args.addAll(List.of(g.cg(), g.kh(), g.kw(), k, g.p(), g.oh(), g.ow()));
    addGeometry(args, g);
    device.launch(col2im, ElemwiseKernels.grid(out.size()), args);
    return out;
  }

  private ArrayRef gradWeights(ArrayRef x, ArrayRef gy, NDArray[] host, Device device) {
    String op = "conv2d_grad_wrt_weights";
    int c = x.shape()[1];
    int[] fs = {gy.shape()[1], c % opt.numGroups() == 0 ? c / opt.numGroups()
        : TensorType.UNKNOWN,
        ConvGeometry.spatialSize(op, "the filters' rows", host[2].getLong()),
        ConvGeometry.spatialSize(op, "the filters' cols", host[3].getLong())};
    ConvGeometry g = ConvGeometry.of(x.shape(), fs, opt);
    g.requireOutput(op, "grad", gy.shape());
    ArrayRef out = device.allocate(dt, g.filterShape());
    if (out.size() == 0) {
      return out;
    }
    int og = g.og();
    int k = g.k();
    int np = g.n() * g.p();
    ArrayRef col = columns(x, g, device);
    ArrayRef colT = col.view(new int[] {g.groups(), np, k}, new int[] {k * np, 1, np},
        col.offset());
    ArrayRef a = gradByGroup(gy, g, device);
    device.gemm(GemmCall.of(a, colT, out.view(new int[] {g.groups(), og, k},
        new int[] {og * k, k, 1}, out.offset()), 1, 0));
    return out;
  }

  /** The column matrix {@code (groups, k, batch · p)} of {@code x}. */
  private ArrayRef columns(ArrayRef x, ConvGeometry g, Device device) {
    int np = g.n() * g.p();
    ArrayRef col = device.allocate(dt, new int[] {g.groups(), g.k(), np});
    if (col.size() > 0) {
      List<Object> args = new ArrayList<>(List.of(col, x, col.size(), g.groups(), g.cg(),
          g.kh(), g.kw(), g.n(), g.oh(), g.ow()));
      for (int s : x.strides()) {
        args.add(s);
      }
      args.addAll(List.of(g.h(), g.w()));
      addGeometry(args, g);
      device.launch(im2col, ElemwiseKernels.grid(col.size()), args);
    }
    return col;
  }

  /** The output gradient as {@code (groups, og, batch · p)}, copied by a kernel. */
  private ArrayRef gradByGroup(ArrayRef gy, ConvGeometry g, Device device) {
    int og = g.og();
    int[] s = gy.strides();
    ArrayRef t = device.allocate(dt, new int[] {g.groups(), og, g.n(), g.oh(), g.ow()});
    gradCopy.run(device, gy, new int[] {og * s[1], s[1], s[0], s[2], s[3]}, t);
    return t.view(new int[] {g.groups(), og, g.n() * g.p()},
        new int[] {og * g.n() * g.p(), g.n() * g.p(), 1}, t.offset());
  }

  private ArrayRef contiguous(ArrayRef f, Device device) {
    return f.isContiguous() ? f : filterCopy.copyOf(device, f, dt);
  }

  private static void addGeometry(List<Object> args, ConvGeometry g) {
    args.addAll(List.of(g.strideH(), g.strideW(), g.dilH(), g.dilW(), g.padH(), g.padW()));
  }
}
