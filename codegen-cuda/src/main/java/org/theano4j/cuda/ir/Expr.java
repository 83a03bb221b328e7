package org.theano4j.cuda.ir;

import java.util.List;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.RandomDraw;
import org.theano4j.tensor.Scalar;

/** An expression of one thread; every expression has a value type. */
public sealed interface Expr permits Expr.IntConst, Expr.FloatConst, Expr.Var, Expr.Builtin,
    Expr.Binary, Expr.Load, Expr.SharedLoad, Expr.Call, Expr.UserCall, Expr.Convert,
    Expr.Random {
  DType type();

  /** Calls the visitor's method for this kind of expression. */
  <R> R accept(Visitor<R> v);

  /**
   * A walker of expressions, one method per kind. A new kind of expression must implement
   * {@link #accept}, which needs a new method here, so the compiler names every walker (the
   * renderer, the interpreter) that does not handle it yet.
   */
  interface Visitor<R> {
    R intConst(IntConst e);

    R floatConst(FloatConst e);

    R var(Var e);

    R builtin(Builtin e);

    R binary(Binary e);

    R load(Load e);

    R sharedLoad(SharedLoad e);

    R call(Call e);

    R userCall(UserCall e);

    R convert(Convert e);

    R random(Random e);
  }

  /** An integer or bool literal. */
  record IntConst(DType type, long value) implements Expr {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.intConst(this);
    }
  }

  /** A float literal (infinities allowed). */
  record FloatConst(DType type, double value) implements Expr {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.floatConst(this);
    }
  }

  /** A local variable, a loop variable or a value parameter. */
  record Var(String name, DType type) implements Expr {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.var(this);
    }
  }

  /** The CUDA built-in coordinates (x only): {@code blockIdx.x} etc. */
  record Builtin(Coord coord) implements Expr {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.builtin(this);
    }

    @Override
    public DType type() {
      return Types.INDEX;
    }
  }

  /** Thread and grid coordinates. */
  enum Coord { BLOCK_IDX, THREAD_IDX, BLOCK_DIM, GRID_DIM }

  /**
   * Integer arithmetic with C semantics (index computations, not user values): {@code /} and
   * {@code %} truncate; comparisons and {@code AND}/{@code OR} give bool.
   */
  record Binary(BinOp op, Expr a, Expr b) implements Expr {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.binary(this);
    }

    @Override
    public DType type() {
      return op.isPredicate() ? DType.BOOL : a.type();
    }
  }

  /** Operators of {@link Binary}. */
  enum BinOp {
    ADD("+"), SUB("-"), MUL("*"), DIV("/"), REM("%"), MIN("min"), MAX("max"),
    LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!="), AND("&&"), OR("||");

    private final String symbol;

    BinOp(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    public boolean isPredicate() {
      return ordinal() >= LT.ordinal();
    }
  }

  /** Element {@code index} of a buffer parameter. */
  record Load(String buffer, Expr index, DType type) implements Expr {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.load(this);
    }
  }

  /** Element {@code index} of a shared array. */
  record SharedLoad(String array, Expr index, DType type) implements Expr {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.sharedLoad(this);
    }
  }

  /**
   * A primitive scalar function with the JVM backend's meaning, computed in {@code lane}
   * (float32, float64 or int64; see {@link Types#lane}). Arguments are already of the lane's
   * type, except a {@code switch} condition (bool). The type is bool for comparisons and for
   * a logical {@code not}, the lane otherwise.
   */
  record Call(Scalar fn, List<Expr> args, DType lane, DType type) implements Expr {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.call(this);
    }

    public Call {
      args = List.copyOf(args);
      if (args.size() != fn.arity()) {
        throw new IllegalArgumentException(fn.opName() + " takes " + fn.arity()
            + " arguments, got " + args.size());
      }
    }
  }

  /**
   * A user-defined elementwise op's function ({@link UserFunction}) in a float lane
   * ({@code type}, float32 or float64); the arguments are already of that type.
   */
  record UserCall(UserFunction fn, List<Expr> args, DType type) implements Expr {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.userCall(this);
    }

    public UserCall {
      args = List.copyOf(args);
      if (!type.isFloat()) {
        throw new IllegalArgumentException(fn.name() + " computes in a float lane, got " + type);
      }
    }
  }

  /**
   * NumPy's {@code astype}: floats to integers truncate toward zero, integers wrap, anything
   * to bool tests for non-zero.
   */
  record Convert(Expr value, DType to) implements Expr {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.convert(this);
    }

    @Override
    public DType type() {
      return to;
    }
  }

  /**
   * Element {@code index} of a random draw for the state {@code (key, counter)} (both int64),
   * {@link RandomDraw#sample} / {@link RandomDraw#sampleBits}: the C prelude's
   * {@code t4j_random_*}, the interpreter's {@code RandomDraw} methods. The type is the draw's.
   */
  record Random(RandomDraw draw, Expr key, Expr counter, Expr index) implements Expr {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.random(this);
    }

    @Override
    public DType type() {
      return draw.dtype();
    }
  }
}
