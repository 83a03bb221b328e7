package org.theano4j.cuda.lower;

import static org.theano4j.cuda.ir.Ir.and;
import static org.theano4j.cuda.ir.Ir.call;
import static org.theano4j.cuda.ir.Ir.convert;
import static org.theano4j.cuda.ir.Ir.idx;
import static org.theano4j.cuda.ir.Ir.load;
import static org.theano4j.cuda.ir.Ir.lt;
import static org.theano4j.cuda.ir.Ir.or;
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
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.ArgReduce;
import org.theano4j.tensor.Scalar;

/**
 * Argmax/argmin as one block per output element: each thread keeps its best (value, index)
 * pair, then pairs combine in shared memory in a fixed tree order. Ties go to the smaller
 * index and the first NaN wins, as NumPy (and the JVM backend).
 */
final class ArgReduceKernels implements NodeKernels {
  /** Lowers {@code ArgReduce} to these kernels. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(ArgReduce.class, ArgReduceKernels::new);
    }
  }

  private final ArgReduce op;
  private final List<Integer> keptAxes = new ArrayList<>();
  private final List<Integer> axes = new ArrayList<>();
  private final Kernel kernel;

  ArgReduceKernels(Apply node, String name) {
    this.op = (ArgReduce) node.op();
    int nd = node.input(0).ndim();
    for (int d = 0; d < nd; d++) {
      (op.axis() == ArgReduce.FLAT || op.axis() == d ? axes : keptAxes).add(d);
    }
    this.kernel = build(node, name);
  }

  /** True if (v, i) beats the current best (w, k). */
  private Expr beats(Expr v, Expr i, Expr w, Expr k, DType lane) {
    Expr vNan = call(Scalar.NEQ, lane, v, v);
    Expr wNan = call(Scalar.NEQ, lane, w, w);
    Expr notWNan = call(Scalar.EQ, lane, w, w);
    Expr better = call(op.max() ? Scalar.GT : Scalar.LT, lane, v, w);
    Expr tie = and(call(Scalar.EQ, lane, v, w), lt(i, k));
    Expr firstNan = and(vNan, or(call(Scalar.EQ, lane, w, w), and(wNan, lt(i, k))));
    return or(lt(k, idx(0)), or(firstNan, and(notWNan, or(better, tie))));
  }

  private Kernel build(Apply node, String name) {
    DType inType = node.input(0).dtype();
    DType lane = Types.accumulator(inType);
    Gen g = new Gen();
    Param out = g.buffer("out", DType.INT64, Param.Access.WRITE);
    Param x = g.buffer("in_" + Gen.name(node.input(0), "x"), inType, Param.Access.READ);
    Expr outer = g.value("outer");
    Expr inner = g.value("inner");
    List<Expr> ks = g.values("kshape", keptAxes.size());
    List<Expr> kst = g.values("kstride", keptAxes.size());
    List<Expr> rs = g.values("rshape", axes.size());
    List<Expr> rst = g.values("rstride", axes.size());
    Shared shv = g.shared("best_value", lane);
    Shared shi = g.shared("best_index", Types.INDEX);
    Expr bv = var("bv", lane);
    Expr bi = var("bi");

    List<Stmt> perThread = new ArrayList<>(Gen.decode(var("j"), rs, "r"));
    perThread.add(new Stmt.Declare("v", lane, convert(load(x, Ir.add(var("base"),
        Gen.offset(Gen.coords("r", rs.size()), rst))), lane)));
    perThread.add(take(beats(var("v", lane), var("j"), bv, bi, lane), var("v", lane),
        var("j")));

    List<Stmt> row = new ArrayList<>(Gen.decode(var("o"), ks, "k"));
    row.add(new Stmt.Declare("base", Types.INDEX, Gen.offset(Gen.coords("k", ks.size()), kst)));
    row.add(new Stmt.Declare("bv", lane, Ir.constant(lane, 0)));
    row.add(new Stmt.Declare("bi", Types.INDEX, idx(-1)));
    row.add(Gen.blockStride("j", inner, perThread));
    Expr tid = Ir.threadIdx();
    row.add(new Stmt.SharedStore(shv.name(), tid, bv));
    row.add(new Stmt.SharedStore(shi.name(), tid, bi));
    row.add(new Stmt.Barrier());
    for (int s = Gen.BLOCK / 2; s > 0; s /= 2) {
      Expr ov = new Expr.SharedLoad(shv.name(), Ir.add(tid, idx(s)), lane);
      Expr oi = new Expr.SharedLoad(shi.name(), Ir.add(tid, idx(s)), Types.INDEX);
      List<Stmt> merge = List.of(
          new Stmt.Declare("ov", lane, ov), new Stmt.Declare("oi", Types.INDEX, oi),
          new Stmt.If(and(Ir.bin(Expr.BinOp.GE, var("oi"), idx(0)),
              beats(var("ov", lane), var("oi"), bv, bi, lane)), List.of(
                  new Stmt.Assign("bv", var("ov", lane)), new Stmt.Assign("bi", var("oi")),
                  new Stmt.SharedStore(shv.name(), tid, bv),
                  new Stmt.SharedStore(shi.name(), tid, bi)), List.of()));
      row.add(new Stmt.If(lt(tid, idx(s)), merge, List.of()));
      row.add(new Stmt.Barrier());
    }
    row.add(new Stmt.If(Ir.bin(Expr.BinOp.EQ, tid, idx(0)), List.of(new Stmt.Store(out.name(),
        var("o"), convert(bi, DType.INT64))), List.of()));
    return g.kernel(name, Gen.comment(node) + "\n  one block per output element, "
        + "deterministic (value, index) tree reduction", List.of(Gen.blockPerItem("o", outer,
        row)));
  }

  private static Stmt take(Expr cond, Expr v, Expr i) {
    return new Stmt.If(cond, List.of(new Stmt.Assign("bv", v), new Stmt.Assign("bi", i)),
        List.of());
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(kernel);
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    ArrayRef x = in[0];
    int inner = Shapes.product(x.shape(), axes);
    if (inner == 0) {
      throw new IllegalArgumentException((op.max() ? "argmax" : "argmin")
          + " of an empty sequence");
    }
    int[] outShape = new int[keptAxes.size()];
    int outer = 1;
    for (int k = 0; k < outShape.length; k++) {
      outShape[k] = x.shape()[keptAxes.get(k)];
      outer *= outShape[k];
    }
    ArrayRef out = device.allocate(DType.INT64, outShape);
    if (outer == 0) {
      return new ArrayRef[] {out};
    }
    List<Object> args = ReduceKernels.launchArgs(out, x, outer, inner, keptAxes, axes);
    device.launch(kernel, Math.min(outer, 65535), args);
    return new ArrayRef[] {out};
  }
}
