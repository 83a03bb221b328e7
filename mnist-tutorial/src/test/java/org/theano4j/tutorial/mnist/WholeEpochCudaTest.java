package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.cuda.interp.InterpDevice;
import org.theano4j.tutorial.mnist.data.MiniMnist;
import org.theano4j.tutorial.mnist.data.MnistData;

/**
 * The whole epoch on the CUDA lowering ({@code cuda-interp}): the scan's minibatch index stays
 * on the device, so its 83 steps download nothing before the call's end (on a GPU the whole
 * epoch is one recorded piece of work, captured as one CUDA graph), each step slicing x and y
 * with the kernel that reads the bounds on the device. (That its costs and weights equal the
 * per-minibatch calls bit for bit is {@code WholeEpochTest}.) And {@code train_model(index)}
 * records the same work for every minibatch (one CUDA graph for all of them on a GPU, where
 * the H100 run of docs/cuda.md had one per minibatch offset).
 */
class WholeEpochCudaTest {
  @Test
  void trainModelRecordsTheSameWorkForEveryMinibatch() {
    MnistData data = MiniMnist.load();
    TutorialFunctions fns = new TutorialFunctions(data, 60, 0.13, "cuda-interp");
    List<String> first = null;
    for (int i : new int[] {0, 41, 82, 7}) {
      long before = InterpDevice.readbacks();
      fns.train(i);
      assertThat(InterpDevice.readbacks() - before).as("downloads before the end").isZero();
      if (first == null) {
        first = InterpDevice.lastRecord();
        assertThat(first).anyMatch(l -> l.contains("_subtensor_dynslice "));
      } else {
        assertThat(InterpDevice.lastRecord()).as("minibatch %d's work", i).isEqualTo(first);
      }
    }
  }

  @Test
  void theEpochsLoopReadsNothingBack() {
    MnistData data = MiniMnist.load();
    TutorialFunctions fns = new TutorialFunctions(data, 60, 0.13, "cuda-interp");
    int nBatches = data.train().size() / 60;
    WholeEpoch epoch = new WholeEpoch(fns, nBatches, "cuda-interp");
    long before = InterpDevice.readbacks();
    double[] costs = epoch.run();
    assertThat(InterpDevice.readbacks() - before).as("downloads inside the epoch").isZero();
    assertThat(costs).hasSize(nBatches);
    List<String> record = InterpDevice.lastRecord();
    assertThat(record.stream().filter(l -> l.contains("_subtensor_dynslice ")))
        .as("x and y sliced on the device at every step").hasSize(2 * nBatches);
  }
}
