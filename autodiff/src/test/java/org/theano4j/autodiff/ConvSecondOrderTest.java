package org.theano4j.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Conv2dGradInputs;
import org.theano4j.tensor.Conv2dGradWeights;
import org.theano4j.tensor.Conv2dOptions;
import org.theano4j.tensor.T;

/**
 * Gradients of gradients of {@code conv2d}: the first gradients (built by {@link ConvGrads} as
 * {@code conv2d_grad_wrt_inputs} / {@code _wrt_weights} nodes) are themselves checked by
 * {@link GradCheck} against finite differences, in float64, so their own rules (the second
 * order) are exercised, as Theano's double backprop through {@code AbstractConv2d}.
 */
class ConvSecondOrderTest {
  private static final List<Conv2dOptions> OPTIONS = List.of(Conv2dOptions.defaults(),
      Conv2dOptions.defaults().borderMode("half").subsample(2, 1).filterDilation(1, 2)
          .numGroups(2),
      Conv2dOptions.defaults().borderMode(1, 2).filterFlip(false));

  @ParameterizedTest(name = "options {0}")
  @ValueSource(ints = {0, 1, 2})
  void gradientsOfTheGradientsMatchFiniteDifferences(int which) {
    Conv2dOptions o = OPTIONS.get(which);
    Random rnd = new Random(7 + which);
    List<NDArray> points = List.of(
        Points.uniform(rnd, DType.FLOAT64, new int[] {2, 4, 6, 7}, 0.2, 1.0, true),
        Points.uniform(rnd, DType.FLOAT64, new int[] {4, 4 / o.numGroups(), 3, 3}, 0.2, 1.0,
            true));
    // the cost is not linear in the output, so the second derivatives are not constant
    Function<List<Variable>, Variable> cost =
        v -> T.sqr(T.conv2d(v.get(0), v.get(1), o)).sum();
    Function<List<Variable>, Variable> gw = v -> Grad.grad(cost.apply(v), v.get(1));
    Function<List<Variable>, Variable> gx = v -> Grad.grad(cost.apply(v), v.get(0));
    List<Variable> sym = List.of(T.dtensor4("x"), T.dtensor4("w"));
    assertThat(ops(gw.apply(sym))).as("the first gradient's graph")
        .contains(Conv2dGradWeights.class);
    assertThat(ops(gx.apply(sym))).contains(Conv2dGradInputs.class);
    GradCheck.verify(gw, points);
    GradCheck.verify(gx, points);
  }

  private static List<Class<?>> ops(Variable v) {
    return org.theano4j.graph.Graphs.toposort(List.of(v)).stream()
        .map(Apply::op).map(Object::getClass).<Class<?>>map(c -> c).toList();
  }
}
