package org.theano4j.cuda.interp;

import java.util.List;
import org.theano4j.cuda.interp.Compiled.DoubleFn;
import org.theano4j.cuda.interp.Compiled.LongFn;
import org.theano4j.cuda.ir.Expr;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.Storage;
import org.theano4j.tensor.RandomDraw;
import org.theano4j.tensor.Scalar;

/** Turns IR expressions into closures over a thread's state. */
final class ExprCompiler {
  private final Compiled k;

  ExprCompiler(Compiled k) {
    this.k = k;
  }

  /** A discrete-typed expression (or a float one tested for non-zero when asked as bool). */
  LongFn longFn(Expr e) {
    if (e.type().isFloat()) {
      throw new IllegalStateException("kernel " + k.kernel.name() + ": " + e
          + " is a float expression where an integer is needed");
    }
    return e.accept(longForm);
  }

  /** A float-typed expression. */
  DoubleFn doubleFn(Expr e) {
    if (!e.type().isFloat()) {
      LongFn f = longFn(e);
      return t -> f.eval(t);
    }
    return e.accept(doubleForm);
  }

  /** Discrete expressions in the exact {@code long} lane. */
  private final Expr.Visitor<LongFn> longForm = new Expr.Visitor<>() {
    @Override
    public LongFn intConst(Expr.IntConst e) {
      long v = e.value();
      return t -> v;
    }

    @Override
    public LongFn floatConst(Expr.FloatConst e) {
      throw noForm(e, "integer");
    }

    @Override
    public LongFn userCall(Expr.UserCall e) {
      throw noForm(e, "integer");
    }

    @Override
    public LongFn var(Expr.Var e) {
      int s = k.slot(e.name());
      return t -> t.l[s];
    }

    @Override
    public LongFn builtin(Expr.Builtin e) {
      return switch (e.coord()) {
        case BLOCK_IDX -> t -> t.block.blockIdx;
        case THREAD_IDX -> t -> t.tid;
        case BLOCK_DIM -> t -> t.block.blockDim;
        case GRID_DIM -> t -> t.block.gridDim;
      };
    }

    @Override
    public LongFn binary(Expr.Binary e) {
      return ExprCompiler.this.binary(e);
    }

    @Override
    public LongFn load(Expr.Load ld) {
      int b = k.buffer(ld.buffer());
      LongFn i = longFn(ld.index());
      return t -> {
        Storage s = t.block.buffers[b];
        return s.getLong(k.position(t, b, i.eval(t), ld.buffer()));
      };
    }

    @Override
    public LongFn sharedLoad(Expr.SharedLoad ld) {
      int a = k.sharedIndex(ld.array());
      LongFn i = longFn(ld.index());
      return t -> t.block.sharedL[a][(int) i.eval(t)];
    }

    @Override
    public LongFn call(Expr.Call call) {
      if (call.lane().isFloat()) {
        // A comparison computed in a float lane gives a bool.
        DoubleFn f = doubleCall(call);
        return t -> (long) f.eval(t);
      }
      LongFn[] a = longArgs(call.args());
      Scalar fn = call.fn();
      boolean logical = fn == Scalar.NOT && call.type() == DType.BOOL;
      return t -> ScalarSemantics.apply(fn, a[0].eval(t), a.length > 1 ? a[1].eval(t) : 0,
          a.length > 2 ? a[2].eval(t) : 0, logical);
    }

    @Override
    public LongFn convert(Expr.Convert c) {
      DType to = c.to();
      if (c.value().type().isFloat()) {
        DoubleFn v = doubleFn(c.value());
        return t -> ScalarSemantics.toDiscrete(v.eval(t), to);
      }
      LongFn v = longFn(c.value());
      return t -> to.wrap(v.eval(t));
    }

    @Override
    public LongFn random(Expr.Random r) {
      RandomDraw d = r.draw();
      LongFn[] a = longArgs(List.of(r.key(), r.counter(), r.index()));
      return t -> d.sampleBits(a[0].eval(t), a[1].eval(t), a[2].eval(t));
    }
  };

