package org.theano4j.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * Gradients through {@code T.ifelse}: checked against finite differences in float64 for both
 * outcomes, zero for the branch not taken, and the backward pass of that branch not run (a
 * branch whose gradient would fail, or give NaN, is harmless when not taken), in every mode.
 */
class IfElseGradTest {
  private static final NDArray X = NDArray.of(new double[] {0.5, -1.5, 2.0}, 3);
  private static final NDArray Y = NDArray.of(new double[] {1.0, 0.25, -0.75}, 3);

  @ParameterizedTest
  @ValueSource(longs = {0, 1})
  void gradCheckBothOutcomes(long cond) {
    // then uses x and y, else only y: d/dx is zero when else is taken
    GradCheck.verify(v -> T.ifelse(cond, T.tanh(v.get(0)).mul(v.get(1)),
        T.exp(v.get(1)).mul(2)), List.of(X, Y));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1})
  void gradCheckNestedAndSeveralOutputs(long cond) {
    GradCheck.verify(v -> {
      List<Variable> o = T.ifelse(cond, List.of(v.get(0).mul(v.get(1)), T.sin(v.get(0))),
          List.of(T.ifelse(v.get(1).sum().gt(0), v.get(1).mul(3), v.get(0)), v.get(1)));
      return o.get(0).add(o.get(1).mul(o.get(1)));
    }, List.of(X, Y));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theGradientOfABranchNotTakenIsNotRun(Mode mode) {
    Variable c = T.lscalar("c");
    Variable x = T.dvector("x");
    Variable i = T.lscalar("i");
    // then: x[i] (its gradient scatters into index i, which fails for i = 7) plus log(x),
    // whose gradient 1/x gives inf at x = 0; else: sum(x²)
    Variable cost = T.ifelse(c, x.get(i).add(T.log(x).sum()), x.mul(x).sum());
    Variable gx = Grad.grad(cost, List.of(x)).get(0);
    Function f = Theano.function(List.of(c, x, i), List.of(cost, gx)).mode(mode).build();
    NDArray at = NDArray.of(new double[] {0, 1, 2}, 3);
    List<NDArray> out = f.call(0L, at, 7L);
    assertThat(out.get(0).getDouble()).isEqualTo(5.0);
    assertThat(out.get(1).toDoubleArray()).containsExactly(0, 2, 4);
    NDArray positive = NDArray.of(new double[] {1, 2, 4}, 3);
    out = f.call(1L, positive, 2L);
    assertThat(out.get(0).getDouble()).isEqualTo(4 + Math.log(8), org.assertj.core.data.Offset
        .offset(1e-12));
    assertThat(out.get(1).toDoubleArray()).containsExactly(1, 0.5, 1.25);
  }
}
