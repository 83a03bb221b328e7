package org.theano4j.cuda.lower;

import static org.theano4j.cuda.ir.Ir.add;
import static org.theano4j.cuda.ir.Ir.convert;
import static org.theano4j.cuda.ir.Ir.load;
import static org.theano4j.cuda.ir.Ir.lt;
import static org.theano4j.cuda.ir.Ir.mul;
import static org.theano4j.cuda.ir.Ir.var;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.theano4j.cuda.ir.Expr;
import org.theano4j.cuda.ir.Ir;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.ir.Param;
import org.theano4j.cuda.ir.Stmt;
import org.theano4j.cuda.ir.Types;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.IndexEntry;
import org.theano4j.tensor.Subtensor;

/**
 * A basic {@code Subtensor} whose bounds change from call to call or from step to step (a
 * minibatch {@code x[i*bs:(i+1)*bs]}, a row {@code x[i]}): one kernel reads the bounds from
 * device memory, normalises them as Python does ({@link Gen#indexRule} for a position, the
 * clamped {@code slice.indices} for a slice) and copies the selected elements into a fresh
 * contiguous array. So the launch's arguments (addresses, shape) do not depend on the bounds'
 * values: a call or a scan step that reads another minibatch records the same work, and a
 * scalar the device computed (a scan's row of indices) is never read back.
 *
 * <p>The output's shape must be known on the host without the bounds' values where those live
 * on the device only; so a slice entry with a device bound is accepted only when its length is
 * the same for every value ({@link #constantLength}: both bounds present, {@code stop - start}
 * an integer constant {@code c} of their affine forms, no step), and the kernel checks at run
 * time that the slice lies inside its axis (where {@code slice.indices} would clamp it to fewer
 * than {@code c} elements, the call fails naming the slice instead of returning another shape
 * than the host resolved). A slice with a step, or one whose length the rule cannot prove
 * step-invariant, stays a view whose bounds are read on the host (see {@link #lower}).
 */
final class DeviceSliceKernels implements NodeKernels {
  /** One entry's length when its bounds are not all on the host: a constant, or -1 (none). */
  private final int[] constLength;
  private final List<IndexEntry> entries;
  private final int rank;
  private final int outRank;
  private final Kernel kernel;

