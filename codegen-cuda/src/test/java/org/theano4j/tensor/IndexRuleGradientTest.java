package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.autodiff.Grad;
import org.theano4j.compile.Mode;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * The gradient of the tutorial's cost with labels by the index rule (-1 the last class)
 * equals the gradient with the same labels written in [0, K), and both equal the closed
 * form {@code xᵀ(softmax(xW + b) - onehot(y)) / N} computed directly; a training step with
 * an out-of-range label fails and leaves W and b as they were. Every mode, on the JVM
 * backend and the CUDA lowering ({@link CudaOpTableTest#BACKEND}).
 */
class IndexRuleGradientTest {
  static final int N = IndexRuleTest.N;
  static final int K = IndexRuleTest.K;
  static final int D = 3;

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String backend : List.of("jvm", CudaOpTableTest.BACKEND)) {
      for (Mode m : Mode.values()) {
        out.add(Arguments.of(backend, m));
      }
    }
    return out.stream();
  }

  static double[][] x() {
    double[][] x = new double[N][D];
    for (int i = 0; i < N; i++) {
      for (int d = 0; d < D; d++) {
        x[i][d] = Math.cos(2 * i + d) + 0.3 * d;
      }
    }
    return x;
  }

  static double[][] w0() {
    double[][] w = new double[D][K];
    for (int d = 0; d < D; d++) {
      for (int j = 0; j < K; j++) {
        w[d][j] = 0.1 * Math.sin(d * K + j);
      }
    }
    return w;
  }

  /** The tutorial's model: softmax regression, W from {@link #w0()}, b zero, its cost. */
  static final class Model {
    final SharedVariable w = Theano.shared(IndexRuleTest.matrix(w0()), "W");
    final SharedVariable b = Theano.shared(NDArray.zeros(DType.FLOAT64, K), "b");
    final Variable x = T.dmatrix("x");
    final Variable y = T.lvector("y");
    final Variable cost = T.log(T.softmax(T.dot(x, w).add(b))).get(T.arange(y.shape(0)), y)
        .mean().neg();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void gradientWithMinusOneLabelsIsTheGradientWithTheLastClass(String backend, Mode mode) {
    Model m = new Model();
    Function f = Theano.function(List.of(m.x, m.y), List.of(Grad.grad(m.cost, m.w),
        Grad.grad(m.cost, m.b))).mode(mode).backend(backend).build();
    NDArray xs = IndexRuleTest.matrix(x());
    List<NDArray> signed = f.call(xs, NDArray.of(IndexRuleTest.SIGNED, N));
    List<NDArray> plain = f.call(xs, NDArray.of(IndexRuleTest.PLAIN, N));
    // Closed form: d = softmax(x·W) - onehot(PLAIN) (b = 0), gW = xᵀd / N, gb = colsum(d) / N.
    double[][] z = new double[N][K];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < K; j++) {
        for (int d = 0; d < D; d++) {
          z[i][j] += x()[i][d] * w0()[d][j];
        }
      }
    }
    double[][] dz = IndexRuleTest.softmax(z);
    for (int i = 0; i < N; i++) {
      dz[i][(int) IndexRuleTest.PLAIN[i]] -= 1;
    }
    for (int j = 0; j < K; j++) {
      double gb = 0;
      for (int i = 0; i < N; i++) {
        gb += dz[i][j] / N;
      }
      assertThat(signed.get(1).getDouble(j)).as("gb[%d]", j).isCloseTo(gb, within(1e-12));
      assertThat(plain.get(1).getDouble(j)).as("gb[%d]", j).isCloseTo(gb, within(1e-12));
      for (int d = 0; d < D; d++) {
        double gw = 0;
        for (int i = 0; i < N; i++) {
          gw += x()[i][d] * dz[i][j] / N;
        }
        assertThat(signed.get(0).getDouble(d, j)).as("gW[%d, %d]", d, j)
            .isCloseTo(gw, within(1e-12));
        assertThat(plain.get(0).getDouble(d, j)).as("gW[%d, %d]", d, j)
            .isCloseTo(gw, within(1e-12));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void aFailedSgdStepLeavesWAndBUnchanged(String backend, Mode mode) {
    Model m = new Model();
    Function step = Theano.function(List.of(m.x, m.y), List.of(m.cost)).mode(mode)
        .backend(backend).updates(Map.of(m.w, m.w.sub(Grad.grad(m.cost, m.w).mul(0.13)), m.b,
            m.b.sub(Grad.grad(m.cost, m.b).mul(0.13)))).build();
    NDArray xs = IndexRuleTest.matrix(x());
    step.call(xs, NDArray.of(IndexRuleTest.SIGNED, N));
    double[] wAfter = m.w.getValue().toDoubleArray();
    double[] bAfter = m.b.getValue().toDoubleArray();
    assertThat(wAfter).isNotEqualTo(IndexRuleTest.matrix(w0()).toDoubleArray());
    IndexRuleTest.assertOutOfBounds(step, new Object[] {xs,
        NDArray.of(new long[] {0, K, 1, 2}, N)}, K, 1, K, "y");
    IndexRuleTest.assertOutOfBounds(step, new Object[] {xs,
        NDArray.of(new long[] {0, 1, 2, -K - 1}, N)}, -K - 1, 1, K, "y");
    assertThat(m.w.getValue().toDoubleArray()).containsExactly(wAfter);
    assertThat(m.b.getValue().toDoubleArray()).containsExactly(bAfter);
  }
}
