package org.theano4j.cuda.lower;

import static org.theano4j.cuda.ir.Ir.add;
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
import org.theano4j.tensor.Repeat;

/**
 * {@code repeat}: the counts are read on the host, where the op's own rule
 * ({@link Repeat#sourceIndex}, with its errors) gives the input position of each output
 * position along the axis; that index is uploaded and one gather kernel (a thread per output
 * element) copies {@code out[c] = x[c with c[axis] = source[c[axis]]]}.
 */
final class RepeatKernels implements NodeKernels {
  /** Lowers {@code Repeat} to these kernels. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(Repeat.class, RepeatKernels::new);
    }
  }

  private final Repeat op;
  private final Kernel kernel;

  RepeatKernels(Apply node, String name) {
    this.op = (Repeat) node.op();
    DType dt = node.input(0).dtype();
    int nd = node.input(0).ndim();
    Gen g = new Gen();
    Param out = g.buffer("out", dt, Param.Access.WRITE);
    Param x = g.buffer("in_" + Gen.name(node.input(0), "x"), dt, Param.Access.READ);
    Param source = g.buffer("source", Types.INDEX, Param.Access.READ);
    Expr n = g.value("n");
    List<Expr> shape = g.values("shape", nd);
    List<Expr> strides = g.values("stride", nd);
    List<Stmt> body = new ArrayList<>(Gen.decode(var("i"), shape, "c"));
    List<Expr> coords = new ArrayList<>(Gen.coords("c", nd));
    coords.set(op.axis(), load(source, coords.get(op.axis())));
    body.add(new Stmt.Store(out.name(), var("i"), load(x, Gen.offset(coords, strides))));
    this.kernel = g.kernel(name, Gen.comment(node) + "\n  a gather along axis " + op.axis()
        + " through the host-computed source index, a thread per output element",
        List.of(Gen.gridStride("i", n, body)));
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(kernel);
  }

  @Override
  public boolean hostInput(int i) {
    return i == 1;
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    ArrayRef x = in[0];
    int[] src = op.sourceIndex(x.shape()[op.axis()], host[1].toLongArray());
    int[] shape = x.shape().clone();
    shape[op.axis()] = src.length;
    ArrayRef out = device.allocate(x.dtype(), shape);
    if (out.size() == 0) {
      return new ArrayRef[] {out};
    }
    List<Object> args = new ArrayList<>(List.of(out, x,
        device.fromHost(NDArray.of(src, src.length)), out.size()));
    for (int s : shape) {
      args.add(s);
    }
    for (int s : x.strides()) {
      args.add(s);
    }
    device.launch(kernel, ElemwiseKernels.grid(out.size()), args);
    return new ArrayRef[] {out};
  }
}
