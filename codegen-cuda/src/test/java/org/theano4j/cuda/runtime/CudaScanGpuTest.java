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
import org.theano4j.tensor.CudaOpTableTest;
import org.theano4j.tensor.T;

/**
 * Scan on a GPU: a tanh RNN's training step (forward scan, backward scan, updates) on the
 * {@code cuda} backend follows the JVM backend call after call, and once the call repeats with
 * the same shapes its per-step launches are replayed as one captured CUDA graph. Skipped (with
 * the reason) where CUDA is unusable; run by {@code gpu-check.sh} through {@code GpuTests}.
 * Written without a GPU to run it on: not yet run.
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
}