  private DeviceSliceKernels(Apply node, String name, int[] constLength) {
    Subtensor op = (Subtensor) node.op();
    this.entries = op.entries();
    this.constLength = constLength;
    Variable x = node.input(0);
    this.rank = x.ndim();
    this.outRank = node.output(0).ndim();
    Gen g = new Gen();
    Param out = g.buffer("out", x.dtype(), Param.Access.WRITE);
    Param in = g.buffer("in_" + Gen.name(x, "x"), x.dtype(), Param.Access.READ);
    List<Param> bounds = new ArrayList<>();
    for (int i = 1; i < node.inputs().size(); i++) {
      bounds.add(g.buffer("bound" + (i - 1), node.input(i).dtype(), Param.Access.READ));
    }
    g.buffer("err", DType.INT64, Param.Access.READ_WRITE);
    Expr n = g.value("n");
    List<Expr> shape = g.values("shape", outRank);
    List<Expr> outStride = g.values("in_stride", outRank);
    List<Expr> axisLen = g.values("axis_len", entries.size());
    List<Expr> axisStride = g.values("axis_stride", entries.size());
    List<Expr> want = g.values("want", entries.size());
    List<Stmt> body = new ArrayList<>();
    Expr zero = new Expr.IntConst(DType.INT64, 0);
    body.add(new Stmt.Declare("base", DType.INT64, zero));
    body.add(new Stmt.Declare("lim", Types.INDEX, n));
    int k = 0;
    for (int d = 0; d < entries.size(); d++) {
      IndexEntry e = entries.get(d);
      Expr len = convert(axisLen.get(d), DType.INT64);
      String s = "s" + d;
      if (e instanceof IndexEntry.Index) {
        body.add(new Stmt.Declare(s, DType.INT64, convert(load(bounds.get(k++), Ir.idx(0)),
            DType.INT64)));
        body.addAll(Gen.indexRule(s, axisLen.get(d), d));
      } else {
        IndexEntry.Slice sl = (IndexEntry.Slice) e;
        body.addAll(bound(s, sl.hasStart() ? bounds.get(k++) : null, zero, len));
        String t = "t" + d;
        body.addAll(bound(t, sl.hasStop() ? bounds.get(k++) : null, len, len));
        Expr lo = var(s, DType.INT64);
        Expr hi = var(t, DType.INT64);
        body.add(new Stmt.If(lt(hi, lo), List.of(new Stmt.Assign(t, lo)), List.of()));
        Expr got = Ir.bin(Expr.BinOp.SUB, hi, lo);
        body.add(new Stmt.If(Ir.bin(Expr.BinOp.NE, got, convert(want.get(d), DType.INT64)),
            List.of(new Stmt.Fail(2, mismatch(node, d), List.of(lo, hi, want.get(d))),
                new Stmt.Assign("lim", Ir.idx(0)), new Stmt.Assign(s, zero)), List.of()));
      }
      body.add(new Stmt.Assign("base", add(var("base", DType.INT64),
          mul(var(s, DType.INT64), convert(axisStride.get(d), DType.INT64)))));
    }
    List<Stmt> copy = new ArrayList<>(Gen.decode(var("i"), shape, "c"));
    Expr at = add(convert(var("base", DType.INT64), Types.INDEX),
        Gen.offset(Gen.coords("c", outRank), outStride));
    copy.add(new Stmt.Store(out.name(), var("i"), load(in, at)));
    body.add(Gen.gridStride("i", var("lim"), copy));
    this.kernel = g.kernel(name + "_dynslice", Gen.comment(node) + "\n  a slice whose bounds "
        + "are read on the device, copied to a contiguous array; a thread per element", body);
  }

  /**
   * Declares int64 {@code v}: the bound read from {@code p} normalised as Python's {@code
   * slice.indices} with step 1 (negative counts from the end, then clamped to {@code [0, n]}),
   * or {@code absent} without a bound.
   */
  private static List<Stmt> bound(String v, Param p, Expr absent, Expr n) {
    if (p == null) {
      return List.of(new Stmt.Declare(v, DType.INT64, absent));
    }
    Expr e = var(v, DType.INT64);
    Expr zero = new Expr.IntConst(DType.INT64, 0);
    return List.of(
        new Stmt.Declare(v, DType.INT64, convert(load(p, Ir.idx(0)), DType.INT64)),
        new Stmt.If(lt(e, zero), List.of(new Stmt.Assign(v, add(e, n))), List.of()),
        new Stmt.If(lt(e, zero), List.of(new Stmt.Assign(v, zero)), List.of()),
        new Stmt.If(lt(n, e), List.of(new Stmt.Assign(v, n)), List.of()));
  }

  /** The message of a slice whose run-time length is not the one its launch was sized for. */
  private static String mismatch(Apply node, int axis) {
    return "the slice of axis " + axis + " of " + node.op().describe() + " (created at "
        + node.site() + ") selects elements {} to {} at run time, but its length was resolved "
        + "as {} before its bounds were on the host (stop - start, the same for every value of "
        + "the scalars read on the device); on the CUDA backends such a slice must lie inside "
        + "its axis, where the JVM backend would clip it";
  }

