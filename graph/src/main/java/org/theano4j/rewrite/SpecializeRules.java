package org.theano4j.rewrite;

import static org.theano4j.rewrite.Patterns.elemwise;
import static org.theano4j.rewrite.Patterns.fits;
import static org.theano4j.rewrite.Patterns.is;
import static org.theano4j.rewrite.Patterns.isConstant;

import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.SourceSite;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.Dot;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.Gemm;
import org.theano4j.tensor.Scalar;

/** Specialisation: general forms become faster special ones. */
final class SpecializeRules {
  private SpecializeRules() {}

  /** {@code x ** 2} becomes {@code sqr(x)}. */
  static final Rule POW2 = Rule.of("pow2-sqr", Elemwise.class, (node, ctx) -> {
    if (!is(node, Scalar.POW) || !isConstant(node.input(1), 2)) {
      return null;
    }
    Variable r = elemwise(node.site(), Scalar.SQR, node.input(0));
    return fits(r, node.output(0)) ? r : null;
  });

  /**
   * {@code a·dot(x, y) ± b·z} (a, b scalars, either optional) becomes one
   * {@code Gemm(x, y, z, ±a, b)}: one BLAS call that adds the bias.
   */
  static final Rule GEMM = Rule.of("gemm", Elemwise.class, (node, ctx) -> {
    boolean sub = is(node, Scalar.SUB);
    if (!sub && !is(node, Scalar.ADD)) {
      return null;
    }
    for (int i = 0; i < 2; i++) {
      Term t = term(node.input(i), ctx);
      // Gemm's result has the product's shape; a bias that would stretch the product (a
      // (1, ?) product plus a (3, 2) bias) is left to the elementwise add.
      if (t == null || !GraphVerifier.fits(t.dot.output(0).type(), node.output(0).type())) {
        continue;
      }
      Variable bias = node.input(1 - i);
      SourceSite site = node.site();
      DType dt = t.dot.output(0).dtype();
      Variable alpha = t.scale != null ? t.scale : Patterns.scalar(dt, 1);
      Variable beta = Patterns.scalar(dt, 1);
      if (sub && i == 1) {
        alpha = elemwise(site, Scalar.NEG, alpha);
      } else if (sub) {
        beta = Patterns.scalar(dt, -1);
      }
      Apply scaled = bias.owner();
      if (is(scaled, Scalar.MUL) && ctx.clients(bias) == 1) {
        for (int k = 0; k < 2; k++) {
          Variable s = scaled.input(k);
          if (s.ndim() == 0 && s.dtype() == dt && scaled.input(1 - k).dtype() == dt
              && scaled.input(1 - k).ndim() <= 2) {
            beta = sub && i == 0 ? elemwise(site, Scalar.NEG, s) : s;
            bias = scaled.input(1 - k);
            break;
          }
        }
      }
      if (bias.dtype() != dt || bias.ndim() > 2) {
        continue;
      }
      Variable r = Patterns.node(site, new Gemm(), t.dot.input(0), t.dot.input(1), bias, alpha,
          beta);
      if (fits(r, node.output(0))) {
        return r;
      }
    }
    return null;
  });

  static List<Rule> all() {
    return List.of(POW2, GEMM);
  }

  /** A matrix product, optionally times a scalar, used only here. */
  private record Term(Apply dot, Variable scale) {}

  private static Term term(Variable v, RewriteContext ctx) {
    if (ctx.clients(v) != 1 || ctx.isOutput(v)) {
      return null;
    }
    if (isMatrixDot(v)) {
      return new Term(v.owner(), null);
    }
    if (is(v, Scalar.MUL)) {
      Apply m = v.owner();
      for (int k = 0; k < 2; k++) {
        Variable d = m.input(1 - k);
        Variable s = m.input(k);
        if (isMatrixDot(d) && ctx.clients(d) == 1 && !ctx.isOutput(d) && s.ndim() == 0
            && s.dtype() == d.dtype()) {
          return new Term(d.owner(), s);
        }
      }
    }
    return null;
  }

  private static boolean isMatrixDot(Variable v) {
    Apply a = v.owner();
    return a != null && a.op() instanceof Dot && a.input(0).ndim() == 2
        && a.input(1).ndim() == 2 && v.dtype().isFloat() && a.input(0).dtype() == v.dtype()
        && a.input(1).dtype() == v.dtype();
  }
}
