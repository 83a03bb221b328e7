package org.theano4j.rewrite;

import static org.theano4j.rewrite.Patterns.elemwise;
import static org.theano4j.rewrite.Patterns.fits;
import static org.theano4j.rewrite.Patterns.is;
import static org.theano4j.rewrite.Patterns.isConstant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Alloc;
import org.theano4j.tensor.Cast;
import org.theano4j.tensor.DimShuffle;
import org.theano4j.tensor.Dot;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.Gemm;
import org.theano4j.tensor.IncSubtensor;
import org.theano4j.tensor.Reduce;
import org.theano4j.tensor.ReduceKind;
import org.theano4j.tensor.Reshape;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.Shape;
import org.theano4j.tensor.ShapeI;
import org.theano4j.tensor.Softmax;
import org.theano4j.tensor.T;

/**
 * Canonicalisation: algebraic identities and shape facts that make later rules' patterns
 * simpler. Each replacement keeps the node's type (rules that would change it do not fire).
 */
final class CanonicalRules {
  private CanonicalRules() {}

  /** {@code x * 1} and {@code 1 * x} become {@code x}. */
  static final Rule MUL_ONE = Rule.of("mul-one", Elemwise.class, (node, ctx) ->
      is(node, Scalar.MUL) ? otherOperand(node, 1, false) : null);

  /**
   * {@code x + 0}, {@code 0 + x} and {@code x - 0} become {@code x}. For a float result the
   * zero must be the operation's identity, {@code -0.0} for a sum and {@code +0.0} for a
   * difference: {@code -0.0 + 0.0} is {@code +0.0}, as is {@code -0.0 - (-0.0)}.
   */
  static final Rule ADD_ZERO = Rule.of("add-zero", Elemwise.class, (node, ctx) -> {
    boolean signed = node.output(0).dtype().isFloat();
    if (is(node, Scalar.ADD)) {
      return otherOperand(node, -0.0, signed);
    }
    if (is(node, Scalar.SUB) && isConstant(node.input(1), 0.0, signed)
        && fits(node.input(0), node.output(0))) {
      return node.input(0);
    }
    return null;
  });

  /** {@code x - x} becomes zeros shaped like {@code x}. */
  static final Rule SUB_SELF = Rule.of("sub-self", Elemwise.class, (node, ctx) -> {
    // Integers only: for a float, x - x is NaN where x is infinite or NaN (NumPy, and every
    // mode must agree).
    if (!is(node, Scalar.SUB) || node.input(0) != node.input(1)
        || node.input(0).dtype().isFloat()) {
      return null;
    }
    Variable x = node.input(0);
    Variable z = x.type().isFullyKnown()
        ? new Constant(NDArray.zeros(x.dtype(), x.type().shape()), null) : T.zerosLike(x);
    return fits(z, node.output(0)) ? z : null;
  });

  /**
   * Two scalings by float constants become one: {@code (x*a)*b → x*(a*b)},
   * {@code (x*a)/b → x*(a/b)}, {@code (x/a)*b → x*(b/a)}, {@code (x/a)/b → x/(a*b)}, with
   * {@code a} and {@code b} scalar constants on either side of a product — only when that is
   * exact (see {@link #exactScale}) and the inner scaling already has the output's dtype.
   */
  static final Rule SCALE_CONSTANTS = Rule.of("combine-constant-scalings", Elemwise.class, (node, ctx) -> {
    boolean outerMul = is(node, Scalar.MUL);
    if (!(outerMul || is(node, Scalar.TRUE_DIV)) || !node.output(0).dtype().isFloat()) {
      return null;
    }
    for (int i = 0; i < (outerMul ? 2 : 1); i++) {
      Variable inner = node.input(i);
      Double b = scalarConstant(node.input(1 - i));
      boolean innerMul = is(inner, Scalar.MUL);
      if (b == null || !(innerMul || is(inner, Scalar.TRUE_DIV))
          || inner.dtype() != node.output(0).dtype()) {
        continue;
      }
      Apply in = inner.owner();
      for (int j = 0; j < (innerMul ? 2 : 1); j++) {
        Variable x = in.input(j);
        Double a = scalarConstant(in.input(1 - j));
        if (a == null || !innerMul && a == 0 || !outerMul && b == 0) {
          continue;
        }
        // Value and operator of the combined scaling x (op) c.
        boolean mul = innerMul || outerMul;
        Double c = exactScale(node.output(0).dtype(), a, innerMul, b, outerMul);
        if (c == null) {
          continue;
        }
        Constant k = new Constant(NDArray.scalar(node.output(0).dtype(), c), null);
        Variable r = elemwise(node.site(), mul ? Scalar.MUL : Scalar.TRUE_DIV, x, k);
        if (fits(r, node.output(0))) {
          return r;
        }
      }
    }
    return null;
  });

