package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Conv2dOptions;
import org.theano4j.tensor.T;

/**
 * conv2d and its input gradient split the batch over the intra-op threads
 * ({@code theano4j.threads}) and give the one-thread results bit for bit: a batch the threads
 * do not divide, groups, stride, padding, float32 and float64; the filter gradient (one thread
 * by design) is compiled in the same function and must not change either.
 */
class ConvThreadsTest {
  @AfterEach
  void oneThreadAgain() {
    IntraOpThreads.set(1);
  }

  @Test
  void batchSplitOverThreadsGivesTheOneThreadResultBitForBit() {
    Conv2dOptions[] options = {
        Conv2dOptions.defaults(),
        Conv2dOptions.defaults().borderMode("half").subsample(2, 1).numGroups(2),
        Conv2dOptions.defaults().borderMode("full").filterDilation(2, 2)};
    for (DType dt : List.of(DType.FLOAT32, DType.FLOAT64)) {
      for (Conv2dOptions opt : options) {
        Random rnd = new Random(11);
        Variable x = T.tensor(dt, 4, "x");
        Variable w = T.tensor(dt, 4, "w");
        Variable y = T.conv2d(x, w, opt);
        Variable gy = T.tensor(dt, 4, "gy");
        int[] xs = {7, 4, 11, 9};
        int[] ws = {6, 4 / opt.numGroups(), 3, 3};
        Function fwd = Theano.function(List.of(x, w), List.of(y)).build();
        NDArray xv = IntraOpThreadsTest.random(dt, rnd, xs);
        NDArray wv = IntraOpThreadsTest.random(dt, rnd, ws);
        IntraOpThreads.set(1);
        NDArray y1 = fwd.call(xv, wv).get(0);
        Function grads = Theano.function(List.of(x, w, gy), List.of(
            T.conv2dGradInputs(gy, w, xs, opt), T.conv2dGradWeights(x, gy, ws, opt))).build();
        NDArray gyv = IntraOpThreadsTest.random(dt, rnd, y1.shape());
        List<NDArray> g1 = grads.call(xv, wv, gyv);
        for (int t : new int[] {2, 3, 8}) {
          IntraOpThreads.set(t);
          NDArray yt = fwd.call(xv, wv).get(0);
          List<NDArray> gt = grads.call(xv, wv, gyv);
          // Arrays.equals compares doubles bit for bit
          assertThat(java.util.Arrays.equals(yt.toDoubleArray(), y1.toDoubleArray()))
              .as("%s %s forward, %d threads", dt, opt, t).isTrue();
          for (int i = 0; i < 2; i++) {
            assertThat(java.util.Arrays.equals(gt.get(i).toDoubleArray(),
                g1.get(i).toDoubleArray())).as("%s %s gradient %d, %d threads", dt, opt, i, t)
                .isTrue();
          }
        }
      }
    }
  }
}
