package org.theano4j.rewrite;

import static org.theano4j.rewrite.Patterns.elemwise;
import static org.theano4j.rewrite.Patterns.fits;
import static org.theano4j.rewrite.Patterns.is;
import static org.theano4j.rewrite.Patterns.isConstant;

import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.SourceSite;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.DimShuffle;
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
   * {@code Gemm(x, y, z, ±a, b)}: one BLAS call that adds the bias. A scale may be any value
   * with only length-1 axes (autodiff's {@code [[2e-4]]} of an L2 term), taken as a scalar.
   */
  static final Rule GEMM = Rule.of("gemm", Elemwise.class, (node, ctx) -> {
    for (int i = 0; i < 2; i++) {
      Combination c = Combination.of(node, i, ctx, Dot.class);
      if (c == null) {
        continue;
      }
      Variable bias = c.bias;
      Variable beta = Patterns.scalar(c.dtype, c.biasSign);
      Apply scaled = bias.owner();
      if (is(scaled, Scalar.MUL) && ctx.clients(bias) == 1) {
        for (int k = 0; k < 2; k++) {
          Variable s = asScalar(scaled.input(k), c.dtype, node.site());
          Variable other = scaled.input(1 - k);
          if (s != null && other.dtype() == c.dtype && other.ndim() <= 2) {
            beta = c.biasSign < 0 ? elemwise(node.site(), Scalar.NEG, s) : s;
            bias = other;
            break;
          }
        }
      }
      if (bias.dtype() != c.dtype || bias.ndim() > 2) {
        continue;
      }
      Variable r = Patterns.node(node.site(), new Gemm(), c.product.input(0),
          c.product.input(1), bias, c.scale, beta);
      if (fits(r, node.output(0))) {
        return r;
      }
    }
    return null;
  });

  /**
   * An SGD update of a weight decayed by an L2 term, {@code z ± s·Gemm(x, y, z, a, b)} (the
   * gradient {@code xᵀδ + l2·z} already a {@code Gemm} by {@link #GEMM}, whose bias is
   * {@code z} itself; s a scalar), becomes {@code Gemm(x, y, z, ±s·a, 1 ± s·b)}: the update
   * done by the product's one BLAS call, in place on {@code z} where the in-place planner
   * allows (a shared variable's update).
   */
  static final Rule GEMM_UPDATE = Rule.of("gemm-update", Elemwise.class, (node, ctx) -> {
    for (int i = 0; i < 2; i++) {
      Combination c = Combination.of(node, i, ctx, Gemm.class);
      if (c == null || c.product.input(2) != c.bias) {
        continue;
      }
      // bias ± s·(a·x·y + b·bias) = (±s·a)·x·y + (±s·b + biasSign)·bias
      SourceSite site = node.site();
      Apply g = c.product;
      Variable alpha = elemwise(site, Scalar.MUL, c.scale, g.input(3));
      Variable beta = elemwise(site, Scalar.ADD, elemwise(site, Scalar.MUL, c.scale,
          g.input(4)), Patterns.scalar(c.dtype, c.biasSign));
      Variable r = Patterns.node(site, new Gemm(), g.input(0), g.input(1), c.bias, alpha, beta);
      if (fits(r, node.output(0))) {
        return r;
      }
    }
    return null;
  });

  static List<Rule> all() {
    return List.of(POW2, GEMM, GEMM_UPDATE);
  }

  /**
   * {@code node} (an add or sub) read as {@code sign·scale·product + biasSign·bias}, the
   * product its input {@code i}: a matrix product of class {@code productOp} used only there,
   * optionally times a scalar; {@code scale} includes the sign. Null if it is not of that form,
   * or if the bias would stretch the product's shape (a (1, ?) product plus a (3, 2) bias,
   * left to the elementwise add). Used only here.
   */
  private record Combination(Apply product, Variable scale, Variable bias, double biasSign,
      DType dtype) {
    static Combination of(Apply node, int i, RewriteContext ctx, Class<?> productOp) {
      boolean sub = is(node, Scalar.SUB);
      if (!sub && !is(node, Scalar.ADD)) {
        return null;
      }
      Variable v = node.input(i);
      if (ctx.clients(v) != 1 || ctx.isOutput(v)) {
        return null;
      }
      Variable product = null;
      Variable scale = null;
      if (isProduct(v, productOp)) {
        product = v;
      } else if (is(v, Scalar.MUL)) {
        Apply m = v.owner();
        for (int k = 0; k < 2 && product == null; k++) {
          Variable d = m.input(1 - k);
          Variable s = asScalar(m.input(k), d.dtype(), m.site());
          if (s != null && isProduct(d, productOp) && ctx.clients(d) == 1 && !ctx.isOutput(d)) {
            product = d;
            scale = s;
          }
        }
      }
      if (product == null
          || !GraphVerifier.fits(product.type(), node.output(0).type())) {
        return null;
      }
      DType dt = product.dtype();
      if (scale == null) {
        scale = Patterns.scalar(dt, 1);
      }
      if (sub && i == 1) {
        scale = elemwise(node.site(), Scalar.NEG, scale);
      }
      return new Combination(product.owner(), scale, node.input(1 - i), sub && i == 0 ? -1 : 1,
          dt);
    }
  }

  /**
   * {@code s} as a rank-0 value of {@code dtype} when it has that dtype and only axes of
   * static length 1 (a constant becomes a scalar constant, anything else a {@link DimShuffle}
   * dropping its axes), else null.
   */
  private static Variable asScalar(Variable s, DType dtype, SourceSite site) {
    if (s.dtype() != dtype) {
      return null;
    }
    for (int d = 0; d < s.ndim(); d++) {
      if (s.type().dim(d) != 1) {
        return null;
      }
    }
    if (s.ndim() == 0) {
      return s;
    }
    if (s instanceof Constant c) {
      return Patterns.scalar(dtype, c.value().itemDouble());
    }
    return Patterns.node(site, new DimShuffle(s.ndim(), List.of()), s);
  }

  private static boolean isProduct(Variable v, Class<?> op) {
    Apply a = v.owner();
    return a != null && op.isInstance(a.op())
        && a.input(0).ndim() == 2 && a.input(1).ndim() == 2 && v.dtype().isFloat()
        && a.input(0).dtype() == v.dtype() && a.input(1).dtype() == v.dtype();
  }
}
