package org.theano4j.fuzz;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.theano4j.graph.Variable;

/**
 * One node of a fuzzed expression: an operation of {@link Ops} applied to argument
 * expressions. Expressions are immutable trees that may share subtrees (a shared subtree becomes
 * one variable used twice), so the fuzzer can print a case as Java and shrink it by replacing a
 * node with one of its arguments or a leaf.
 */
final class Expr {
  /** The static shape class of a value: every fuzzed graph works over these few shapes. */
  enum Kind {
    /** A (3, 4) float matrix. */
    M,
    /** Logits: a (3, 4) float matrix that may be large (consumed only by bounded ops). */
    L,
    /** A (4,) float vector (a row). */
    V,
    /** A (3,) float vector (one value per row). */
    R,
    /** A float scalar. */
    S
  }

  final Ops.Op op;
  final List<Expr> args;

  Expr(Ops.Op op, List<Expr> args) {
    if (op.args().size() != args.size()) {
      throw new IllegalArgumentException(op.name() + " takes " + op.args().size() + " arguments");
    }
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).kind() != op.args().get(i)) {
        throw new IllegalArgumentException(op.name() + " argument " + i + " must be "
            + op.args().get(i) + ", got " + args.get(i).kind());
      }
    }
    this.op = op;
    this.args = List.copyOf(args);
  }

  Kind kind() {
    return op.result();
  }

  int size() {
    int n = 1;
    for (Expr a : args) {
      n += a.size();
    }
    return n;
  }

  /** Builds the variable, once per distinct node (a shared subtree is one variable). */
  Variable build(Env env, Map<Expr, Variable> memo) {
    Variable v = memo.get(this);
    if (v != null) {
      return v;
    }
    Variable[] in = new Variable[args.size()];
    for (int i = 0; i < in.length; i++) {
      in[i] = args.get(i).build(env, memo);
    }
    v = op.build().apply(env, in);
    memo.put(this, v);
    return v;
  }

  /** Java source of this expression (shared subtrees are repeated: equal text, equal value). */
  String java() {
    Object[] a = new Object[args.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = args.get(i).java();
    }
    return String.format(op.java(), a);
  }

  /** Every node of this tree, each once, parents before children. */
  List<Expr> nodes() {
    List<Expr> out = new ArrayList<>();
    Map<Expr, Boolean> seen = new IdentityHashMap<>();
    collect(this, out, seen);
    return out;
  }

  private static void collect(Expr e, List<Expr> out, Map<Expr, Boolean> seen) {
    if (seen.put(e, Boolean.TRUE) != null) {
      return;
    }
    out.add(e);
    for (Expr a : e.args) {
      collect(a, out, seen);
    }
  }

  /** This tree with {@code target} (by identity) replaced by {@code by}. */
  Expr replace(Expr target, Expr by) {
    return map(e -> e == target ? by : null, new IdentityHashMap<>());
  }

  private Expr map(Function<Expr, Expr> f, Map<Expr, Expr> memo) {
    Expr hit = f.apply(this);
    if (hit != null) {
      return hit;
    }
    Expr done = memo.get(this);
    if (done != null) {
      return done;
    }
    List<Expr> a = new ArrayList<>();
    boolean changed = false;
    for (Expr x : args) {
      Expr y = x.map(f, memo);
      changed |= y != x;
      a.add(y);
    }
    Expr r = changed ? new Expr(op, a) : this;
    memo.put(this, r);
    return r;
  }
}
