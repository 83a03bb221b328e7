package org.theano4j.cuda.lower;

import static org.theano4j.cuda.ir.Ir.add;
import static org.theano4j.cuda.ir.Ir.and;
import static org.theano4j.cuda.ir.Ir.call;
import static org.theano4j.cuda.ir.Ir.convert;
import static org.theano4j.cuda.ir.Ir.idx;
import static org.theano4j.cuda.ir.Ir.load;
import static org.theano4j.cuda.ir.Ir.lt;
import static org.theano4j.cuda.ir.Ir.mul;
import static org.theano4j.cuda.ir.Ir.or;
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
import org.theano4j.tensor.ArgSort;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.Sort;

/**
 * Sort and argsort along an axis as a rank sort: one thread per element counts the elements
 * of its row that come before it (smaller, NaNs last, equal ones by index), which is its
 * position in the sorted row; it stores its value (sort) or its index (argsort) there. The
 * order is the JVM backend's stable one, each row costs {@code n^2} comparisons, and there
 * are no barriers, shared memory or per-thread arrays, so any row length works.
 */
final class SortKernels implements NodeKernels {
  /** Lowers {@code Sort}, {@code ArgSort} to these kernels. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(Sort.class, SortKernels::new);
      r.launch(ArgSort.class, SortKernels::new);
    }
  }

  private final int axis;
  private final List<Integer> kept = new ArrayList<>();
  private final DType outType;
  private final Kernel kernel;

  SortKernels(Apply node, String name) {
    boolean indices = node.op() instanceof ArgSort;
    this.axis = indices ? ((ArgSort) node.op()).axis() : ((Sort) node.op()).axis();
    for (int d = 0; d < node.input(0).ndim(); d++) {
      if (d != axis) {
        kept.add(d);
      }
    }
    this.outType = node.output(0).dtype();
    DType inType = node.input(0).dtype();
    DType lane = Types.accumulator(inType);
    Gen g = new Gen();
    Param out = g.buffer("out", outType, Param.Access.WRITE);
    Param x = g.buffer("in_" + Gen.name(node.input(0), "x"), inType, Param.Access.READ);
    Expr total = g.value("total");
    Expr n = g.value("n");
    Expr xs = g.value("xstride");
    Expr os = g.value("ostride");
    List<Expr> ks = g.values("kshape", kept.size());
    List<Expr> kxs = g.values("kxstride", kept.size());
    List<Expr> kos = g.values("kostride", kept.size());

    List<Stmt> body = new ArrayList<>();
    body.add(new Stmt.Declare("p", Types.INDEX, Ir.bin(Expr.BinOp.REM, var("e"), n)));
    body.addAll(Gen.decode(Ir.bin(Expr.BinOp.DIV, var("e"), n), ks, "k"));
    List<Expr> k = Gen.coords("k", kept.size());
    body.add(new Stmt.Declare("base", Types.INDEX, Gen.offset(k, kxs)));
    body.add(new Stmt.Declare("v", lane, convert(load(x, add(var("base"), mul(var("p"),
        xs))), lane)));
    body.add(new Stmt.Declare("rank", Types.INDEX, idx(0)));
    List<Stmt> count = List.of(
        new Stmt.Declare("w", lane, convert(load(x, add(var("base"), mul(var("j"), xs))),
            lane)),
        new Stmt.If(before(var("w", lane), var("j"), var("v", lane), var("p"), lane),
            List.of(new Stmt.Assign("rank", add(var("rank"), idx(1)))), List.of()));
    body.add(Ir.loop("j", idx(0), n, idx(1), count));
    Expr at = add(Gen.offset(k, kos), mul(var("rank"), os));
    body.add(new Stmt.Store(out.name(), at, indices ? convert(var("p"), DType.INT64)
        : load(x, add(var("base"), mul(var("p"), xs)))));
    this.kernel = g.kernel(name, Gen.comment(node) + "\n  rank sort: one thread per element,"
        + " stable, NaNs last", List.of(Gen.gridStride("e", total, body)));
  }

  /** True if (w at index j) sorts before (v at index i): smaller, NaNs last, ties by index. */
  private static Expr before(Expr w, Expr j, Expr v, Expr i, DType lane) {
    Expr wNan = call(Scalar.NEQ, lane, w, w);
    Expr vNan = call(Scalar.NEQ, lane, v, v);
    Expr less = or(call(Scalar.LT, lane, w, v), and(call(Scalar.EQ, lane, w, w), vNan));
    Expr same = or(call(Scalar.EQ, lane, w, v), and(wNan, vNan));
    return or(less, and(same, lt(j, i)));
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(kernel);
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    ArrayRef x = in[0];
    ArrayRef out = device.allocate(outType, x.shape());
    int total = x.size();
    if (total == 0) {
      return new ArrayRef[] {out};
    }
    List<Object> args = new ArrayList<>(List.of(out, x, total, x.shape()[axis],
        x.strides()[axis], out.strides()[axis]));
    for (int d : kept) {
      args.add(x.shape()[d]);
    }
    for (int d : kept) {
      args.add(x.strides()[d]);
    }
    for (int d : kept) {
      args.add(out.strides()[d]);
    }
    device.launch(kernel, ElemwiseKernels.grid(total), args);
    return new ArrayRef[] {out};
  }
}
