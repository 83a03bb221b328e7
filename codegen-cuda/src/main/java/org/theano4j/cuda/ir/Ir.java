package org.theano4j.cuda.ir;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.cuda.ir.Expr.BinOp;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.Cast;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ScalarProgram;

/**
 * Short factories for building IR by hand, e.g. {@code add(mul(blockIdx(), blockDim()),
 * threadIdx())} for the global thread id.
 */
public final class Ir {
  private Ir() {}

  public static Expr idx(int v) {
    return new Expr.IntConst(Types.INDEX, v);
  }

  public static Expr var(String name) {
    return new Expr.Var(name, Types.INDEX);
  }

  public static Expr var(String name, DType type) {
    return new Expr.Var(name, type);
  }

  public static Expr constant(DType type, double v) {
    return type.isFloat() ? new Expr.FloatConst(type, v) : new Expr.IntConst(type, (long) v);
  }

  public static Expr blockIdx() {
    return new Expr.Builtin(Expr.Coord.BLOCK_IDX);
  }

  public static Expr threadIdx() {
    return new Expr.Builtin(Expr.Coord.THREAD_IDX);
  }

  public static Expr blockDim() {
    return new Expr.Builtin(Expr.Coord.BLOCK_DIM);
  }

  public static Expr gridDim() {
    return new Expr.Builtin(Expr.Coord.GRID_DIM);
  }

  public static Expr bin(BinOp op, Expr a, Expr b) {
    return new Expr.Binary(op, a, b);
  }

  public static Expr add(Expr a, Expr b) {
    return bin(BinOp.ADD, a, b);
  }

  public static Expr mul(Expr a, Expr b) {
    return bin(BinOp.MUL, a, b);
  }

  public static Expr lt(Expr a, Expr b) {
    return bin(BinOp.LT, a, b);
  }

  public static Expr and(Expr a, Expr b) {
    return bin(BinOp.AND, a, b);
  }

  public static Expr or(Expr a, Expr b) {
    return bin(BinOp.OR, a, b);
  }

  public static Expr load(Param p, Expr index) {
    return new Expr.Load(p.name(), index, p.dtype());
  }

  public static Expr convert(Expr e, DType to) {
    return e.type() == to ? e : new Expr.Convert(e, to);
  }

  /** A scalar function in {@code lane} whose arguments are converted to the lane first. */
  public static Expr call(Scalar fn, DType lane, Expr... args) {
    Expr[] a = new Expr[args.length];
    for (int i = 0; i < args.length; i++) {
      boolean cond = fn == Scalar.SWITCH && i == 0;
      a[i] = convert(args[i], cond ? DType.BOOL : lane);
    }
    boolean bool = fn.rule() == Scalar.Rule.COMPARE;
    return new Expr.Call(fn, List.of(a), lane, bool ? DType.BOOL : lane);
  }

  /** The global thread id {@code blockIdx.x * blockDim.x + threadIdx.x}. */
  public static Expr globalId() {
    return add(mul(blockIdx(), blockDim()), threadIdx());
  }

  /** The grid-wide thread count {@code blockDim.x * gridDim.x}. */
  public static Expr gridSize() {
    return mul(blockDim(), gridDim());
  }

  /** {@code for (var = start; var < end; var += step) body}. */
  public static Stmt loop(String var, Expr start, Expr end, Expr step, List<Stmt> body) {
    return new Stmt.For(var, start, end, step, body);
  }

  /**
   * The statements computing an elementwise {@link ScalarProgram} (the graph's typed program,
   * the same the JVM backend runs) into locals {@code prefix0, prefix1, ...} (one per step)
   * from the input expressions; each step computes in its lane and is converted to its dtype.
   * The last local holds the result.
   */
  public static List<Stmt> emit(ScalarProgram p, List<Expr> in, String prefix) {
    List<Expr> operands = new ArrayList<>(in);
    List<Stmt> out = new ArrayList<>();
    for (int k = 0; k < p.steps().size(); k++) {
      ScalarProgram.Step s = p.steps().get(k);
      Expr value;
      if (s.op() instanceof Cast) {
        value = convert(operands.get(s.args().get(0)), s.out());
      } else {
        Scalar fn = (Scalar) s.op();
        DType lane = Types.lane(s.compute());
        Expr[] args = new Expr[s.args().size()];
        for (int i = 0; i < args.length; i++) {
          args[i] = operands.get(s.args().get(i));
        }
        Expr c = call(fn, lane, args);
        if (fn == Scalar.NOT && s.out() == DType.BOOL) {
          // Logical not of bools; bitwise not of integers.
          c = new Expr.Call(fn, ((Expr.Call) c).args(), lane, DType.BOOL);
        }
        value = convert(c, s.out());
      }
      String name = prefix + k;
      out.add(new Stmt.Declare(name, s.out(), value));
      operands.add(new Expr.Var(name, s.out()));
    }
    return out;
  }
}
