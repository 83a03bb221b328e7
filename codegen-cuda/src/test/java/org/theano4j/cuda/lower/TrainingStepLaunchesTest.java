package org.theano4j.cuda.lower;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.examples.TutorialGraphs;
import org.theano4j.graph.Constant;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;

/**
 * What one training step of the tutorial asks of a device: the minibatch is sliced by a kernel
 * that reads the index's bounds on the device (so every minibatch records the same work), its
 * two products go to the library (the minibatch copy and {@code x.T} as they lie in memory, no
 * operand copy), the row sums of the (batch, classes) gradient take the thread-per-output
 * reduction, and nothing is downloaded before the end of the call.
 */
class TrainingStepLaunchesTest {
  @Test
  void productsNeedNoCopyAndShortRowSumsUseAThreadPerRow() {
    TutorialGraphs t = new TutorialGraphs("jvm");
    List<Variable> roots = t.train.graph().roots();
    NDArray[] values = new NDArray[roots.size()];
    for (int i = 0; i < values.length; i++) {
      Variable r = roots.get(i);
      values[i] = i == 0 ? NDArray.scalar(1L) : r instanceof SharedVariable
          ? ((SharedVariable) r).getValue() : ((Constant) r).value();
    }
    RecordingDevice d = new RecordingDevice();
    new ProgramRunner(Lowering.lower(t.train.graph(), "train"), d).run(values);
    assertThat(d.gemms).hasSize(2);
    assertThat(d.launched.stream().filter(k -> k.endsWith("_subtensor_dynslice")))
        .as("the minibatch's x and y slices").hasSize(2);
    assertThat(d.launched).noneMatch(k -> k.contains("_operand"));
    assertThat(d.launched).anyMatch(k -> k.matches("train_k[0-9]+_reduce_thread"));
    assertThat(d.launched).anyMatch(k -> k.endsWith("_gemm_bias"));
    // Shapes are read from layouts: nothing is downloaded before the call's work is sent, so
    // a GPU can capture the step as a CUDA graph and replay it.
    assertThat(d.downloadsBeforeFinish).isZero();
  }
}
