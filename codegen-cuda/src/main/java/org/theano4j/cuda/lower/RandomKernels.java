package org.theano4j.cuda.lower;

import static org.theano4j.cuda.ir.Ir.idx;
import static org.theano4j.cuda.ir.Ir.load;
import static org.theano4j.cuda.ir.Ir.var;

import com.google.auto.service.AutoService;
import java.util.List;
import org.theano4j.cuda.ir.Expr;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.ir.Param;
import org.theano4j.cuda.ir.Stmt;
import org.theano4j.graph.Apply;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.RandomDraw;

/**
 * {@link RandomDraw}: one thread per output element {@code e} writes
 * {@code draw(state[0], state[1], e)} (an {@link Expr.Random}); the state is read on the
 * device, the dimensions on the host.
 */
final class RandomKernels implements NodeKernels {
  /** Its lowering: one launch step. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(RandomDraw.class, RandomKernels::new);
    }
  }

  private final Kernel kernel;
  private final DType outType;

  RandomKernels(Apply node, String name) {
    RandomDraw draw = (RandomDraw) node.op();
    this.outType = draw.dtype();
    Gen g = new Gen();
    Param out = g.buffer("out", outType, Param.Access.WRITE);
    Param state = g.buffer("state", DType.INT64, Param.Access.READ);
    Expr total = g.value("total");
    Expr stride = g.value("sstride");
    Expr value = new Expr.Random(draw, load(state, idx(0)), load(state, stride), var("e"));
    this.kernel = g.kernel(name, Gen.comment(node) + "\n  one thread per output element",
        List.of(Gen.gridStride("e", total, List.of(new Stmt.Store(out.name(), var("e"),
            value)))));
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(kernel);
  }

  @Override
  public boolean hostInput(int i) {
    return i > 0;
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    RandomDraw.checkStateShape(in[0].shape());
    int[] shape = RandomDraw.shape(host, 1);
    ArrayRef o = device.allocate(outType, shape);
    int n = Shapes.size(shape);
    if (n > 0) {
      device.launch(kernel, ElemwiseKernels.grid(n), List.of(o, in[0], n,
          in[0].strides()[0]));
    }
    return new ArrayRef[] {o};
  }
}
