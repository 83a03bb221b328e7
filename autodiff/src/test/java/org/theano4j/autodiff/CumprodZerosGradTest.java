package org.theano4j.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * The gradient of {@code cumprod} at inputs that are exactly zero (where a rule dividing by
 * {@code x} fails), against the definition written as a direct loop:
 * {@code d/dx_i sum_j w_j out_j = sum_{j >= i} w_j prod_{k <= j, k != i} x_k}.
 */
class CumprodZerosGradTest {
  private static final double[][] LINES = {
      {0.5, -1.5, 2.0, 0.8, 1.2},
      {0.0, -1.5, 2.0, 0.8, 1.2},
      {0.5, -1.5, 0.0, 0.8, 1.2},
      {0.5, -1.5, 2.0, 0.8, 0.0},
      {0.5, 0.0, 2.0, 0.0, 1.2},
      {0.0, 0.0, 0.0, 0.8, 1.2}};
  private static final double[] W = {0.3, -1.1, 0.7, 2.0, -0.4};

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void matchesTheDefinitionAtZeros(int axis) {
    int n = W.length;
    int m = LINES.length;
    Variable x = T.dmatrix("x");
    Variable w = T.constant(NDArray.of(W, axis == 1 ? new int[] {1, n} : new int[] {n, 1}));
    Variable g = Grad.grad(T.sum(T.mul(T.cumprod(x, axis), w)), x);
    Function f = Theano.function(List.of(x), List.of(g)).build();
    double[] data = new double[m * n];
    for (int l = 0; l < m; l++) {
      for (int i = 0; i < n; i++) {
        data[axis == 1 ? l * n + i : i * m + l] = LINES[l][i];
      }
    }
    double[] got = f.call(NDArray.of(data, axis == 1 ? new int[] {m, n} : new int[] {n, m}))
        .get(0).toDoubleArray();
    for (int l = 0; l < m; l++) {
      for (int i = 0; i < n; i++) {
        double want = 0;
        for (int j = i; j < n; j++) {
          double p = W[j];
          for (int k = 0; k <= j; k++) {
            p *= k == i ? 1 : LINES[l][k];
          }
          want += p;
        }
        assertThat(got[axis == 1 ? l * n + i : i * m + l])
            .as("line %d element %d (axis %d)", l, i, axis).isCloseTo(want, within(1e-12));
      }
    }
  }
}