  /**
   * The constant {@code c} of the single scaling that replaces {@code x (op1) a (op2) b}
   * ({@code op} a product when its flag is set, else a division), or null when combining is
   * not exact. Exact means:
   * <ol>
   *   <li>{@code c} rounded to {@code dtype} is exactly {@code a·b}, {@code a/b} or {@code b/a}
   *       (checked with a fused multiply-add, which has no rounding of its own): finite, no
   *       rounding, no overflow to inf, no underflow. So {@code (x*1e20)*1e38} in float32 stays
   *       two products (1e58 is inf in float32, and {@code 0*inf} would be NaN where NumPy
   *       gives 0), and so does {@code (x*1e-30)*1e-30} (1e-60 underflows to 0);</li>
   *   <li>both scalings move magnitudes the same way (both by factors ≥ 1 or both ≤ 1), so
   *       the intermediate {@code x (op1) a} overflows (underflows) only when the combined
   *       scaling does too: {@code (x*2^100)*2^-100} with {@code x = 2^100} is inf in float32
   *       and must stay so.</li>
   * </ol>
   * What remains is one rounding instead of two: the result may differ from the unfused
   * graph in the last place (as any reassociation; right at the edge of the range that can
   * decide between the largest finite value and inf, or the smallest subnormal and 0), never
   * by a NaN or an inf/0 of an intermediate that the combined scaling avoids.
   */
  static Double exactScale(DType dtype, double a, boolean mulA, double b, boolean mulB) {
    boolean growsA = mulA ? Math.abs(a) > 1 : Math.abs(a) < 1;
    boolean shrinksA = mulA ? Math.abs(a) < 1 : Math.abs(a) > 1;
    boolean growsB = mulB ? Math.abs(b) > 1 : Math.abs(b) < 1;
    boolean shrinksB = mulB ? Math.abs(b) < 1 : Math.abs(b) > 1;
    if (growsA && shrinksB || shrinksA && growsB) {
      return null;
    }
    double c;
    double residual;
    if (mulA == mulB) {
      c = dtype.round(a * b);
      residual = Math.fma(a, b, -c);
    } else if (mulA) {
      c = dtype.round(a / b);
      residual = Math.fma(c, b, -a);
    } else {
      c = dtype.round(b / a);
      residual = Math.fma(c, a, -b);
    }
    return Double.isFinite(c) && residual == 0 ? c : null;
  }

  /** The value of a float scalar constant, or null. */
  private static Double scalarConstant(Variable v) {
    return v instanceof Constant c && c.ndim() == 0 && c.dtype().isFloat()
        ? c.value().getDouble() : null;
  }

  /** {@code -(-x)} becomes {@code x}. */
  static final Rule NEG_NEG = Rule.of("neg-neg", Elemwise.class, (node, ctx) ->
      is(node, Scalar.NEG) && is(node.input(0), Scalar.NEG)
          && fits(node.input(0).owner().input(0), node.output(0))
          ? node.input(0).owner().input(0) : null);

