package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.theano4j.tutorial.mnist.data.MiniMnist;
import org.theano4j.tutorial.mnist.data.MnistData;

/**
 * The whole epoch as one scan call trains what {@code nBatches} calls of the tutorial's
 * {@code train_model} train: the same cost at every step and the same W and b after each
 * epoch, on the embedded mini set (83 minibatches of 60).
 */
class WholeEpochTest {
  private static final MnistData DATA = MiniMnist.load();
  private static final int BATCH = 60;
  private static final double LEARNING_RATE = 0.13;

  /**
   * Two epochs (so the second starts from trained weights), compared bit for bit: the step
   * inside the scan is compiled from the same graph by the same optimiser as
   * {@code train_model}, and reads the same minibatch rows and the same weights.
   */
  @ParameterizedTest
  @ValueSource(strings = {"jvm", "cuda-interp"})
  void oneScanCallEqualsOneTrainModelCallPerMinibatch(String backend) {
    TutorialFunctions calls = new TutorialFunctions(DATA, BATCH, LEARNING_RATE, backend);
    TutorialFunctions scanned = new TutorialFunctions(DATA, BATCH, LEARNING_RATE, backend);
    int nBatches = DATA.train().size() / BATCH;
    WholeEpoch epoch = new WholeEpoch(scanned, nBatches, backend);
    for (int e = 0; e < 2; e++) {
      double[] expected = new double[nBatches];
      for (int i = 0; i < nBatches; i++) {
        expected[i] = calls.train(i);
      }
      double[] costs = epoch.run();
      assertThat(costs).as("epoch %d's costs", e).containsExactly(expected);
      for (int p = 0; p < calls.params.size(); p++) {
        assertThat(scanned.params.get(p).getValue().toDoubleArray())
            .as("%s after epoch %d", calls.params.get(p).name(), e)
            .containsExactly(calls.params.get(p).getValue().toDoubleArray());
      }
    }
    assertThat(java.util.Arrays.stream(calls.params.get(0).getValue().toDoubleArray())
        .anyMatch(w -> w != 0)).as("W trained").isTrue();
  }

  @Test
  void benchOptionTimesTheEpochAsOneCall() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LogisticSgd app = new LogisticSgd(new PrintStream(out, true, StandardCharsets.UTF_8));
    int rc = LogisticSgd.commandLine(app).execute("--bench", "--whole-epoch",
        "--bench-epochs", "2", "--bench-warmup", "1", "--bench-warmup-seconds", "0");
    assertThat(rc).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("2 timed epochs of 83 minibatches each, interleaved")
        .containsPattern("bench train_model calls: [0-9.]+ ms/epoch median")
        .containsPattern("bench whole-epoch scan : [0-9.]+ ms/epoch median")
        .containsPattern("whole epoch as one call: -?[0-9.]+ us less per minibatch");
  }

  @Test
  void wholeEpochWithoutBenchIsRefused() {
    LogisticSgd app = new LogisticSgd(new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8));
    app.wholeEpoch = true;
    assertThatThrownBy(app::checkOptions).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--whole-epoch times the training epoch and needs --bench (it does not "
            + "train the tutorial)");
  }
}
