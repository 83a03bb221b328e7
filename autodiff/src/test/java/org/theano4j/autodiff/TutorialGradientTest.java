package org.theano4j.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * The tutorial's logistic-regression cost {@code -mean(log(softmax(x·W + b))[arange(n), y])}:
 * the derived gradient against the hand-derived formula, and SGD with each.
 */
class TutorialGradientTest {
  private static final int N = 20;
  private static final int D = 7;
  private static final int K = 5;
  private final Random rnd = new Random(2024);

  private static Variable cost(Variable x, Variable y, Variable w, Variable b) {
    Variable p = T.softmax(T.dot(x, w).add(b));
    return T.log(p).get(T.arange(y.shape(0)), y).mean().neg();
  }

  private NDArray data() {
    return Points.uniform(rnd, DType.FLOAT32, new int[] {N, D}, 0, 1, false);
  }

  private int[] labels() {
    int[] y = new int[N];
    for (int i = 0; i < N; i++) {
      y[i] = rnd.nextInt(K);
    }
    return y;
  }

  @Test
  void derivedGradientEqualsTheHandDerivedFormula() {
    NDArray xv = data();
    int[] yv = labels();
    NDArray wv = Points.uniform(rnd, DType.FLOAT32, new int[] {D, K}, 0, 0.5, true);
    NDArray bv = Points.uniform(rnd, DType.FLOAT32, new int[] {K}, 0, 0.5, true);
    Variable x = T.matrix("x");
    Variable y = T.ivector("y");
    SharedVariable w = Theano.shared(wv, "W");
    SharedVariable b = Theano.shared(bv, "b");
    List<Variable> g = Grad.grad(cost(x, y, w, b), List.of(w, b));
    List<NDArray> got = Theano.compile(List.of(x, y), g).call(xv, NDArray.of(yv, N));

    // Hand-derived, in double: d = softmax(xW + b) - onehot(y); gW = xᵀd / n; gb = mean(d, 0).
    double[][] d = new double[N][K];
    for (int i = 0; i < N; i++) {
      double max = Double.NEGATIVE_INFINITY;
      double[] z = new double[K];
      for (int k = 0; k < K; k++) {
        z[k] = bv.getDouble(k);
        for (int j = 0; j < D; j++) {
          z[k] += xv.getDouble(i, j) * wv.getDouble(j, k);
        }
        max = Math.max(max, z[k]);
      }
      double s = 0;
      for (int k = 0; k < K; k++) {
        s += Math.exp(z[k] - max);
      }
      for (int k = 0; k < K; k++) {
        d[i][k] = Math.exp(z[k] - max) / s - (yv[i] == k ? 1 : 0);
      }
    }
    double[] gw = new double[D * K];
    double[] gb = new double[K];
    for (int i = 0; i < N; i++) {
      for (int k = 0; k < K; k++) {
        gb[k] += d[i][k] / N;
        for (int j = 0; j < D; j++) {
          gw[j * K + k] += xv.getDouble(i, j) * d[i][k] / N;
        }
      }
    }
    assertThat(got.get(0).dtype()).isEqualTo(DType.FLOAT32);
    assertThat(got.get(0).allClose(NDArray.of(gw, D, K), 1e-4, 1e-6)).as(got.get(0)
        + " vs " + NDArray.of(gw, D, K)).isTrue();
    assertThat(got.get(1).allClose(NDArray.of(gb, K), 1e-4, 1e-6)).isTrue();
  }

  @Test
  void hundredSgdStepsMatchTheHandWrittenGradient() {
    NDArray[] xs = {data(), data(), data(), data()};
    int[][] ys = {labels(), labels(), labels(), labels()};
    Variable x = T.matrix("x");
    Variable y = T.ivector("y");
    SharedVariable w1 = Theano.shared(NDArray.zeros(DType.FLOAT32, D, K), "W1");
    SharedVariable b1 = Theano.shared(NDArray.zeros(DType.FLOAT32, K), "b1");
    SharedVariable w2 = Theano.shared(NDArray.zeros(DType.FLOAT32, D, K), "W2");
    SharedVariable b2 = Theano.shared(NDArray.zeros(DType.FLOAT32, K), "b2");

    List<Variable> g = Grad.grad(cost(x, y, w1, b1), List.of(w1, b1));
    Function derived = Theano.compile(List.of(x, y), List.of(),
        Map.of(w1, w1.sub(g.get(0).mul(0.13)), b1, b1.sub(g.get(1).mul(0.13))));

    Variable p = T.softmax(T.dot(x, w2).add(b2));
    Variable onehot = T.eq(y.dimshuffle(0, "x"), T.arange(K).dimshuffle("x", 0))
        .astype(DType.FLOAT32);
    Variable delta = p.sub(onehot).div(y.shape(0).astype(DType.FLOAT32));
    Function hand = Theano.compile(List.of(x, y), List.of(),
        Map.of(w2, w2.sub(T.dot(x.T(), delta).mul(0.13)), b2, b2.sub(delta.sum(0).mul(0.13))));

    for (int step = 0; step < 100; step++) {
      NDArray yv = NDArray.of(ys[step % 4], N);
      derived.call(xs[step % 4], yv);
      hand.call(xs[step % 4], yv);
    }
    assertThat(w1.getValue().toDoubleArray()).doesNotContain(0.0);
    assertThat(w1.getValue().allClose(w2.getValue(), 1e-4, 1e-5)).as(w1.getValue() + " vs "
        + w2.getValue()).isTrue();
    assertThat(b1.getValue().allClose(b2.getValue(), 1e-4, 1e-5)).isTrue();
  }
}