  /** A dimshuffle of a dimshuffle becomes one; an identity dimshuffle disappears. */
  static final Rule DIMSHUFFLE = Rule.of("dimshuffle-dimshuffle", DimShuffle.class, (node, ctx) -> {
    if (!(node.op() instanceof DimShuffle outer)) {
      return null;
    }
    List<Integer> order = outer.order();
    if (order.size() == outer.inputNdim() && isIdentity(order)) {
      return node.input(0);
    }
    Apply inner = node.input(0).owner();
    if (inner == null || !(inner.op() instanceof DimShuffle in)) {
      return null;
    }
    List<Integer> composed = new ArrayList<>();
    for (int ax : order) {
      composed.add(ax == DimShuffle.NEW_AXIS ? DimShuffle.NEW_AXIS : in.order().get(ax));
    }
    return Patterns.node(node.site(), new DimShuffle(in.inputNdim(), composed),
        inner.input(0));
  });

  /**
   * The transpose of a matrix product, {@code dot(a, b)ᵀ}, becomes {@code dot(bᵀ, aᵀ)} when
   * the product is used only there (Theano's {@code local_lift_transpose_through_dot}): the
   * product is then computed in the layout its user reads, so a {@code Gemm} taking it as its
   * bias gets a contiguous array instead of copying a transposed view, and the transposed
   * operands are BLAS transpose flags (views, no copies). Each element is the same sum of the
   * same products.
   */
  static final Rule TRANSPOSE_DOT = Rule.of("transpose-dot", DimShuffle.class, (node, ctx) -> {
    if (!(node.op() instanceof DimShuffle t) || t.inputNdim() != 2
        || !t.order().equals(List.of(1, 0))) {
      return null;
    }
    Variable product = node.input(0);
    Apply dot = product.owner();
    if (dot == null || !(dot.op() instanceof Dot) || ctx.clients(product) != 1
        || ctx.isOutput(product) || dot.input(0).ndim() != 2 || dot.input(1).ndim() != 2) {
      return null;
    }
    DimShuffle swap = new DimShuffle(2, List.of(1, 0));
    Variable r = Patterns.node(node.site(), new Dot(),
        Patterns.node(node.site(), swap, dot.input(1)),
        Patterns.node(node.site(), swap, dot.input(0)));
    return fits(r, node.output(0)) ? r : null;
  });

  /** A reshape of a reshape reshapes the original directly. */
  static final Rule RESHAPE = Rule.of("reshape-reshape", Reshape.class, (node, ctx) -> {
    if (!(node.op() instanceof Reshape)) {
      return null;
    }
    Apply inner = node.input(0).owner();
    if (inner == null || !(inner.op() instanceof Reshape)) {
      return null;
    }
    Variable direct = node.cloneWith(List.of(inner.input(0), node.input(1))).output(0);
    // reshape(reshape(x, 3, 1, 1), -1, 3) is (1, 3) from the (3, 1, 1) but only (?, 3) from
    // x itself: a reshape losing what the outer one knew cannot replace it.
    return GraphVerifier.fits(node.output(0).type(), direct.type()) ? direct : null;
  });

  /** {@code shape(x)[i]} (or {@code shape(x)}) of statically known sizes is a constant. */
  static final Rule SHAPE = Rule.of("shape-known", Set.of(ShapeI.class, Shape.class), (node, ctx) -> {
    TensorType t = node.input(0).type();
    if (node.op() instanceof ShapeI s && t.dim(s.axis()) != TensorType.UNKNOWN) {
      return new Constant(NDArray.scalar((long) t.dim(s.axis())), null);
    }
    if (node.op() instanceof Shape && t.isFullyKnown()) {
      long[] dims = new long[t.ndim()];
      for (int d = 0; d < dims.length; d++) {
        dims[d] = t.dim(d);
      }
      return new Constant(NDArray.of(dims, dims.length), null);
    }
    return null;
  });

