package org.theano4j.cuda.interp;

import java.util.List;
import org.theano4j.cuda.interp.Compiled.DoubleFn;
import org.theano4j.cuda.interp.Compiled.LongFn;
import org.theano4j.cuda.ir.Expr;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.Storage;
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
    if (e instanceof Expr.IntConst) {
      long v = ((Expr.IntConst) e).value();
      return t -> v;
    }
    if (e instanceof Expr.Var) {
      int s = k.slot(((Expr.Var) e).name());
      return t -> t.l[s];
    }
    if (e instanceof Expr.Builtin) {
      switch (((Expr.Builtin) e).coord()) {
        case BLOCK_IDX: return t -> t.block.blockIdx;
        case THREAD_IDX: return t -> t.tid;
        case BLOCK_DIM: return t -> t.block.blockDim;
        default: return t -> t.block.gridDim;
      }
    }
    if (e instanceof Expr.Binary) {
      return binary((Expr.Binary) e);
    }
    if (e instanceof Expr.Load) {
      Expr.Load ld = (Expr.Load) e;
      int b = k.buffer(ld.buffer());
      LongFn i = longFn(ld.index());
      return t -> {
        Storage s = t.block.buffers[b];
        return s.getLong(k.position(t, b, i.eval(t), ld.buffer()));
      };
    }
    if (e instanceof Expr.SharedLoad) {
      Expr.SharedLoad ld = (Expr.SharedLoad) e;
      int a = k.sharedIndex(ld.array());
      LongFn i = longFn(ld.index());
      return t -> t.block.sharedL[a][(int) i.eval(t)];
    }
    if (e instanceof Expr.Convert) {
      Expr.Convert c = (Expr.Convert) e;
      DType to = c.to();
      if (c.value().type().isFloat()) {
        DoubleFn v = doubleFn(c.value());
        return t -> ScalarSemantics.toDiscrete(v.eval(t), to);
      }
      LongFn v = longFn(c.value());
      return t -> to.wrap(v.eval(t));
    }
    Expr.Call call = (Expr.Call) e;
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

  /** A float-typed expression. */
  DoubleFn doubleFn(Expr e) {
    DType type = e.type();
    if (!type.isFloat()) {
      LongFn f = longFn(e);
      return t -> f.eval(t);
    }
    if (e instanceof Expr.FloatConst) {
      double v = type.round(((Expr.FloatConst) e).value());
      return t -> v;
    }
    if (e instanceof Expr.Var) {
      int s = k.slot(((Expr.Var) e).name());
      return t -> t.d[s];
    }
    if (e instanceof Expr.Load) {
      Expr.Load ld = (Expr.Load) e;
      int b = k.buffer(ld.buffer());
      LongFn i = longFn(ld.index());
      return t -> t.block.buffers[b].getDouble(k.position(t, b, i.eval(t), ld.buffer()));
    }
    if (e instanceof Expr.SharedLoad) {
      Expr.SharedLoad ld = (Expr.SharedLoad) e;
      int a = k.sharedIndex(ld.array());
      LongFn i = longFn(ld.index());
      return t -> t.block.sharedD[a][(int) i.eval(t)];
    }
    if (e instanceof Expr.Convert) {
      Expr v = ((Expr.Convert) e).value();
      if (v.type().isFloat()) {
        DoubleFn f = doubleFn(v);
        return t -> type.round(f.eval(t));
      }
      LongFn f = longFn(v);
      return type == DType.FLOAT32 ? t -> (float) f.eval(t) : t -> (double) f.eval(t);
    }
    if (e instanceof Expr.Call) {
      return doubleCall((Expr.Call) e);
    }
    throw new IllegalStateException("kernel " + k.kernel.name() + ": no float form of " + e);
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
    switch (e.op()) {
      case ADD: return narrow ? t -> (int) (a.eval(t) + b.eval(t)) : t -> a.eval(t) + b.eval(t);
      case SUB: return narrow ? t -> (int) (a.eval(t) - b.eval(t)) : t -> a.eval(t) - b.eval(t);
      case MUL: return narrow ? t -> (int) (a.eval(t) * b.eval(t)) : t -> a.eval(t) * b.eval(t);
      case DIV: return t -> divide(a.eval(t), b.eval(t), true);
      case REM: return t -> divide(a.eval(t), b.eval(t), false);
      case MIN: return t -> Math.min(a.eval(t), b.eval(t));
      case MAX: return t -> Math.max(a.eval(t), b.eval(t));
      case LT: return t -> a.eval(t) < b.eval(t) ? 1 : 0;
      case LE: return t -> a.eval(t) <= b.eval(t) ? 1 : 0;
      case GT: return t -> a.eval(t) > b.eval(t) ? 1 : 0;
      case GE: return t -> a.eval(t) >= b.eval(t) ? 1 : 0;
      case EQ: return t -> a.eval(t) == b.eval(t) ? 1 : 0;
      case NE: return t -> a.eval(t) != b.eval(t) ? 1 : 0;
      case AND: return t -> a.eval(t) != 0 && b.eval(t) != 0 ? 1 : 0;
      default: return t -> a.eval(t) != 0 || b.eval(t) != 0 ? 1 : 0;
    }
  }

  private long divide(long a, long b, boolean quotient) {
    if (b == 0) {
      throw new IllegalStateException("kernel " + k.kernel.name() + " divides an index by 0");
    }
    return quotient ? a / b : a % b;
  }
}
