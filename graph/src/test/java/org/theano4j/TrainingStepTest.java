package org.theano4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * The seed's logistic-regression SGD step with the gradient written out by hand, compiled with
 * givens (minibatch slices of shared data) and updates, checked against a float64
 * recomputation in plain Java.
 */
class TrainingStepTest {
  private static final int N = 300;
  private static final int D = 20;
  private static final int K = 3;
  private static final int BATCH = 60;
  private static final double LR = 0.13;

  private final Random rng = new Random(42);
  private final float[] xs = new float[N * D];
  private final int[] ys = new int[N];

  TrainingStepTest() {
    // Three separable-ish clusters so that SGD makes visible progress.
    for (int i = 0; i < N; i++) {
      ys[i] = rng.nextInt(K);
      for (int j = 0; j < D; j++) {
        xs[i * D + j] = (float) (rng.nextGaussian() * 0.5 + (j % K == ys[i] ? 1.0 : 0.0));
      }
    }
  }

  private record Model(SharedVariable w, SharedVariable b, Function train, Function cost) {}

  private Model build() {
    SharedVariable trainX = Theano.shared(NDArray.of(xs, N, D), "train_x");
    SharedVariable trainY = Theano.shared(NDArray.of(ys, N), "train_y");
    SharedVariable w = Theano.shared(NDArray.zeros(DType.FLOAT32, D, K), "W");
    SharedVariable b = Theano.shared(NDArray.zeros(DType.FLOAT32, K), "b");
    Variable index = T.lscalar("index");
    Variable x = T.matrix("x");
    Variable y = T.ivector("y");
    Variable p = T.softmax(T.dot(x, w).add(b));
    Variable n = y.shape(0);
    Variable cost = T.log(p).get(T.arange(n), y).mean().neg();
    Variable onehot = T.eq(y.dimshuffle(0, "x"), T.arange(K).dimshuffle("x", 0))
        .astype(DType.FLOAT32);
    Variable diff = p.sub(onehot);
    Variable gw = T.dot(x.transpose(), diff).div(n.astype(DType.FLOAT32));
    Variable gb = diff.mean(0);
    Function train = Theano.compile(List.of(index), List.of(cost),
        Map.of(w, w.sub(gw.mul(LR)), b, b.sub(gb.mul(LR))),
        Map.of(x, trainX.slice(index.mul(BATCH), index.add(1).mul(BATCH)),
            y, trainY.slice(index.mul(BATCH), index.add(1).mul(BATCH))));
    Function full = Theano.compile(List.of(), List.of(cost), Map.of(),
        Map.of(x, trainX, y, trainY));
    return new Model(w, b, train, full);
  }

  @Test
  void oneStepMatchesFloat64RecomputationFromTheOldValues() {
    Model m = build();
    // Start from non-zero parameters so that gb depends on W (old vs new would differ).
    float[] w0 = new float[D * K];
    float[] b0 = new float[K];
    for (int i = 0; i < w0.length; i++) {
      w0[i] = (float) (rng.nextGaussian() * 0.1);
    }
    for (int k = 0; k < K; k++) {
      b0[k] = (float) (rng.nextGaussian() * 0.1);
    }
    m.w.setValue(NDArray.of(w0, D, K));
    m.b.setValue(NDArray.of(b0, K));

    double cost = m.train.call(2).get(0).getDouble();

    int lo = 2 * BATCH;
    double[][] p = new double[BATCH][K];
    double expectedCost = 0;
    for (int i = 0; i < BATCH; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < K; k++) {
        double z = b0[k];
        for (int j = 0; j < D; j++) {
          z += (double) xs[(lo + i) * D + j] * w0[j * K + k];
        }
        p[i][k] = z;
        max = Math.max(max, z);
      }
      double s = 0;
      for (int k = 0; k < K; k++) {
        p[i][k] = Math.exp(p[i][k] - max);
        s += p[i][k];
      }
      for (int k = 0; k < K; k++) {
        p[i][k] /= s;
      }
      expectedCost -= Math.log(p[i][ys[lo + i]]) / BATCH;
    }
    assertThat(cost).isCloseTo(expectedCost, within(1e-5));
    float[] w1 = m.w.getValue().toFloatArray();
    float[] b1 = m.b.getValue().toFloatArray();
    for (int k = 0; k < K; k++) {
      double gb = 0;
      for (int i = 0; i < BATCH; i++) {
        gb += (p[i][k] - (ys[lo + i] == k ? 1 : 0)) / BATCH;
      }
      assertThat((double) b1[k]).isCloseTo(b0[k] - LR * gb, within(1e-6));
      for (int j = 0; j < D; j++) {
        double gw = 0;
        for (int i = 0; i < BATCH; i++) {
          gw += xs[(lo + i) * D + j] * (p[i][k] - (ys[lo + i] == k ? 1 : 0)) / BATCH;
        }
        assertThat((double) w1[j * K + k]).isCloseTo(w0[j * K + k] - LR * gw, within(1e-6));
      }
    }
  }

  @Test
  void hundredStepsLowerTheCost() {
    Model m = build();
    double before = m.cost.call().get(0).getDouble();
    assertThat(before).isCloseTo(Math.log(K), within(1e-6));
    double firstEpoch = 0;
    double lastEpoch = 0;
    int batches = N / BATCH;
    for (int step = 0; step < 100; step++) {
      double c = m.train.call(step % batches).get(0).getDouble();
      if (step < batches) {
        firstEpoch += c;
      } else if (step >= 100 - batches) {
        lastEpoch += c;
      }
    }
    double after = m.cost.call().get(0).getDouble();
    assertThat(lastEpoch).isLessThan(firstEpoch * 0.5);
    assertThat(after).isLessThan(before * 0.5);
  }

  @Test
  void updatesAreComputedFromOldValuesAndCommittedTogether() {
    SharedVariable a = Theano.shared(NDArray.scalar(1.0), "a");
    SharedVariable b = Theano.shared(NDArray.scalar(2.0), "b");
    Function swap = Theano.compile(List.of(), List.of(a.add(b)), Map.of(a, b, b, a));
    assertThat(swap.call().get(0).getDouble()).isEqualTo(3.0);
    assertThat(a.getValue().getDouble()).isEqualTo(2.0);
    assertThat(b.getValue().getDouble()).isEqualTo(1.0);
  }
}