  /**
   * {@code shape_i(f(x))} for a shape-preserving {@code f} (softmax, an elementwise op)
   * becomes {@code shape_i(x)} of an input that has the output's length on that axis (for a
   * matrix product {@code Dot}/{@code Gemm} of matrices: axis 0 of the left operand, axis 1 of
   * the right), so
   * that a node used only for its shape (as {@code zeros_like} in gradients) can die. The
   * rule jumps through a whole chain of shape-preserving nodes at once: stepping one node per
   * firing would need one pass per node of the chain (a 60-deep {@code tanh} chain exhausted
   * the pass cap). The sources found are remembered for the pass, so many {@code shape_i}
   * nodes along one chain cost time linear in its length.
   */
  static final Rule SHAPE_THROUGH = Rule.of("shape-through-shape-preserving", ShapeI.class, (node, ctx) -> {
    if (!(node.op() instanceof ShapeI s)) {
      return null;
    }
    Map<LengthKey, Variable> known = ctx.passState("shape-through", HashMap::new);
    Variable src = lengthSource(node.input(0), s.axis(), known);
    return src == node.input(0) ? null : node.cloneWith(List.of(src)).output(0);
  });

  /** A variable and an axis whose run-time length is asked for. */
  private record LengthKey(Variable v, int axis) {}

  /**
   * The variable at the end of the chain of shape-preserving nodes above {@code v} whose
   * length on {@code axis} equals {@code v}'s ({@code v} itself if its producer is not
   * shape-preserving). Every variable on the way is recorded in {@code known}.
   */
  private static Variable lengthSource(Variable v, int axis, Map<LengthKey, Variable> known) {
    List<Variable> path = new ArrayList<>();
    Variable cur = v;
    while (true) {
      Variable k = known.get(new LengthKey(cur, axis));
      if (k != null) {
        cur = k;
        break;
      }
      Variable next = sameLengthInput(cur, axis);
      if (next == null) {
        break;
      }
      path.add(cur);
      cur = next;
    }
    for (Variable p : path) {
      known.put(new LengthKey(p, axis), cur);
    }
    return cur;
  }

  /** An input of {@code v}'s shape-preserving producer with {@code v}'s length, or null. */
  private static Variable sameLengthInput(Variable v, int axis) {
    Apply f = v.owner();
    if (f != null && (f.op() instanceof Dot || f.op() instanceof Gemm) && v.ndim() == 2
        && f.input(0).ndim() == 2 && f.input(1).ndim() == 2) {
      // a matrix product's rows are its left operand's, its columns its right operand's
      return f.input(axis);
    }
    if (f == null || !(f.op() instanceof Softmax || f.op() instanceof Elemwise)) {
      return null;
    }
    for (Variable in : f.inputs()) {
      // Same rank and not statically broadcastable here: its run-time length is the
      // output's (only dimensions known to be 1 stretch).
      if (in.ndim() == v.ndim() && !in.type().isBroadcastable(axis)) {
        return in;
      }
    }
    return null;
  }

  /** A float {@code mean} becomes {@code sum / n}, n being the number of reduced elements. */
  static final Rule MEAN = Rule.of("mean-to-sum", Reduce.class, (node, ctx) -> {
    if (!(node.op() instanceof Reduce r) || r.kind() != ReduceKind.MEAN
        || !node.input(0).dtype().isFloat()) {
      return null;
    }
    Variable x = node.input(0);
    DType dt = x.dtype();
    Variable sum = Patterns.node(node.site(), new Reduce(ReduceKind.SUM, r.axes(), r.keepdims()),
        x);
    Variable n = null;
    long known = 1;
    for (int a : r.axes()) {
      if (x.type().dim(a) != TensorType.UNKNOWN) {
        known *= x.type().dim(a);
      } else {
        Variable d = Patterns.node(node.site(), new ShapeI(a), x);
        n = n == null ? d : elemwise(node.site(), Scalar.MUL, n, d);
      }
    }
    Variable count;
    if (n == null) {
      count = Patterns.scalar(dt, known);
    } else {
      if (known != 1) {
        n = elemwise(node.site(), Scalar.MUL, n, new Constant(NDArray.scalar(known), null));
      }
      count = elemwise(node.site(), new Cast(dt), n);
    }
    Variable out = elemwise(node.site(), Scalar.TRUE_DIV, sum, count);
    return fits(out, node.output(0)) ? out : null;
  });

