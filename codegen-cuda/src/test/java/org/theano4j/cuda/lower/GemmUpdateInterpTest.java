package org.theano4j.cuda.lower;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Apply;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Gemm;
import org.theano4j.tensor.T;

/**
 * The SGD update with an L2 term that the optimiser folds into one {@code Gemm} on the weight
 * (gemm-update, docs/optimizer.md) computes on the CUDA lowering (backend {@code cuda-interp},
 * the kernel-IR interpreter; no GPU) what the JVM backend computes, over three calls.
 */
class GemmUpdateInterpTest {
  @Test
  void theFoldedL2UpdateAgreesWithTheJvmBackend() {
    Random rnd = new Random(3);
    double[] w0 = new double[7 * 5];
    double[] xv = new double[4 * 7];
    double[] dv = new double[4 * 5];
    for (double[] a : List.of(w0, xv, dv)) {
      for (int i = 0; i < a.length; i++) {
        a[i] = rnd.nextGaussian();
      }
    }
    NDArray[] results = new NDArray[2];
    String[] backends = {"jvm", "cuda-interp"};
    for (int b = 0; b < 2; b++) {
      SharedVariable w = Theano.shared(NDArray.of(w0, 7, 5), "W");
      Variable x = T.dmatrix("x");
      Variable d = T.dmatrix("d");
      Variable lr = T.dscalar("lr");
      Variable update = w.sub(T.dot(x.T(), d).add(w.mul(0.01)).mul(lr));
      Function f = Theano.function(List.of(x, d, lr), List.of()).updates(Map.of(w, update))
          .backend(backends[b]).build();
      Apply folded = f.graph().outputs().get(0).owner();
      assertThat(folded.op()).as(backends[b]).isInstanceOf(Gemm.class);
      assertThat(folded.input(2)).isSameAs(w);
      for (int s = 0; s < 3; s++) {
        f.call(NDArray.of(xv, 4, 7), NDArray.of(dv, 4, 5), 0.1 + 0.05 * s);
      }
      results[b] = w.getValue();
    }
    assertThat(results[1].allClose(results[0], 1e-12, 1e-12))
        .as("cuda-interp " + results[1] + " vs jvm " + results[0]).isTrue();
    // and against the update written out by hand in float64
    double[] want = w0.clone();
    for (int s = 0; s < 3; s++) {
      double rate = 0.1 + 0.05 * s;
      double[] next = new double[want.length];
      for (int i = 0; i < 7; i++) {
        for (int j = 0; j < 5; j++) {
          double g = 0;
          for (int r = 0; r < 4; r++) {
            g += xv[r * 7 + i] * dv[r * 5 + j];
          }
          next[i * 5 + j] = want[i * 5 + j] - rate * (g + 0.01 * want[i * 5 + j]);
        }
      }
      want = next;
    }
    assertThat(results[0].allClose(NDArray.of(want, 7, 5), 1e-12, 1e-12)).isTrue();
  }
}