  /**
   * The step of a {@code Subtensor} on the CUDA backends: {@code Step.Launch} of these kernels
   * when a bound varies ({@link #varies(Variable, Map)}) and every slice entry whose bounds are not all on
   * the host has a constant length; else the {@code Step.View} (bounds read on the host).
   */
  static Step lower(Apply a, String name, Set<Variable> host) {
    List<IndexEntry> entries = ((Subtensor) a.op()).entries();
    boolean varying = false;
    Map<Variable, Boolean> seen = new IdentityHashMap<>();
    for (int i = 1; i < a.inputs().size(); i++) {
      varying |= varies(a.input(i), seen);
    }
    if (!varying) {
      return new Step.View(a);
    }
    int[] constLength = new int[entries.size()];
    int k = 1;
    for (int d = 0; d < entries.size(); d++) {
      IndexEntry e = entries.get(d);
      int count = e.inputCount();
      List<Variable> b = a.inputs().subList(k, k + count);
      k += count;
      constLength[d] = -1;
      if (e instanceof IndexEntry.Index) {
        continue;
      }
      IndexEntry.Slice s = (IndexEntry.Slice) e;
      if (s.hasStep()) {
        return new Step.View(a);
      }
      if (!host.containsAll(b)) {
        Long c = s.hasStart() && s.hasStop() ? AffineIndex.difference(b.get(1), b.get(0))
            : null;
        if (c == null || c < 0 || c > Integer.MAX_VALUE) {
          return new Step.View(a); // not provably step-invariant: the host path
        }
        constLength[d] = (int) (long) c;
      }
    }
    return new Step.Launch(a, new DeviceSliceKernels(a, name, constLength));
  }

  /**
   * True if {@code v}'s value may change from call to call or from step to step though the
   * shapes do not: it depends on a scalar root that is not a constant (a function's input, a
   * scan step's row or state); shapes ({@code Shape}, {@code Shape_i}) are part of the
   * recorded work anyway.
   */
  private static boolean varies(Variable v, Map<Variable, Boolean> seen) {
    Boolean known = seen.get(v);
    if (known != null) {
      return known;
    }
    boolean r = false;
    Apply o = v.owner();
    if (!(v instanceof Constant)) {
      r = o == null;
      if (o != null && !JvmLayouts.readsShapesOnly(o)) {
        for (Variable in : o.inputs()) {
          r = r || varies(in, seen);
        }
      }
    }
    seen.put(v, r);
    return r;
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(kernel);
  }

  @Override
  public ArrayRef[] run(ArrayRef[] inputs, NDArray[] host, Device device) {
    ArrayRef x = inputs[0];
    int[] shape = new int[outRank];
    int[] inStride = new int[outRank];
    int[] want = new int[entries.size()];
    int o = 0;
    int k = 1;
    for (int d = 0; d < rank; d++) {
      if (d >= entries.size()) {
        shape[o] = x.shape()[d];
        inStride[o++] = x.strides()[d];
        continue;
      }
      IndexEntry e = entries.get(d);
      if (e instanceof IndexEntry.Index) {
        k++;
        continue;
      }
      IndexEntry.Slice s = (IndexEntry.Slice) e;
      Long lo = s.hasStart() ? hostLong(host[k++]) : null;
      Long hi = s.hasStop() ? hostLong(host[k++]) : null;
      boolean known = (!s.hasStart() || lo != null) && (!s.hasStop() || hi != null);
      want[d] = known ? Shapes.sliceIndices(x.shape()[d], clampInt(lo), clampInt(hi), 1)[2]
          : constLength[d];
      shape[o] = want[d];
      inStride[o++] = x.strides()[d];
    }
    ArrayRef out = device.allocate(x.dtype(), shape);
    int n = Shapes.size(shape);
    List<Object> args = new ArrayList<>();
    args.add(out);
    args.add(x);
    for (int i = 1; i < inputs.length; i++) {
      args.add(inputs[i]);
    }
    args.add(ErrorBuffer.MARKER);
    args.add(n);
    for (int v : shape) {
      args.add(v);
    }
    for (int v : inStride) {
      args.add(v);
    }
    for (int d = 0; d < entries.size(); d++) {
      args.add(x.shape()[d]);
    }
    for (int d = 0; d < entries.size(); d++) {
      args.add(x.strides()[d]);
    }
    for (int v : want) {
      args.add(v);
    }
    // Launched also for an empty slice: the kernel still checks the bounds.
    device.launch(kernel, ElemwiseKernels.grid(n), args);
    return new ArrayRef[] {out};
  }

  private static Long hostLong(NDArray v) {
    return v == null ? null : v.getLong();
  }

  private static Integer clampInt(Long v) {
    return v == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }
}
