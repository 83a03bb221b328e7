package org.theano4j.autodiff;

import com.google.auto.service.AutoService;
import java.util.List;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.FillDiagonal;
import org.theano4j.tensor.T;

/**
 * The gradient of {@code fill_diagonal(a, val)}, as Theano's: with respect to {@code a} the
 * incoming gradient with its diagonal zeroed (those elements were overwritten), with respect
 * to {@code val} the sum of the incoming gradient's diagonal (val was written there).
 */
@AutoService(GradFamily.class)
public final class FillDiagonalGrads implements GradFamily {
  /** The family, as {@link java.util.ServiceLoader} instantiates it. */
  public FillDiagonalGrads() {}

  @Override
  public void register(Registry r) {
    r.rule(FillDiagonal.class, FillDiagonalGrads::fillDiagonal);
  }

  private static List<Variable> fillDiagonal(Apply node, List<Variable> outputGrads) {
    Variable gz = outputGrads.get(0);
    return GradRule.of(T.fillDiagonal(gz, 0), T.diag(gz).sum());
  }
}