  /** Float expressions in the {@code double} lane, rounded to float32 where typed so. */
  private final Expr.Visitor<DoubleFn> doubleForm = new Expr.Visitor<>() {
    @Override
    public DoubleFn intConst(Expr.IntConst e) {
      throw noForm(e, "float");
    }

    @Override
    public DoubleFn floatConst(Expr.FloatConst e) {
      double v = e.type().round(e.value());
      return t -> v;
    }

    @Override
    public DoubleFn var(Expr.Var e) {
      int s = k.slot(e.name());
      return t -> t.d[s];
    }

    @Override
    public DoubleFn builtin(Expr.Builtin e) {
      throw noForm(e, "float");
    }

    @Override
    public DoubleFn binary(Expr.Binary e) {
      throw noForm(e, "float");
    }

    @Override
    public DoubleFn load(Expr.Load ld) {
      int b = k.buffer(ld.buffer());
      LongFn i = longFn(ld.index());
      return t -> t.block.buffers[b].getDouble(k.position(t, b, i.eval(t), ld.buffer()));
    }

    @Override
    public DoubleFn sharedLoad(Expr.SharedLoad ld) {
      int a = k.sharedIndex(ld.array());
      LongFn i = longFn(ld.index());
      return t -> t.block.sharedD[a][(int) i.eval(t)];
    }

    @Override
    public DoubleFn call(Expr.Call call) {
      return doubleCall(call);
    }

    @Override
    public DoubleFn userCall(Expr.UserCall call) {
      List<Expr> args = call.args();
      DoubleFn a = args.size() > 0 ? doubleFn(args.get(0)) : t -> 0;
      DoubleFn b = args.size() > 1 ? doubleFn(args.get(1)) : t -> 0;
      DoubleFn c = args.size() > 2 ? doubleFn(args.get(2)) : t -> 0;
      Scalar.DoubleLane fn = call.fn().lane();
      if (call.type() == DType.FLOAT32) {
        return t -> (float) fn.apply(a.eval(t), b.eval(t), c.eval(t));
      }
      return t -> fn.apply(a.eval(t), b.eval(t), c.eval(t));
    }

    @Override
    public DoubleFn convert(Expr.Convert c) {
      DType type = c.type();
      Expr v = c.value();
      if (v.type().isFloat()) {
        DoubleFn f = doubleFn(v);
        return t -> type.round(f.eval(t));
      }
      LongFn f = longFn(v);
      return type == DType.FLOAT32 ? t -> (float) f.eval(t) : t -> (double) f.eval(t);
    }

    @Override
    public DoubleFn random(Expr.Random r) {
      RandomDraw d = r.draw();
      LongFn[] a = longArgs(List.of(r.key(), r.counter(), r.index()));
      return t -> d.sample(a[0].eval(t), a[1].eval(t), a[2].eval(t));
    }
  };

  /** An expression whose type has no form in the lane asked for (a malformed kernel). */
  private IllegalStateException noForm(Expr e, String lane) {
    return new IllegalStateException("kernel " + k.kernel.name() + ": no " + lane
        + " form of " + e);
  }

  /** A call in a float lane; the result is rounded to the lane (or 0/1 for a comparison). */
  private DoubleFn doubleCall(Expr.Call call) {
    Scalar fn = call.fn();
    DType lane = call.lane();
    List<Expr> args = call.args();
    DoubleFn a = doubleFn(args.get(0));
    DoubleFn b = args.size() > 1 ? doubleFn(args.get(1)) : t -> 0;
    DoubleFn c = args.size() > 2 ? doubleFn(args.get(2)) : t -> 0;
    if (lane == DType.FLOAT32) {
      return t -> (float) ScalarSemantics.apply(fn, a.eval(t), b.eval(t), c.eval(t));
    }
    return t -> ScalarSemantics.apply(fn, a.eval(t), b.eval(t), c.eval(t));
  }

  private LongFn[] longArgs(List<Expr> args) {
    LongFn[] out = new LongFn[args.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = longFn(args.get(i));
    }
    return out;
  }

  private LongFn binary(Expr.Binary e) {
    LongFn a = longFn(e.a());
    LongFn b = longFn(e.b());
    boolean narrow = e.type() == DType.INT32;
    return switch (e.op()) {
      case ADD -> narrow ? t -> (int) (a.eval(t) + b.eval(t)) : t -> a.eval(t) + b.eval(t);
      case SUB -> narrow ? t -> (int) (a.eval(t) - b.eval(t)) : t -> a.eval(t) - b.eval(t);
      case MUL -> narrow ? t -> (int) (a.eval(t) * b.eval(t)) : t -> a.eval(t) * b.eval(t);
      case DIV -> t -> divide(a.eval(t), b.eval(t), true);
      case REM -> t -> divide(a.eval(t), b.eval(t), false);
      case MIN -> t -> Math.min(a.eval(t), b.eval(t));
      case MAX -> t -> Math.max(a.eval(t), b.eval(t));
      case LT -> t -> a.eval(t) < b.eval(t) ? 1 : 0;
      case LE -> t -> a.eval(t) <= b.eval(t) ? 1 : 0;
      case GT -> t -> a.eval(t) > b.eval(t) ? 1 : 0;
      case GE -> t -> a.eval(t) >= b.eval(t) ? 1 : 0;
      case EQ -> t -> a.eval(t) == b.eval(t) ? 1 : 0;
      case NE -> t -> a.eval(t) != b.eval(t) ? 1 : 0;
      case AND -> t -> a.eval(t) != 0 && b.eval(t) != 0 ? 1 : 0;
      case OR -> t -> a.eval(t) != 0 || b.eval(t) != 0 ? 1 : 0;
    };
  }

  private long divide(long a, long b, boolean quotient) {
    if (b == 0) {
      throw new IllegalStateException("kernel " + k.kernel.name() + " divides an index by 0");
    }
    return quotient ? a / b : a % b;
  }
}
