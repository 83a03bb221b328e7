package org.theano4j.rewrite;

import static org.theano4j.rewrite.Patterns.elemwise;
import static org.theano4j.rewrite.Patterns.fits;
import static org.theano4j.rewrite.Patterns.is;
import static org.theano4j.rewrite.Patterns.isConstant;

import java.util.List;
import java.util.Set;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.ARange;
import org.theano4j.tensor.AdvancedSubtensor;
import org.theano4j.tensor.Cast;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.CrossentropyCategorical1Hot;
import org.theano4j.tensor.CrossentropySoftmax1Hot;
import org.theano4j.tensor.Reduce;
import org.theano4j.tensor.ReduceKind;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ShapeI;
import org.theano4j.tensor.Softmax;

/** Numerical stabilisation: forms that overflow or lose precision become stable ops. */
final class StabilizeRules {
  private StabilizeRules() {}

  /** {@code log(softmax(x))} becomes {@code logSoftmax(x)}. */
  static final Rule LOG_SOFTMAX = Rule.of("log-softmax", Elemwise.class, (node, ctx) -> {
    if (!is(node, Scalar.LOG) || !isSoftmax(node.input(0), false)) {
      return null;
    }
    Variable r = Patterns.node(node.site(), new Softmax(true),
        node.input(0).owner().input(0));
    return fits(r, node.output(0)) ? r : null;
  });

  /**
   * {@code log(1 + x)} becomes {@code log1p(x)}, only where the sum is a float: an integer
   * {@code 1 + x} wraps ({@code uint8 255 + 1} is 0, so {@code log} gives {@code -inf}).
   */
  static final Rule LOG1P = Rule.of("log1p", Elemwise.class, (node, ctx) -> {
    if (!is(node, Scalar.LOG) || !is(node.input(0), Scalar.ADD)
        || !node.input(0).dtype().isFloat()) {
      return null;
    }
    Apply add = node.input(0).owner();
    for (int i = 0; i < 2; i++) {
      if (isConstant(add.input(i), 1)) {
        Variable r = elemwise(node.site(), Scalar.LOG1P, add.input(1 - i));
        if (fits(r, node.output(0))) {
          return r;
        }
      }
    }
    return null;
  });

  /** {@code exp(x) - 1} becomes {@code expm1(x)}. */
  static final Rule EXPM1 = Rule.of("expm1", Elemwise.class, (node, ctx) -> {
    if (!is(node, Scalar.SUB) || !is(node.input(0), Scalar.EXP)
        || !isConstant(node.input(1), 1)) {
      return null;
    }
    Variable r = elemwise(node.site(), Scalar.EXPM1, node.input(0).owner().input(0));
    return fits(r, node.output(0)) ? r : null;
  });

  /**
   * {@code log(sigmoid(x))} becomes {@code -softplus(-x)}; an integer {@code x} is first cast
   * to the sigmoid's float dtype, since {@code -x} would wrap ({@code -uint8(5)} is 251).
   */
  static final Rule LOG_SIGMOID = Rule.of("log-sigmoid", Elemwise.class, (node, ctx) -> {
    if (!is(node, Scalar.LOG) || !is(node.input(0), Scalar.SIGMOID)) {
      return null;
    }
    Variable x = node.input(0).owner().input(0);
    if (!x.dtype().isFloat()) {
      x = elemwise(node.site(), new Cast(node.input(0).dtype()), x);
    }
    Variable r = elemwise(node.site(), Scalar.NEG, elemwise(node.site(), Scalar.SOFTPLUS,
        elemwise(node.site(), Scalar.NEG, x)));
    return fits(r, node.output(0)) ? r : null;
  });

  /** {@code log(1 - sigmoid(x))} becomes {@code -softplus(x)} (float x). */
  static final Rule LOG_ONE_MINUS_SIGMOID = Rule.of("log-one-minus-sigmoid", Elemwise.class, (node, ctx) -> {
    if (!is(node, Scalar.LOG) || !is(node.input(0), Scalar.SUB)) {
      return null;
    }
    Apply sub = node.input(0).owner();
    if (!isConstant(sub.input(0), 1) || !is(sub.input(1), Scalar.SIGMOID)) {
      return null;
    }
    Variable x = sub.input(1).owner().input(0);
    if (!x.dtype().isFloat()) {
      return null;
    }
    Variable r = elemwise(node.site(), Scalar.NEG, elemwise(node.site(), Scalar.SOFTPLUS, x));
    return fits(r, node.output(0)) ? r : null;
  });

