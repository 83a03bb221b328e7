package org.theano4j.autodiff;

import com.google.auto.service.AutoService;
import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.BatchedDot;
import org.theano4j.tensor.Dot;
import org.theano4j.tensor.Gemm;
import org.theano4j.tensor.T;

/** Gradients of the matrix and vector products. */
@AutoService(GradFamily.class)
public final class LinalgGrads implements GradFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public LinalgGrads() {}

  @Override
  public void register(Registry r) {
    r.rule(Dot.class, LinalgGrads::dot);
    r.rule(BatchedDot.class, LinalgGrads::batchedDot);
    r.rule(Gemm.class, LinalgGrads::gemm);
  }

  /**
   * {@code out = alpha·x·y + beta·z}: {@code gx = alpha·gz·yᵀ}, {@code gy = alpha·xᵀ·gz},
   * {@code gz_bias = beta·gz} summed over z's broadcast axes, {@code galpha = sum(gz ∘ x·y)},
   * {@code gbeta = sum(gz ∘ z)}.
   */
  private static List<Variable> gemm(Apply node, List<Variable> outputGrads) {
    Variable x = node.input(0);
    Variable y = node.input(1);
    Variable z = node.input(2);
    Variable alpha = node.input(3);
    Variable beta = node.input(4);
    Variable g = outputGrads.get(0);
    return GradRule.of(T.mul(alpha, T.dot(g, y.T())), T.mul(alpha, T.dot(x.T(), g)),
        GradSupport.undoBroadcast(T.mul(beta, g), z.type()),
        T.sum(T.mul(g, T.dot(x, y))), T.sum(T.mul(g, z)));
  }

  /** Every vector/matrix case of {@code z = a · b}. */
  private static List<Variable> dot(Apply node, List<Variable> outputGrads) {
    Variable a = node.input(0);
    Variable b = node.input(1);
    Variable gz = outputGrads.get(0);
    if (a.ndim() == 1 && b.ndim() == 1) {          // scalar = v · v
      return GradRule.of(T.mul(gz, b), T.mul(gz, a));
    }
    if (a.ndim() == 2 && b.ndim() == 1) {          // (m) = (m,k) · (k)
      return GradRule.of(T.outer(gz, b), T.dot(gz, a));
    }
    if (a.ndim() == 1) {                           // (n) = (k) · (k,n)
      return GradRule.of(T.dot(b, gz), T.outer(a, gz));
    }
    return GradRule.of(T.dot(gz, b.T()), T.dot(a.T(), gz));  // (m,n) = (m,k) · (k,n)
  }

  /** {@code z[i] = a[i] · b[i]} for (B,m,k) and (B,k,n). */
  private static List<Variable> batchedDot(Apply node, List<Variable> outputGrads) {
    Variable a = node.input(0);
    Variable b = node.input(1);
    Variable gz = outputGrads.get(0);
    return GradRule.of(T.batchedDot(gz, T.transpose(b, 0, 2, 1)),
        T.batchedDot(T.transpose(a, 0, 2, 1), gz));
  }
}
