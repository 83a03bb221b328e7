package org.theano4j.cuda.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.SizeTPointer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.examples.TutorialGraphs;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.CudaOpTableTest;
import org.theano4j.tensor.T;

/**
 * What only a GPU can show: CUDA-graph replay computes what launch-by-launch sending does, a
 * kernel's failure inside a replayed graph is still reported, and running out of device
 * memory is a clear error that leaves shared variables as they were. Skipped (with the
 * reason) where CUDA is unusable; run by {@code gpu-check.sh} through {@code GpuTests}.
 */
@Tag("gpu")
class CudaGpuTest {
  @BeforeAll
  static void needsADevice() {
    try {
      CudaRuntime.open();
    } catch (TheanoException e) {
      Assumptions.abort(e.getMessage());
    }
  }

  @Test
  void graphReplayEqualsLaunchByLaunch() {
    TutorialGraphs jvm = new TutorialGraphs("jvm");
    TutorialGraphs replayed = new TutorialGraphs("cuda");
    TutorialGraphs sent;
    System.setProperty("theano4j.cuda.graphs", "false");
    try {
      sent = new TutorialGraphs("cuda");
    } finally {
      System.clearProperty("theano4j.cuda.graphs");
    }
    CudaStats before = CudaStats.now();
    int batches = TutorialGraphs.N / TutorialGraphs.BATCH;
    for (int epoch = 0; epoch < 4; epoch++) {
      for (int i = 0; i < batches; i++) {
        double a = replayed.train.call(i).get(0).getDouble();
        double b = sent.train.call(i).get(0).getDouble();
        double c = jvm.train.call(i).get(0).getDouble();
        assertThat(a).as("epoch %d batch %d: replayed vs sent", epoch, i).isEqualTo(b);
        assertThat(a).isCloseTo(c, org.assertj.core.data.Offset.offset(1e-5));
      }
    }
    CudaStats after = CudaStats.now();
    assertThat(after.replays() - before.replays()).as("calls replayed from graphs")
        .isGreaterThan(0);
    assertThat(replayed.w.getValue().toDoubleArray())
        .containsExactly(sent.w.getValue().toDoubleArray());
    CudaOpTableTest.compare("W", replayed.w.getValue().toDoubleArray(),
        jvm.w.getValue().toDoubleArray(), DType.FLOAT32, 5);
  }

  @Test
  void aFailureInsideAReplayedGraphIsReported() {
    TutorialGraphs dev = new TutorialGraphs("cuda");
    for (int epoch = 0; epoch < 3; epoch++) {
      for (int i = 0; i < TutorialGraphs.N / TutorialGraphs.BATCH; i++) {
        dev.train.call(i);
      }
    }
    NDArray w = dev.w.getValue();
    // Same shapes and addresses as before: the call replays its graph, with a bad label in it.
    int[] labels = dev.trainY.getValue().toIntArray();
    labels[TutorialGraphs.BATCH + 3] = 77;
    dev.trainY.setValue(NDArray.of(labels, labels.length));
    assertThatThrownBy(() -> dev.train.call(1)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("77").hasMessageContaining("TutorialGraphs.java:");
    assertThat(dev.w.getValue().toDoubleArray()).containsExactly(w.toDoubleArray());
  }

  @Test
  void anOutputNoHostArrayCanHoldIsRefusedBeforeTheCallRunsAndCommitsNothing() {
    SharedVariable s = Theano.shared(NDArray.of(new float[] {1, 2, 3}, 3), "s");
    Variable n = T.lscalar("n");
    Variable big = T.ones(DType.FLOAT32, n, 50_000).add(1f);
    Function f = Theano.function(List.of(n), List.of(big)).updates(Map.of(s, s.mul(2)))
        .backend("cuda").build();
    assertThat(f.call(2L).get(0).shape()).containsExactly(2, 50_000);
    assertThat(s.getValue().toDoubleArray()).containsExactly(2, 4, 6);
    // 20,000 x 50,000 float32 = 4 GB: fits any device, not a host array (2^31-1 bytes).
    assertThatThrownBy(() -> f.call(20_000L)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("output 0")
        .hasMessageContaining("[20000, 50000]")
        .hasMessageContaining("cannot be returned to the host")
        .hasMessageContaining("commits nothing");
    assertThat(s.getValue().toDoubleArray()).containsExactly(2, 4, 6);
    f.call(2L);
    assertThat(s.getValue().toDoubleArray()).containsExactly(4, 8, 12);
  }

  @Test
  void runningOutOfDeviceMemoryIsAClearErrorAndCommitsNothing() {
    // Intermediates of 2 GB each (kept until the call's end), one more than the device holds,
    // whatever its size; only one element of each comes back.
    SizeTPointer free = new SizeTPointer(1);
    SizeTPointer total = new SizeTPointer(1);
    assertThat(cudart.cuCtxSetCurrent(CudaRuntime.open().context)).isZero();
    assertThat(cudart.cuMemGetInfo(free, total)).isZero();
    long perArray = 500_000_000L * 4;
    int count = (int) (total.get() / perArray) + 2;
    SharedVariable s = Theano.shared(NDArray.of(new float[] {1, 2, 3}, 3), "s");
    Variable n = T.lscalar("n");
    Variable big = T.ones(DType.FLOAT32, n, 50_000);
    List<Variable> outs = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      outs.add(big.add((float) i).get(0, 0));
    }
    Function f = Theano.function(List.of(n), outs).updates(Map.of(s, s.mul(2)))
        .backend("cuda").build();
    f.call(2L); // small: works and commits
    assertThat(s.getValue().toDoubleArray()).containsExactly(2, 4, 6);
    assertThatThrownBy(() -> f.call(10_000L)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("out of memory");
    assertThat(s.getValue().toDoubleArray()).containsExactly(2, 4, 6);
    f.call(2L); // the pool gave its memory back: small calls work again
    assertThat(s.getValue().toDoubleArray()).containsExactly(4, 8, 12);
  }
}