  /**
   * A product with a sigmoid factor {@code s} (or {@code 1 - s}) that also divides by it,
   * {@code (... (g / s) ...) * s}, becomes the product without both: what autodiff derives for
   * {@code log(sigmoid(x))} and {@code log(1 - sigmoid(x))} ({@code gz / s} times the sigmoid's
   * derivative {@code s (1 - s)}). Where {@code s} underflows to 0 the quotient is inf and the
   * product NaN; the exact value is the one without the pair. The divided factor may sit under
   * negations and products ({@code -(g / u) * s * u}).
   */
  static final Rule CANCEL_SIGMOID_QUOTIENT = Rule.of("cancel-sigmoid-quotient", Elemwise.class,
      (node, ctx) -> {
        if (!is(node, Scalar.MUL) || !node.output(0).dtype().isFloat()) {
          return null;
        }
        for (int i = 0; i < 2; i++) {
          Variable d = node.input(i);
          if (!isSigmoidOrComplement(d)) {
            continue;
          }
          Variable r = withoutQuotient(node.input(1 - i), d, node, 0);
          if (r != null && fits(r, node.output(0))) {
            return r;
          }
        }
        return null;
      });

  /**
   * {@code logSoftmax(z)[arange(n), y]} with n the length of y (or of z's rows) becomes
   * {@code -crossentropySoftmax1Hot(z, y)}; {@code crossentropyCategorical1Hot(softmax(z), y)}
   * becomes {@code crossentropySoftmax1Hot(z, y)}. The fused op requires as many labels as
   * rows, where the indexed form would silently ignore extra rows.
   */
  static final Rule CROSSENTROPY = Rule.of("crossentropy-softmax", Set.of(CrossentropyCategorical1Hot.class, AdvancedSubtensor.class), (node, ctx) -> {
    if (node.op() instanceof CrossentropyCategorical1Hot && isSoftmax(node.input(0), false)) {
      Variable r = Patterns.node(node.site(), new CrossentropySoftmax1Hot(),
          node.input(0).owner().input(0), node.input(1));
      return fits(r, node.output(0)) ? r : null;
    }
    if (!(node.op() instanceof AdvancedSubtensor a) || !a.advanced().equals(List.of(true, true))
        || !isSoftmax(node.input(0), true)) {
      return null;
    }
    Variable z = node.input(0).owner().input(0);
    Variable rows = node.input(1);
    Variable y = node.input(2);
    if (z.ndim() != 2 || !z.dtype().isFloat() || y.ndim() != 1 || !y.dtype().isInteger()
        || !isRowRange(rows, z, y, node.input(0))) {
      return null;
    }
    Variable ce = Patterns.node(node.site(), new CrossentropySoftmax1Hot(), z, y);
    Variable r = elemwise(node.site(), Scalar.NEG, ce);
    return fits(r, node.output(0)) ? r : null;
  });

  /**
   * The softmax gradient of a quotient by the softmax itself,
   * {@code (g/p - sum(g/p * p, -1)) * p} with {@code p = softmax(z)}, becomes
   * {@code g - p * sum(g, -1)}: what autodiff derives for {@code log(softmax(z))} (the
   * gradient of log is {@code g/p}). The quotient is inf/NaN where p underflows to 0, and
   * the rewritten form also needs two fewer passes.
   */
  static final Rule SOFTMAX_GRAD_OF_QUOTIENT = Rule.of("softmax-grad-of-quotient", Elemwise.class,
      (node, ctx) -> {
        if (!is(node, Scalar.MUL)) {
          return null;
        }
        for (int i = 0; i < 2; i++) {
          Variable p = node.input(i);
          Variable diff = node.input(1 - i);
          if (!isSoftmax(p, false) || !is(diff, Scalar.SUB)) {
            continue;
          }
          Variable quotient = diff.owner().input(0);
          Variable g = dividend(quotient, p);
          if (g == null || !isRowSumOfProduct(diff.owner().input(1), quotient, p)) {
            continue;
          }
          Variable sum = Patterns.node(node.site(), new Reduce(ReduceKind.SUM,
              List.of(p.ndim() - 1), true), g);
          Variable r = elemwise(node.site(), Scalar.SUB, g,
              elemwise(node.site(), Scalar.MUL, p, sum));
          return fits(r, node.output(0)) ? r : null;
        }
        return null;
      });

