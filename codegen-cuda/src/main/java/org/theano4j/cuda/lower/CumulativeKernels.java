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
import org.theano4j.tensor.CumOp;
import org.theano4j.tensor.Scalar;

/**
 * {@code cumsum} and {@code cumprod}: a thread per line along the axis, scanning it in order
 * with a float64 or int64 accumulator ({@link Types#accumulator}), so the results equal the
 * JVM backend's exactly. Lines run in parallel; a line itself is sequential (no parallel
 * scan), which suits the short-to-moderate axes this op is used on.
 */
final class CumulativeKernels implements NodeKernels {
  /** Lowers {@code CumOp} to these kernels. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(CumOp.class, CumulativeKernels::new);
    }
  }

  private final CumOp op;
  private final DType outType;
  private final Kernel kernel;

  CumulativeKernels(Apply node, String name) {
    this.op = (CumOp) node.op();
    DType inType = node.input(0).dtype();
    this.outType = node.output(0).dtype();
    int kept = node.input(0).ndim() - 1;
    DType lane = Types.accumulator(inType);
    Gen g = new Gen();
    Param out = g.buffer("out", outType, Param.Access.WRITE);
    Param x = g.buffer("in_" + Gen.name(node.input(0), "x"), inType, Param.Access.READ);
    Expr lines = g.value("lines");
    Expr len = g.value("len");
    List<Expr> ks = g.values("kshape", kept);
    List<Expr> kst = g.values("kstride", kept);
    List<Expr> ost = g.values("ostride", kept);
    Expr axisStride = g.value("axis_stride");
    Expr outAxisStride = g.value("out_axis_stride");
    List<Stmt> scan = List.of(
        new Stmt.Assign("acc", call(op.product() ? Scalar.MUL : Scalar.ADD, lane,
            var("acc", lane), load(x, add(var("base"), mul(var("j"), axisStride))))),
        new Stmt.Store(out.name(), add(var("obase"), mul(var("j"), outAxisStride)),
            convert(var("acc", lane), outType)));
    List<Stmt> line = new ArrayList<>(Gen.decode(var("o"), ks, "k"));
    List<Expr> coords = Gen.coords("k", kept);
    line.add(new Stmt.Declare("base", Types.INDEX, Gen.offset(coords, kst)));
    line.add(new Stmt.Declare("obase", Types.INDEX, Gen.offset(coords, ost)));
    // Integers start from 0 or 1; floats from the op's start (-0.0 for a sum).
    line.add(new Stmt.Declare("acc", lane, Ir.constant(lane, op.floatStart())));
    line.add(Ir.loop("j", idx(0), len, idx(1), scan));
    this.kernel = g.kernel(name, Gen.comment(node) + "\n  a thread per line along axis "
        + op.axis() + ", scanned in order", List.of(Gen.gridStride("o", lines, line)));
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(kernel);
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    ArrayRef x = in[0];
    ArrayRef out = device.allocate(outType, x.shape());
    int len = x.shape()[op.axis()];
    int lines = len == 0 ? 0 : x.size() / len;
    if (lines == 0) {
      return new ArrayRef[] {out};
    }
    List<Object> args = new ArrayList<>(List.of(out, x, lines, len));
    for (int pass = 0; pass < 3; pass++) {
      for (int d = 0; d < x.ndim(); d++) {
        if (d != op.axis()) {
          args.add(pass == 0 ? x.shape()[d] : pass == 1 ? x.strides()[d] : out.strides()[d]);
        }
      }
    }
    args.add(x.strides()[op.axis()]);
    args.add(out.strides()[op.axis()]);
    device.launch(kernel, ElemwiseKernels.grid(lines), args);
    return new ArrayRef[] {out};
  }
}
