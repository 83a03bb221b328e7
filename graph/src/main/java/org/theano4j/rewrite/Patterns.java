package org.theano4j.rewrite;

import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Op;
import org.theano4j.graph.SourceSite;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ScalarOp;

/** Small matchers and builders shared by the rules. */
public final class Patterns {
  private Patterns() {}

  /** The scalar op of an elementwise node, or null. */
  public static ScalarOp scalarOf(Apply a) {
    return a != null && a.op() instanceof Elemwise ? ((Elemwise) a.op()).scalar() : null;
  }

  /** True if {@code a} is {@code Elemwise(s)}. */
  public static boolean is(Apply a, Scalar s) {
    return scalarOf(a) == s;
  }

  /** True if {@code v} is computed by {@code Elemwise(s)}. */
  public static boolean is(Variable v, Scalar s) {
    return is(v.owner(), s);
  }

  /** True if {@code v} is a constant whose every element equals {@code value}. */
  public static boolean isConstant(Variable v, double value) {
    return isConstant(v, value, false);
  }

  /**
   * As {@link #isConstant(Variable, double)}; with {@code signedZero} a zero must also have
   * {@code value}'s sign (an integer constant's zero is +0.0).
   */
  public static boolean isConstant(Variable v, double value, boolean signedZero) {
    if (!(v instanceof Constant)) {
      return false;
    }
    NDArray c = ((Constant) v).value();
    if (c.size() == 0 || c.size() > 4096) {
      return false;
    }
    for (double d : c.toDoubleArray()) {
      if (d != value || signedZero && Double.compare(d, value) != 0) {
        return false;
      }
    }
    return true;
  }

  /** True if {@code replacement} may stand for {@code original} (see {@link GraphVerifier}). */
  public static boolean fits(Variable replacement, Variable original) {
    return GraphVerifier.fits(original.type(), replacement.type());
  }

  /** {@code op(inputs)} attributed to {@code site}; its single output. */
  public static Variable node(SourceSite site, Op op, Variable... inputs) {
    return Apply.make(op, List.of(inputs), site).output(0);
  }

  /** {@code Elemwise(s)(inputs)} attributed to {@code site}. */
  public static Variable elemwise(SourceSite site, ScalarOp s, Variable... inputs) {
    return node(site, new Elemwise(s), inputs);
  }

  /** A scalar constant of {@code dtype}. */
  public static Constant scalar(DType dtype, double value) {
    return new Constant(NDArray.scalar(dtype, value), null);
  }
}
