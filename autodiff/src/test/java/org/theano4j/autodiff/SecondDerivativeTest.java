package org.theano4j.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/** Hessians against hand-derived formulas; gradients of gradient-norm penalties. */
class SecondDerivativeTest {
  private static final double[] X = {0.3, -1.2, 0.8};

  private static double[][] hessianAt(UnaryOperator<Variable> f, double[] at) {
    Variable x = T.tensor(DType.FLOAT64, new int[] {3}, "x");
    Variable h = Grad.hessian(f.apply(x), x);
    assertThat(h.type().shape()).containsExactly(3, 3);
    NDArray v = Theano.function(List.of(x), List.of(h))
        .onUnusedInput(org.theano4j.compile.UnusedInputPolicy.IGNORE).build()
        .call(NDArray.of(at, 3)).get(0);
    double[][] out = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        out[i][j] = v.getDouble(i, j);
      }
    }
    return out;
  }

  private static void assertMatrix(double[][] got, double[][] want) {
    for (int i = 0; i < want.length; i++) {
      for (int j = 0; j < want[i].length; j++) {
        assertThat(got[i][j]).as("H[%d][%d]", i, j).isCloseTo(want[i][j], within(1e-10));
      }
    }
  }

  @Test
  void hessianOfSumOfCubesIsDiagonal() {
    double[][] want = new double[3][3];
    for (int i = 0; i < 3; i++) {
      want[i][i] = 6 * X[i];
    }
    assertMatrix(hessianAt(x -> x.pow(3).sum(), X), want);
  }

  @Test
  void hessianOfQuadraticFormIsTheSymmetrisedMatrix() {
    double[] a = {1, 2, 0, -1, 3, 4, 0.5, 0, 2};
    Variable am = T.constant(NDArray.of(a, 3, 3));
    double[][] want = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        want[i][j] = a[3 * i + j] + a[3 * j + i];
      }
    }
    assertMatrix(hessianAt(x -> T.dot(x, T.dot(am, x)), X), want);
  }

  @Test
  void hessianOfLogSumExpIsDiagPMinusOuterP() {
    double s = 0;
    for (double v : X) {
      s += Math.exp(v);
    }
    double[] p = new double[3];
    for (int i = 0; i < 3; i++) {
      p[i] = Math.exp(X[i]) / s;
    }
    double[][] want = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        want[i][j] = (i == j ? p[i] : 0) - p[i] * p[j];
      }
    }
    assertMatrix(hessianAt(x -> T.log(T.exp(x).sum()), X), want);
  }

  @Test
  void hessianOfXSinXAndSquaredSum() {
    double[][] want = new double[3][3];
    double[][] want2 = new double[3][3];
    for (int i = 0; i < 3; i++) {
      want[i][i] = 2 * Math.cos(X[i]) - X[i] * Math.sin(X[i]);
      java.util.Arrays.fill(want2[i], 2.0);
    }
    assertMatrix(hessianAt(x -> x.mul(T.sin(x)).sum(), X), want);
    assertMatrix(hessianAt(x -> T.sqr(x.sum()), X), want2);
  }

  @Test
  void gradientNormPenaltyPassesVerify() {
    Random rnd = new Random(7);
    NDArray w = Points.uniform(rnd, DType.FLOAT64, new int[] {3, 4}, 0.1, 1, true);
    NDArray x = Points.uniform(rnd, DType.FLOAT64, new int[] {4}, 0.1, 1, true);
    GradCheck.verify(v -> {
      Variable cost = T.tanh(T.dot(v.get(0), v.get(1))).sum();
      List<Variable> g = Grad.grad(cost, v);
      return cost.add(T.sqr(g.get(0)).sum()).add(T.sqr(g.get(1)).sum());
    }, List.of(w, x));
  }

  @Test
  void softmaxRegressionGradientNormPassesVerify() {
    Random rnd = new Random(8);
    NDArray xs = Points.uniform(rnd, DType.FLOAT64, new int[] {4, 3}, 0.1, 1, true);
    NDArray w = Points.uniform(rnd, DType.FLOAT64, new int[] {3, 5}, 0.1, 1, true);
    Variable y = T.constant(NDArray.of(new int[] {1, 4, 0, 1}, 4));
    GradCheck.verify(v -> {
      Variable p = T.softmax(T.dot(v.get(0), v.get(1)));
      Variable cost = T.log(p).get(T.arange(y.shape(0)), y).mean().neg();
      Variable gw = Grad.grad(cost, v.get(1));
      return cost.add(T.sqrt(T.sqr(gw).sum()));
    }, List.of(xs, w));
  }
}
