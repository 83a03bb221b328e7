package org.theano4j.cuda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.autodiff.Grad;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.scan.Scan;
import org.theano4j.cuda.lower.DeviceScalarsTest;
import org.theano4j.tensor.CudaOpTableTest;
import org.theano4j.tensor.T;

/**
 * Scan on a GPU: a tanh RNN's training step (forward scan, backward scan, updates) on the
 * {@code cuda} backend follows the JVM backend call after call, and once the call repeats with
 * the same shapes its per-step launches are replayed as one captured CUDA graph; a minibatch
 * epoch as a scan over indices is one graph for any order of the minibatches, and {@code
 * train_model(index)} one graph (per alternating weight buffer) for every minibatch, with no
 * host readback during the calls. Skipped (with the reason) where CUDA is unusable; run by
 * {@code gpu-check.sh} through {@code GpuTests}. Written without a GPU to run it on: not yet
 * run.
 */
@Tag("gpu")
class CudaScanGpuTest {
  @BeforeAll
  static void needsADevice() {
    try {
      CudaRuntime.open();
    } catch (TheanoException e) {
      Assumptions.abort(e.getMessage());
    }
  }

  private static NDArray values(Random r, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextDouble() * 0.2 - 0.1);
    }
    return NDArray.of(v, shape);
  }

  /** The RNN's training step on {@code backend}, with its own weights. */
  private static final class Rnn {
    final SharedVariable w;
    final Function train;

    Rnn(String backend) {
      Random r = new Random(3);
      w = Theano.shared(values(r, 32, 32), "W");
      Variable x = T.ftensor3("x");
      Variable h0 = T.fmatrix("h0");
      Variable h = Scan.scan(a -> List.of(T.tanh(a.get(0).add(T.dot(a.get(1), w)))),
          List.of(x), List.of(h0), List.of()).output(0);
      Variable cost = T.sqr(h).sum();
      train = Theano.function(List.of(x, h0), List.of(cost))
          .updates(Map.of(w, w.sub(Grad.grad(cost, w).mul(0.01)))).backend(backend).build();
    }
  }

  @Test
  void trainingStepFollowsTheJvmAndIsReplayed() {
    Rnn gpu = new Rnn("cuda");
    Rnn jvm = new Rnn("jvm");
    Random r = new Random(4);
    NDArray x = values(r, 20, 8, 32);
    NDArray h0 = values(r, 8, 32);
    CudaStats before = CudaStats.now();
    for (int i = 0; i < 6; i++) {
      double a = gpu.train.call(x, h0).get(0).getDouble();
      double b = jvm.train.call(x, h0).get(0).getDouble();
      assertThat(a).as("call %d", i).isCloseTo(b, org.assertj.core.data.Offset.offset(1e-4));
    }
    CudaStats after = CudaStats.now();
    assertThat(after.replays() - before.replays()).as("calls replayed from a CUDA graph")
        .isGreaterThan(0);
    CudaOpTableTest.compare("W", gpu.w.getValue().toDoubleArray(),
        jvm.w.getValue().toDoubleArray(), DType.FLOAT32, 5);
  }

  /**
   * The epoch over minibatch indices (DeviceScalarsTest.Epoch): the indices stay on the
   * device, nothing is read back during a call, and every order of the minibatches replays
   * the same graph (the weights alternate between two buffers, so at most two keys).
   */
  @Test
  void anEpochOverIndicesIsOneCapturedGraph() {
    DeviceScalarsTest.Epoch gpu = new DeviceScalarsTest.Epoch("cuda", 5);
    DeviceScalarsTest.Epoch jvm = new DeviceScalarsTest.Epoch("jvm", 5);
    Random r = new Random(6);
    CudaStats before = CudaStats.now();
    for (int c = 0; c < 10; c++) {
      long[] order = {0, 1, 2, 3, 4, 5, 6, 7};
      for (int i = order.length - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        long t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      NDArray o = NDArray.of(order, 8);
      DeviceScalarsTest.assertClose("call " + c, gpu.f.call(o).get(0), jvm.f.call(o).get(0));
    }
    CudaStats after = CudaStats.now();
    assertThat(after.readbacks() - before.readbacks()).as("readbacks during the calls")
        .isZero();
    assertThat(after.captures() - before.captures()).as("graphs captured").isBetween(1L, 3L);
    assertThat(after.replays() - before.replays()).as("calls replayed").isGreaterThanOrEqualTo(4);
    DeviceScalarsTest.assertClose("w", gpu.w.getValue(), jvm.w.getValue());
  }

  /**
   * {@code train_model(index)} (DeviceScalarsTest.TrainModel): the index moves only an offset
   * read on the device, so three passes over the 5 minibatches capture at most three graphs and
   * replay the rest, with no readback during the calls.
   */
  @Test
  void trainModelsGraphServesEveryMinibatch() {
    DeviceScalarsTest.TrainModel gpu = new DeviceScalarsTest.TrainModel("cuda");
    DeviceScalarsTest.TrainModel jvm = new DeviceScalarsTest.TrainModel("jvm");
    CudaStats before = CudaStats.now();
    for (int pass = 0; pass < 3; pass++) {
      for (long i = 0; i < 5; i++) {
        DeviceScalarsTest.assertClose("minibatch " + i, gpu.train.call(i).get(0),
            jvm.train.call(i).get(0));
      }
    }
    CudaStats after = CudaStats.now();
    assertThat(after.readbacks() - before.readbacks()).isZero();
    assertThat(after.captures() - before.captures()).isBetween(1L, 3L);
    assertThat(after.replays() - before.replays()).isGreaterThanOrEqualTo(6);
    DeviceScalarsTest.assertClose("w", gpu.w.getValue(), jvm.w.getValue());
  }
}
