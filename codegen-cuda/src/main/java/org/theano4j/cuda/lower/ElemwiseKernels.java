package org.theano4j.cuda.lower;

import static org.theano4j.cuda.ir.Ir.load;
import static org.theano4j.cuda.ir.Ir.mul;
import static org.theano4j.cuda.ir.Ir.var;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.theano4j.TheanoException;
import org.theano4j.cuda.ir.Expr;
import org.theano4j.cuda.ir.Ir;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.ir.Param;
import org.theano4j.cuda.ir.Stmt;
import org.theano4j.cuda.ir.UserFunction;
import org.theano4j.graph.Apply;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;
import org.theano4j.tensor.Alloc;
import org.theano4j.tensor.Cast;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.ScalarProgram;

/**
 * One elementwise node (or fused group) as two kernels over the same scalar program: a
 * strided kernel that decodes each output position into coordinates and reads every input
 * through its own strides (0 along broadcast dimensions), and a contiguous fast path that
 * reads {@code in[i]} (or {@code in[0]} for a broadcast scalar) directly.
 */
final class ElemwiseKernels implements NodeKernels {
  /**
   * Lowers {@code Elemwise} (a scalar node whose inputs are all on the host stays there) and
   * {@code Alloc} (the value broadcast, NumPy's rules, to the host-given dims, as a copy).
   */
  @AutoService(LoweringFamily.class)
  public static final class Family implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.lowering(Elemwise.class, Family::elemwise);
      r.lowering(Alloc.class, (a, name, host) -> new Step.Launch(a, alloc(a, name)));
    }

    private static Step elemwise(Apply a, String name, Set<Variable> host) {
      if (a.output(0).ndim() == 0 && host.containsAll(a.inputs())) {
        return new Step.Host(a);
      }
      return new Step.Launch(a, new ElemwiseKernels(a, name, program(a), a.inputs().size(),
          theanoBroadcast(a)));
    }

    /** The scalar program of an elementwise node (a fused composite's steps one-to-one). */
    private static ScalarProgram program(Apply a) {
      List<DType> in = new ArrayList<>();
      for (Variable v : a.inputs()) {
        in.add(v.dtype());
      }
      return ScalarProgram.of(((Elemwise) a.op()).scalar(), in);
    }

    private static ElemwiseKernels alloc(Apply a, String name) {
      DType out = a.output(0).dtype();
      ScalarProgram copy = ScalarProgram.of(new Cast(out), List.of(a.input(0).dtype()));
      return new ElemwiseKernels(a, name, copy, 1, (data, hostValues) -> {
        int[] dims = new int[hostValues.length - 1];
        for (int i = 0; i < dims.length; i++) {
          long d = hostValues[i + 1].getLong();
          if (d < 0 || d > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("alloc: dimension " + i + " is " + d
                + "; dimensions must be non-negative");
          }
          dims[i] = (int) d;
        }
        int[] v = data[0].shape();
        int lead = dims.length - v.length;
        for (int d = 0; d < v.length; d++) {
          if (lead < 0 || v[d] != 1 && v[d] != dims[lead + d]) {
            throw new IllegalArgumentException("the alloc value of shape " + Arrays.toString(v)
                + " does not broadcast to shape " + Arrays.toString(dims));
          }
        }
        return dims;
      });
    }
  }

  /** Computes the output shape from the data inputs (and host values). */
  interface ShapeRule {
    int[] shape(ArrayRef[] data, NDArray[] host);
  }

  /**
   * What each element computes from the inputs' elements: the graph's scalar program, or a
   * user-defined function ({@link #user}).
   */
  interface Body {
    DType input(int i);

    DType output();

    /** The statements computing the element; the last declares the result. */
    List<Stmt> emit(List<Expr> inputs);

    String describe();
  }

  /** The body of the graph's typed scalar program (the steps every backend runs). */
  static Body body(ScalarProgram p) {
    return new Body() {
      @Override
      public DType input(int i) {
        return p.inputs().get(i);
      }

      @Override
      public DType output() {
        return p.output();
      }

      @Override
      public List<Stmt> emit(List<Expr> inputs) {
        return Ir.emit(p, inputs, "t");
      }

      @Override
      public String describe() {
        return ElemwiseKernels.describe(p);
      }
    };
  }

  /**
   * The kernels of a user-defined elementwise op's node: its function computed in the
   * output's float lane from the inputs converted to it, over the inputs broadcast as the JVM
   * backend broadcasts them.
   *
   * @throws TheanoException if the node is not elementwise-shaped (saying why)
   */
  static ElemwiseKernels user(Apply node, String name, UserFunction fn) {
    String why = notElementwise(node, fn);
    if (why != null) {
      throw new TheanoException("not supported on CUDA: " + node.op().describe()
          + " created at " + node.site() + " has a CUDA C expression (CudaElementwise), which "
          + "lowers only elementwise-shaped nodes (one float output of the inputs' broadcast "
          + "shape, 1 to 3 inputs), but " + why);
    }
    DType lane = node.output(0).dtype();
    Body body = new Body() {
      @Override
      public DType input(int i) {
        return node.input(i).dtype();
      }

      @Override
      public DType output() {
        return lane;
      }

      @Override
      public List<Stmt> emit(List<Expr> inputs) {
        List<Expr> args = new ArrayList<>();
        for (Expr e : inputs) {
          args.add(Ir.convert(e, lane));
        }
        return List.of(new Stmt.Declare("t0", lane, new Expr.UserCall(fn, args, lane)));
      }

      @Override
      public String describe() {
        StringBuilder sb = new StringBuilder("t0 = ").append(fn.name()).append('(');
        for (int i = 0; i < node.inputs().size(); i++) {
          sb.append(i == 0 ? "" : ", ").append("in").append(i);
        }
        return sb.append(") = ").append(fn.cTemplate()).append(" as ").append(lane).toString();
      }
    };
    return new ElemwiseKernels(node, name, body, node.inputs().size(), theanoBroadcast(node));
  }

  /** Why {@code node} is not elementwise-shaped for {@code fn}, or null if it is. */
  static String notElementwise(Apply node, UserFunction fn) {
    int n = node.inputs().size();
    if (node.outputs().size() != 1) {
      return "it has " + node.outputs().size() + " outputs";
    }
    if (n < 1 || n > 3) {
      return "it has " + n + " inputs";
    }
    if (fn.arity() > n) {
      return "its C expression reads $" + (char) ('a' + fn.arity() - 1) + " and the node has "
          + n + " input(s)";
    }
    TensorType out = node.output(0).type();
    if (!out.dtype().isFloat()) {
      return "its output is " + out.dtype() + ", not a float";
    }
    int nd = out.ndim();
    for (int i = 0; i < n; i++) {
      if (node.input(i).ndim() > nd) {
        return "input " + i + " has rank " + node.input(i).ndim() + " and the output rank " + nd;
      }
    }
    for (int k = 0; k < nd; k++) {
      boolean covered = false;
      for (int i = 0; i < n; i++) {
        TensorType in = node.input(i).type();
        int d = k - (nd - in.ndim());
        if (d < 0 || in.isBroadcastable(d)) {
          continue;
        }
        covered = true;
        if (out.isBroadcastable(k) && in.dim(d) == TensorType.UNKNOWN
            || in.dim(d) != TensorType.UNKNOWN && out.dim(k) != TensorType.UNKNOWN
            && in.dim(d) != out.dim(k)) {
          return "its output type " + out + " is not the broadcast of its inputs' ("
              + node.input(i).type() + " in input " + i + ", dimension " + k + ")";
        }
      }
      if (!covered && out.dim(k) != TensorType.UNKNOWN && out.dim(k) != 1) {
        return "its output type " + out + " is not the broadcast of its inputs' (dimension "
            + k + ")";
      }
    }
    return null;
  }

  private final Body program;
  private final int rank;
  private final int dataInputs;
  private final ShapeRule shapeRule;
  private final Kernel strided;
  private final Kernel contiguous;

  ElemwiseKernels(Apply node, String name, ScalarProgram program, int dataInputs,
      ShapeRule shapeRule) {
    this(node, name, body(program), dataInputs, shapeRule);
  }

  ElemwiseKernels(Apply node, String name, Body program, int dataInputs, ShapeRule shapeRule) {
    this.program = program;
    this.rank = node.output(0).ndim();
    this.dataInputs = dataInputs;
    this.shapeRule = shapeRule;
    String comment = Gen.comment(node) + "\n  scalar program: " + program.describe();
    this.strided = build(node, name + "_strided", comment, false);
    this.contiguous = build(node, name + "_contig", comment, true);
  }

  /** The JVM backend's rule: only dimensions statically known to be 1 stretch. */
  static ShapeRule theanoBroadcast(Apply node) {
    return theanoBroadcast(node, node.output(0).ndim());
  }

  /** As above, for a broadcast of rank {@code nd} (a fused reduction's elementwise result). */
  static ShapeRule theanoBroadcast(Apply node, int nd) {
    return (data, host) -> {
      int[] shape = new int[nd];
      Arrays.fill(shape, 1);
      boolean[] fixed = new boolean[nd];
      for (int i = 0; i < data.length; i++) {
        int lead = nd - data[i].ndim();
        for (int d = 0; d < data[i].ndim(); d++) {
          if (node.input(i).type().isBroadcastable(d)) {
            continue;
          }
          int s = data[i].shape()[d];
          int o = shape[lead + d];
          if (fixed[lead + d] && o != s || o != 1 && o != s) {
            StringBuilder sb = new StringBuilder();
            for (ArrayRef a : data) {
              sb.append(sb.length() == 0 ? "" : ", ").append(Arrays.toString(a.shape()));
            }
            throw new IllegalArgumentException("input shapes " + sb + " do not match in "
                + "dimension " + (lead + d) + " (only dimensions known to have length 1 "
                + "broadcast)");
          }
          shape[lead + d] = s;
          fixed[lead + d] = true;
        }
      }
      return shape;
    };
  }

  static String describe(ScalarProgram p) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < p.steps().size(); k++) {
      ScalarProgram.Step s = p.steps().get(k);
      sb.append(k == 0 ? "" : "; ").append('t').append(k).append(" = ")
          .append(s.op().opName()).append('(');
      for (int j = 0; j < s.args().size(); j++) {
        int a = s.args().get(j);
        sb.append(j == 0 ? "" : ", ").append(a < p.inputs().size() ? "in" + a
            : "t" + (a - p.inputs().size()));
      }
      sb.append(") as ").append(s.out());
    }
    return sb.toString();
  }

  private Kernel build(Apply node, String name, String comment, boolean contig) {
    Gen g = new Gen();
    Param out = g.buffer("out", program.output(), Param.Access.WRITE);
    List<Param> ins = new ArrayList<>();
    for (int i = 0; i < dataInputs; i++) {
      ins.add(g.buffer("in" + i + "_" + Gen.name(node.input(i), "x"), program.input(i),
          Param.Access.READ));
    }
    Expr n = g.value("n");
    List<Stmt> body = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    if (contig) {
      List<Expr> inc = g.values("inc", dataInputs);
      for (int i = 0; i < dataInputs; i++) {
        values.add(load(ins.get(i), mul(var("i"), inc.get(i))));
      }
    } else {
      List<Expr> shape = g.values("shape", rank);
      body.addAll(Gen.decode(var("i"), shape, "c"));
      List<Expr> coords = Gen.coords("c", rank);
      for (int i = 0; i < dataInputs; i++) {
        List<Expr> strides = g.values("st" + i + "_", rank);
        values.add(load(ins.get(i), Gen.offset(coords, strides)));
      }
    }
    List<Stmt> prog = program.emit(values);
    body.addAll(prog);
    Stmt.Declare last = (Stmt.Declare) prog.get(prog.size() - 1);
    body.add(new Stmt.Store(out.name(), var("i"), var(last.name(), last.type())));
    return g.kernel(name, comment + (contig ? "\n  contiguous fast path" : "\n  strided"),
        List.of(Gen.gridStride("i", n, body)));
  }

  @Override
  public List<Kernel> kernels() {
    return List.of(contiguous, strided);
  }

  @Override
  public ArrayRef[] run(ArrayRef[] inputs, NDArray[] host, Device device) {
    ArrayRef[] data = Arrays.copyOf(inputs, dataInputs);
    int[] shape = shapeRule.shape(data, host);
    int n = Shapes.size(shape);
    ArrayRef out = device.allocate(program.output(), shape);
    if (n == 0) {
      return new ArrayRef[] {out};
    }
    List<Object> args = new ArrayList<>();
    args.add(out);
    args.addAll(Arrays.asList(data));
    args.add(n);
    boolean fast = true;
    for (ArrayRef a : data) {
      fast &= a.size() == 1 || a.isContiguous() && Arrays.equals(a.shape(), shape);
    }
    if (fast) {
      for (ArrayRef a : data) {
        args.add(a.size() == 1 ? 0 : 1);
      }
      device.launch(contiguous, grid(n), args);
      return new ArrayRef[] {out};
    }
    for (int s : shape) {
      args.add(s);
    }
    for (ArrayRef a : data) {
      int lead = rank - a.ndim();
      for (int d = 0; d < rank; d++) {
        int k = d - lead;
        args.add(k < 0 || a.shape()[k] == 1 && shape[d] != 1 ? 0 : a.strides()[k]);
      }
    }
    device.launch(strided, grid(n), args);
    return new ArrayRef[] {out};
  }

  /** Blocks for {@code n} independent items: enough to fill a GPU, at most one per item. */
  static int grid(int n) {
    return Math.max(1, Math.min((n + Gen.BLOCK - 1) / Gen.BLOCK, 4096));
  }
}
