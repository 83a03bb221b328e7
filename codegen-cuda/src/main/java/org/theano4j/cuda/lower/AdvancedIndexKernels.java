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
import java.util.Arrays;
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
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.AdvancedIncSubtensor;
import org.theano4j.tensor.AdvancedSubtensor;
import org.theano4j.tensor.Cast;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ScalarProgram;

/**
 * NumPy integer-array indexing. The selection has shape {@code pre + B + post} ({@code B} the
 * broadcast shape of the index arrays; see {@code AdvancedSubtensor}).
 *
 * <ul>
 *   <li>Gather: one thread per selected element.
 *   <li>Scatter (inc or set): {@code x} is copied, then one thread per {@code (pre, post)}
 *       position walks the index positions of {@code B} in order. Two threads never touch
 *       the same element (they differ on a non-indexed axis), so repeated indices accumulate
 *       in the JVM backend's order without atomics: the result is deterministic and equal to
 *       {@code np.add.at}. The price: the index positions are walked sequentially.
 * </ul>
 */
final class AdvancedIndexKernels implements NodeKernels {
  /** Lowers {@code AdvancedSubtensor}, {@code AdvancedIncSubtensor} to these kernels. */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(AdvancedSubtensor.class, AdvancedIndexKernels::new);
      r.launch(AdvancedIncSubtensor.class, AdvancedIndexKernels::new);
    }
  }

  private final boolean scatter;
  private final boolean set;
  private final DType xType;
  private final int nd;
  private final List<Integer> advAxes = new ArrayList<>();
  private final List<Integer> pre = new ArrayList<>();
  private final List<Integer> post = new ArrayList<>();
  private final int bRank;
  private final int firstIndex;
  private final List<Kernel> kernels = new ArrayList<>();
  private final ElemwiseKernels copy;

  AdvancedIndexKernels(Apply node, String name) {
    List<Boolean> advanced;
    if (node.op() instanceof AdvancedIncSubtensor) {
      AdvancedIncSubtensor op = (AdvancedIncSubtensor) node.op();
      this.scatter = true;
      this.set = op.set();
      advanced = op.advanced();
      this.firstIndex = 2;
    } else {
      this.scatter = false;
      this.set = false;
      advanced = ((AdvancedSubtensor) node.op()).advanced();
      this.firstIndex = 1;
    }
    this.xType = node.input(0).dtype();
    this.nd = node.input(0).ndim();
    for (int d = 0; d < advanced.size(); d++) {
      if (advanced.get(d)) {
        advAxes.add(d);
      }
    }
    boolean adjacent = AdvancedSubtensor.isAdjacent(advanced);
    for (int d = 0; d < nd; d++) {
      if (!advAxes.contains(d)) {
        (adjacent && d < advAxes.get(0) ? pre : post).add(d);
      }
    }
    int r = 0;
    for (int j = firstIndex; j < node.inputs().size(); j++) {
      r = Math.max(r, node.input(j).ndim());
    }
    this.bRank = r;
    if (scatter) {
      this.copy = new ElemwiseKernels(node, name + "_copy", ScalarProgram.of(new Cast(xType),
          List.of(xType)), 1, (data, host) -> data[0].shape());
      kernels.addAll(copy.kernels());
      kernels.add(buildScatter(node, name + "_scatter"));
    } else {
      this.copy = null;
      kernels.add(buildGather(node, name + "_gather"));
    }
  }

  /** Parameters shared by both kernels: index arrays, error record, sizes and strides. */
  private final class Common {
    final List<Param> index = new ArrayList<>();
    final List<Expr> len;
    final List<List<Expr>> istride = new ArrayList<>();
    final List<Expr> xstride;

    Common(Gen g, Apply node) {
      for (int j = 0; j < advAxes.size(); j++) {
        Apply n = node;
        index.add(g.buffer("idx" + j + "_" + Gen.name(n.input(firstIndex + j), "i"),
            n.input(firstIndex + j).dtype(), Param.Access.READ));
      }
      g.buffer("err", DType.INT64, Param.Access.READ_WRITE);
      len = g.values("len", advAxes.size());
      for (int j = 0; j < advAxes.size(); j++) {
        istride.add(g.values("ist" + j + "_", bRank));
      }
      xstride = g.values("xstride", nd);
    }

    /**
     * Declares {@code off}, the offset in x of the selection element with coordinates
     * {@code preC, bC, postC}, checking every index.
     */
    List<Stmt> offset(List<Expr> preC, List<Expr> bC, List<Expr> postC) {
      List<Stmt> out = new ArrayList<>();
      Expr off = null;
      for (int q = 0; q < pre.size(); q++) {
        off = sum(off, mul(preC.get(q), xstride.get(pre.get(q))));
      }
      for (int q = 0; q < post.size(); q++) {
        off = sum(off, mul(postC.get(q), xstride.get(post.get(q))));
      }
      out.add(new Stmt.Declare("off", Types.INDEX, off == null ? idx(0) : off));
      for (int j = 0; j < advAxes.size(); j++) {
        String v = "v" + j;
        out.add(new Stmt.Declare(v, DType.INT64, convert(load(index.get(j),
            Gen.offset(bC, istride.get(j))), DType.INT64)));
        out.addAll(Gen.indexRule(v, len.get(j), advAxes.get(j)));
        out.add(new Stmt.Assign("off", add(var("off"), mul(convert(var(v, DType.INT64),
            Types.INDEX), xstride.get(advAxes.get(j))))));
      }
      return out;
    }
  }

  private static Expr sum(Expr a, Expr b) {
    return a == null ? b : add(a, b);
  }

  private Kernel buildGather(Apply node, String name) {
    Gen g = new Gen();
    Param out = g.buffer("out", xType, Param.Access.WRITE);
    Param x = g.buffer("in_" + Gen.name(node.input(0), "x"), xType, Param.Access.READ);
    Common c = new Common(g, node);
    Expr n = g.value("n");
    int rank = pre.size() + bRank + post.size();
    List<Expr> shape = g.values("oshape", rank);
    List<Stmt> body = new ArrayList<>(Gen.decode(var("i"), shape, "c"));
    List<Expr> coords = Gen.coords("c", rank);
    body.addAll(c.offset(coords.subList(0, pre.size()),
        coords.subList(pre.size(), pre.size() + bRank), coords.subList(pre.size() + bRank,
        rank)));
    body.add(new Stmt.Store(out.name(), var("i"), load(x, var("off"))));
    return g.kernel(name, Gen.comment(node) + "\n  gather: one thread per selected element",
        List.of(Gen.gridStride("i", n, body)));
  }

  private Kernel buildScatter(Apply node, String name) {
    Gen g = new Gen();
    Param out = g.buffer("out", xType, Param.Access.READ_WRITE);
    Param y = g.buffer("in_" + Gen.name(node.input(1), "y"), node.input(1).dtype(),
        Param.Access.READ);
    Common c = new Common(g, node);
    Expr lanes = g.value("lanes");
    Expr positions = g.value("positions");
    List<Expr> outer = g.values("oshape", pre.size() + post.size());
    List<Expr> bShape = g.values("bshape", bRank);
    List<Expr> ystride = g.values("ystride", pre.size() + bRank + post.size());
    List<Stmt> body = new ArrayList<>(Gen.decode(var("i"), outer, "c"));
    List<Expr> oc = Gen.coords("c", outer.size());
    List<Stmt> walk = new ArrayList<>(Gen.decode(var("p"), bShape, "b"));
    List<Expr> bc = Gen.coords("b", bRank);
    List<Expr> preC = oc.subList(0, pre.size());
    List<Expr> postC = oc.subList(pre.size(), oc.size());
    walk.addAll(c.offset(preC, bc, postC));
    List<Expr> sel = new ArrayList<>(preC);
    sel.addAll(bc);
    sel.addAll(postC);
    Expr yv = load(y, Gen.offset(sel, ystride));
    DType lane = xType.isDiscrete() && node.input(1).dtype().isDiscrete() ? DType.INT64
        : DType.FLOAT64;
    Expr value = set ? convert(yv, xType)
        : convert(call(Scalar.ADD, lane, load(out, var("off")), yv), xType);
    walk.add(new Stmt.Store(out.name(), var("off"), value));
    body.add(Ir.loop("p", idx(0), positions, idx(1), walk));
    return g.kernel(name, Gen.comment(node) + "\n  deterministic scatter-" + (set ? "set"
        : "add") + ": one thread per non-indexed position, index positions in order",
        List.of(Gen.gridStride("i", lanes, body)));
  }

  @Override
  public List<Kernel> kernels() {
    return kernels;
  }

  @Override
  public ArrayRef[] run(ArrayRef[] in, NDArray[] host, Device device) {
    ArrayRef[] idxs = Arrays.copyOfRange(in, firstIndex, in.length);
    int[] b = broadcast(idxs);
    ArrayRef x = scatter ? copy.run(new ArrayRef[] {in[0]}, host, device)[0] : in[0];
    List<Object> common = new ArrayList<>(Arrays.asList(idxs));
    common.add(ErrorBuffer.MARKER);
    for (int a : advAxes) {
      common.add(x.shape()[a]);
    }
    for (ArrayRef ix : idxs) {
      for (int d = 0; d < bRank; d++) {
        int k = d - (bRank - ix.ndim());
        common.add(k < 0 || ix.shape()[k] == 1 ? 0 : ix.strides()[k]);
      }
    }
    for (int d = 0; d < nd; d++) {
      common.add(x.strides()[d]);
    }
    int[] selection = new int[pre.size() + bRank + post.size()];
    int k = 0;
    for (int d : pre) {
      selection[k++] = x.shape()[d];
    }
    for (int s : b) {
      selection[k++] = s;
    }
    for (int d : post) {
      selection[k++] = x.shape()[d];
    }
    if (!scatter) {
      ArrayRef out = device.allocate(xType, selection);
      int n = Shapes.size(selection);
      if (n > 0) {
        List<Object> args = new ArrayList<>(List.of(out, x));
        args.addAll(common);
        args.add(n);
        for (int s : selection) {
          args.add(s);
        }
        device.launch(kernels.get(0), ElemwiseKernels.grid(n), args);
      }
      return new ArrayRef[] {out};
    }
    ArrayRef y = in[1];
    int[] yStrides = CopyKernel.broadcastStrides(y, selection, "the value");
    int positions = Shapes.size(b);
    int lanes = Shapes.size(selection) / Math.max(positions, 1);
    if (positions == 0 || lanes == 0) {
      return new ArrayRef[] {x};
    }
    List<Object> args = new ArrayList<>(List.of(x, y));
    args.addAll(common);
    args.add(lanes);
    args.add(positions);
    for (int d : pre) {
      args.add(x.shape()[d]);
    }
    for (int d : post) {
      args.add(x.shape()[d]);
    }
    for (int s : b) {
      args.add(s);
    }
    for (int s : yStrides) {
      args.add(s);
    }
    device.launch(kernels.get(kernels.size() - 1), ElemwiseKernels.grid(lanes), args);
    return new ArrayRef[] {x};
  }

  private int[] broadcast(ArrayRef[] idxs) {
    int[] out = new int[0];
    for (ArrayRef a : idxs) {
      try {
        out = Shapes.broadcast(out, a.shape());
      } catch (IllegalArgumentException e) {
        StringBuilder sb = new StringBuilder();
        for (ArrayRef r : idxs) {
          sb.append(sb.length() == 0 ? "" : ", ").append(Arrays.toString(r.shape()));
        }
        throw new IllegalArgumentException("index arrays of shapes " + sb
            + " cannot be broadcast together", e);
      }
    }
    int[] padded = new int[bRank];
    Arrays.fill(padded, 1);
    System.arraycopy(out, 0, padded, bRank - out.length, out.length);
    return padded;
  }
}