  /**
   * A sum of increments of one zeros array, {@code ((inc(Z, a, s1) + inc(Z, b, s2)) + ...)}
   * (autodiff's gradient of several slices of one value: an LSTM step's four gates), becomes
   * the chain {@code inc(inc(inc(Z, a, s1), b, s2), ...)} (Theano's
   * {@code local_IncSubtensor_serialize}), which the in-place phase runs in one buffer instead
   * of a copy of {@code Z} per slice and a sum of whole arrays. Only a left-deep sum, whose
   * order the chain keeps, so the result is bit for bit the same: every partial sum of the
   * original adds the zero of the slices an element is not in, an identity there (a sum that
   * starts from {@code 0 + a} is never {@code -0.0}).
   */
  static final Rule INC_SUBTENSOR_SERIALIZE = Rule.of("inc-subtensor-serialize", Elemwise.class,
      (node, ctx) -> {
        if (!is(node, Scalar.ADD)) {
          return null;
        }
        // the increments, rightmost first; the walk stops at the first term that is not an
        // increment, so a long sum of anything else costs one step (not one per term: a chain
        // of 8,000 adds made this rule quadratic)
        List<Apply> incs = new ArrayList<>();
        Variable v = node.output(0);
        while (is(v, Scalar.ADD)) {
          Apply add = v.owner();
          if (v != node.output(0) && (ctx.clients(v) != 1 || ctx.isOutput(v))) {
            return null;
          }
          Apply inc = add.input(1).owner();
          if (inc == null || !(inc.op() instanceof IncSubtensor i) || i.set()) {
            return null;
          }
          incs.add(inc);
          v = add.input(0);
        }
        // the leftmost term: an increment of the zeros, or a chain of them made by this rule
        // from an inner part of the sum
        Variable zeros = zerosUnder(v, ctx);
        if (zeros == null) {
          return null;
        }
        Variable chain = v;
        for (int k = incs.size() - 1; k >= 0; k--) {
          Apply inc = incs.get(k);
          if (zerosUnder(inc.output(0), ctx) != zeros || inc.input(0) != zeros) {
            return null;
          }
          List<Variable> ins = new ArrayList<>(inc.inputs());
          ins.set(0, chain);
          chain = Patterns.node(inc.site(), inc.op(), ins.toArray(Variable[]::new));
        }
        return fits(chain, node.output(0)) ? chain : null;
      });

  /**
   * The {@code Alloc} of a constant zero under {@code v} when {@code v} is an increment (not a
   * set) of it, or of such an increment, and so on, each read only once; else null.
   */
  private static Variable zerosUnder(Variable v, RewriteContext ctx) {
    Apply a = v.owner();
    if (a == null || !(a.op() instanceof IncSubtensor inc) || inc.set()
        || ctx.clients(v) != 1 || ctx.isOutput(v) || !a.input(0).type().equals(v.type())) {
      return null;
    }
    Variable x = a.input(0);
    Apply z = x.owner();
    if (z != null && z.op() instanceof Alloc && isConstant(z.input(0), 0.0)) {
      return x;
    }
    return zerosUnder(x, ctx);
  }

  static List<Rule> all() {
    return List.of(MUL_ONE, ADD_ZERO, SUB_SELF, NEG_NEG, SCALE_CONSTANTS, DIMSHUFFLE, TRANSPOSE_DOT, RESHAPE,
        SHAPE, SHAPE_THROUGH, MEAN, INC_SUBTENSOR_SERIALIZE);
  }

  /** For a binary node with a constant operand equal to {@code unit}, the other operand. */
  private static Variable otherOperand(Apply node, double unit, boolean signedZero) {
    for (int i = 0; i < 2; i++) {
      Variable other = node.input(1 - i);
      if (isConstant(node.input(i), unit, signedZero) && fits(other, node.output(0))) {
        return other;
      }
    }
    return null;
  }

  private static boolean isIdentity(List<Integer> order) {
    for (int i = 0; i < order.size(); i++) {
      if (order.get(i) != i) {
        return false;
      }
    }
    return true;
  }
}
