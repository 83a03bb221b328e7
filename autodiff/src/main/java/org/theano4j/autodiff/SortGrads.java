package org.theano4j.autodiff;

import com.google.auto.service.AutoService;
import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.ArgSort;
import org.theano4j.tensor.Diag;
import org.theano4j.tensor.Eye;
import org.theano4j.tensor.Sort;
import org.theano4j.tensor.T;

/**
 * Gradients of sort (the output gradient scattered back through the sorting permutation) and
 * diag (the diagonal of the gradient); argsort and eye are marked not differentiable.
 */
@AutoService(GradFamily.class)
public final class SortGrads implements GradFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public SortGrads() {}

  @Override
  public void register(Registry r) {
    r.rule(Sort.class, SortGrads::sort);
    r.rule(Diag.class, SortGrads::diag);
    r.notDifferentiable(ArgSort.class, false);
    r.notDifferentiable(Eye.class, false);
  }

  /**
   * {@code sort(x)[..., i, ...] = x[..., perm[i], ...]} with {@code perm = argsort(x)}, so
   * {@code gx[..., perm[i], ...] = gz[..., i, ...]}: an advanced increment of zeros, indexed by
   * {@code perm} along the axis and by a broadcast {@code arange} along every other axis.
   */
  private static List<Variable> sort(Apply node, List<Variable> outputGrads) {
    Variable x = node.input(0);
    int axis = ((Sort) node.op()).axis();
    Variable perm = T.argsort(x, axis);
    Object[] index = new Object[x.ndim()];
    for (int d = 0; d < index.length; d++) {
      index[d] = d == axis ? perm : alongAxis(T.arange(GradSupport.dim(x, d)), d, x.ndim());
    }
    Variable zeros = GradSupport.zerosLike(x, outputGrads.get(0).dtype());
    return GradRule.of(T.incSubtensor(zeros.get(index), outputGrads.get(0)));
  }

  /** The vector {@code v} as axis {@code d} of a rank-{@code ndim} tensor, others length 1. */
  private static Variable alongAxis(Variable v, int d, int ndim) {
    Object[] pattern = new Object[ndim];
    for (int i = 0; i < ndim; i++) {
      pattern[i] = i == d ? (Object) 0 : "x";
    }
    return T.dimshuffle(v, pattern);
  }

  /**
   * Vector to matrix: the diagonal of the gradient. Matrix to vector: the gradient placed on
   * the diagonal of a zero matrix shaped like the input (which need not be square).
   */
  private static List<Variable> diag(Apply node, List<Variable> outputGrads) {
    Variable x = node.input(0);
    Variable gz = outputGrads.get(0);
    if (x.ndim() == 1) {
      return GradRule.of(T.diag(gz));
    }
    Variable i = T.arange(GradSupport.dim(node.output(0), 0));
    Variable zeros = GradSupport.zerosLike(x, gz.dtype());
    return GradRule.of(T.incSubtensor(zeros.get(i, i), gz));
  }
}
