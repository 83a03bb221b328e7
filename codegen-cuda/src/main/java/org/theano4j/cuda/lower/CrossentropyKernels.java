package org.theano4j.cuda.lower;

import static org.theano4j.cuda.ir.Ir.add;
import static org.theano4j.cuda.ir.Ir.call;
import static org.theano4j.cuda.ir.Ir.convert;
import static org.theano4j.cuda.ir.Ir.load;
import static org.theano4j.cuda.ir.Ir.mul;
import static org.theano4j.cuda.ir.Ir.var;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.theano4j.cuda.ir.Expr;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.ir.Param;
import org.theano4j.cuda.ir.Stmt;
import org.theano4j.cuda.ir.Types;
import org.theano4j.graph.Apply;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.CrossentropyCategorical1Hot;
import org.theano4j.tensor.Scalar;

/**
 * {@code out[i] = -log(p[i, y[i]])}, one thread per row; labels follow the index rule
 * ({@link Gen#indexRule}: -1 is the last class, a label out of range is reported through the
 * kernel's error buffer with the JVM backend's message).
 */
final class CrossentropyKernels implements NodeKernels {
  /** Lowers {@code CrossentropyCategorical1Hot} to these kernels. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(CrossentropyCategorical1Hot.class, CrossentropyKernels::new);
    }
  }

  private final DType outType;
  private final Kernel kernel;

  CrossentropyKernels(Apply node, String name) {
    this.outType = node.output(0).dtype();
    DType f = outType;
    Gen g = new Gen();
    Param out = g.buffer("out", f, Param.Access.WRITE);
    Param p = g.buffer("in_" + Gen.name(node.input(0), "p"), node.input(0).dtype(),
        Param.Access.READ);
    Param y = g.buffer("in_" + Gen.name(node.input(1), "y"), node.input(1).dtype(),
        Param.Access.READ);
    g.buffer("err", DType.INT64, Param.Access.READ_WRITE);
    Expr n = g.value("n");
    Expr k = g.value("k");
    Expr ps0 = g.value("pstride0");
    Expr ps1 = g.value("pstride1");
    Expr ys = g.value("ystride");
    Expr label = var("label", DType.INT64);
    List<Stmt> body = new ArrayList<>();
    body.add(new Stmt.Declare("label", DType.INT64, convert(load(y, mul(var("i"), ys)),
        DType.INT64)));
    body.addAll(Gen.indexRule("label", k, 1));
    body.add(new Stmt.Store(out.name(), var("i"), call(Scalar.NEG, f, call(Scalar.LOG, f,
        load(p, add(mul(var("i"), ps0), mul(convert(label, Types.INDEX), ps1)))))));
    this.kernel = g.kernel(name, Gen.comment(node) + "\n  one thread per row",
        List.of(Gen.gridStride("i", n, body)));
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(kernel);
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    ArrayRef p = in[0];
    ArrayRef y = in[1];
    int n = p.shape()[0];
    if (y.shape()[0] != n) {
      throw new IllegalArgumentException(n + " rows of probabilities but " + y.shape()[0]
          + " labels");
    }
    ArrayRef out = device.allocate(outType, new int[] {n});
    if (n == 0) {
      return new ArrayRef[] {out};
    }
    device.launch(kernel, ElemwiseKernels.grid(n), new ArrayList<>(List.of(out, p, y,
        ErrorBuffer.MARKER, n, p.shape()[1], p.strides()[0], p.strides()[1], y.strides()[0])));
    return new ArrayRef[] {out};
  }
}