  static List<Rule> all() {
    return List.of(LOG_SOFTMAX, LOG1P, EXPM1, LOG_SIGMOID, LOG_ONE_MINUS_SIGMOID, CROSSENTROPY,
        SOFTMAX_GRAD_OF_QUOTIENT, CANCEL_SIGMOID_QUOTIENT);
  }

  /** True if {@code v} is {@code sigmoid(x)} or {@code 1 - sigmoid(x)}. */
  private static boolean isSigmoidOrComplement(Variable v) {
    if (is(v, Scalar.SIGMOID)) {
      return true;
    }
    return is(v, Scalar.SUB) && isConstant(v.owner().input(0), 1)
        && is(v.owner().input(1), Scalar.SIGMOID);
  }

  /**
   * {@code x} with one factor {@code g / d} replaced by {@code g}, looking through negations
   * and products (a few levels deep), or null if there is no such factor.
   */
  private static Variable withoutQuotient(Variable x, Variable d, Apply at, int depth) {
    if (depth > 4 || x.owner() == null) {
      return null;
    }
    if (is(x, Scalar.TRUE_DIV) && x.owner().input(1) == d) {
      return x.owner().input(0);
    }
    if (is(x, Scalar.NEG)) {
      Variable inner = withoutQuotient(x.owner().input(0), d, at, depth + 1);
      return inner == null ? null : elemwise(at.site(), Scalar.NEG, inner);
    }
    if (is(x, Scalar.MUL)) {
      for (int i = 0; i < 2; i++) {
        Variable inner = withoutQuotient(x.owner().input(i), d, at, depth + 1);
        if (inner != null) {
          return elemwise(at.site(), Scalar.MUL, inner, x.owner().input(1 - i));
        }
      }
    }
    return null;
  }

  /** {@code g} if {@code q} is {@code g / p}, else null. */
  private static Variable dividend(Variable q, Variable p) {
    return is(q, Scalar.TRUE_DIV) && q.owner().input(1) == p ? q.owner().input(0) : null;
  }

  /** True if {@code s} is {@code sum(q * p, last axis, keepdims)} (either factor order). */
  private static boolean isRowSumOfProduct(Variable s, Variable q, Variable p) {
    Apply a = s.owner();
    if (a == null || !(a.op() instanceof Reduce r) || r.kind() != ReduceKind.SUM
        || !r.keepdims() || !r.axes().equals(List.of(p.ndim() - 1))) {
      return false;
    }
    Variable prod = a.input(0);
    if (!is(prod, Scalar.MUL)) {
      return false;
    }
    Apply m = prod.owner();
    return m.input(0) == q && m.input(1) == p || m.input(0) == p && m.input(1) == q;
  }

  private static boolean isSoftmax(Variable v, boolean log) {
    return v.owner() != null && v.owner().op() instanceof Softmax s && s.log() == log;
  }

  /** True if {@code v} is {@code arange(0, n, 1)} with n the length of y or of z's rows. */
  private static boolean isRowRange(Variable v, Variable z, Variable y, Variable logp) {
    if (v instanceof Constant c) {
      int n = z.type().dim(0) != TensorType.UNKNOWN ? z.type().dim(0) : y.type().dim(0);
      return n != TensorType.UNKNOWN && c.value().ndim() == 1
          && c.value().equals(NDArray.arange(n).astype(c.dtype()));
    }
    Apply a = v.owner();
    if (a == null || !(a.op() instanceof ARange) || !v.dtype().isInteger()
        || !isConstant(a.input(0), 0) || !isConstant(a.input(2), 1)) {
      return false;
    }
    Variable stop = a.input(1);
    if (stop.owner() != null && stop.owner().op() instanceof ShapeI s && s.axis() == 0) {
      Variable of = stop.owner().input(0);
      return of == y || of == z || of == logp;
    }
    for (Variable t : List.of(y, z)) {
      int n = t.type().dim(0);
      if (n != TensorType.UNKNOWN && isConstant(stop, n)) {
        return true;
      }
    }
    return false;
  }
}
