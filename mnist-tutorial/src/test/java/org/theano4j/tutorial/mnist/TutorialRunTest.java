package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.io.Models;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;
import org.theano4j.tutorial.mnist.data.MiniMnist;
import org.theano4j.tutorial.mnist.data.MnistData;

/**
 * The tutorial on the embedded mini set follows the reference implementations'
 * early-stopping path exactly.
 *
 * <p>The pinned numbers come from {@code ../shared/bench}: {@code python3 bench.py es --impl
 * numpy --cfg mini} and {@code --impl torch_eager} both report 18 epochs, best validation
 * error 9.1667 % and test error 8.1250 %. With 8 validation and 8 test minibatches of 60,
 * those are 44/480 and 39/480 misclassified digits.
 */
class TutorialRunTest {
  private static MnistData data;

  @BeforeAll
  static void load() {
    data = MiniMnist.load();
  }

  private static EarlyStopping.Config miniConfig(int epochs) {
    return new EarlyStopping.Config(5000 / 60, 500 / 60, 500 / 60, 500, epochs);
  }

  @Test
  void miniSetFollowsTheReferenceEarlyStoppingPath() {
    TutorialFunctions f = new TutorialFunctions(data, 60, 0.13, "jvm");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    EarlyStopping.Result r = EarlyStopping.run(miniConfig(1000), f, null,
        new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertThat(r.epochs()).isEqualTo(18);
    assertThat(r.stoppedByPatience()).isTrue();
    assertThat(r.bestIteration()).isEqualTo(746);
    assertThat(r.bestValidError()).isCloseTo(44.0 / 480, within(1e-12));
    assertThat(r.testError()).isCloseTo(39.0 / 480, within(1e-12));
    String log = buf.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("epoch 1, minibatch 83/83, validation error 12.708333 %\n");
    assertThat(log).contains("     epoch 9, minibatch 83/83, test error of best model "
        + "8.125000 %\n");
    assertThat(log).contains("Optimization complete with best validation score of 9.166667 %,"
        + " with test performance 8.125000 %\n");
    assertThat(log).containsPattern("The code run for 18 epochs, with [0-9.]+ epochs/sec");
  }

  @Test
  void oneEpochBringsTheValidationErrorBelowTwentyPercent() {
    TutorialFunctions f = new TutorialFunctions(data, 60, 0.13, "jvm");
    EarlyStopping.Result r = EarlyStopping.run(miniConfig(1), f, null, null);
    assertThat(r.epochs()).isEqualTo(1);
    assertThat(r.bestValidError()).isLessThan(0.20);
  }

  @Test
  void savedModelReloadsToIdenticalPredictions(@TempDir Path dir) {
    TutorialFunctions f = new TutorialFunctions(data, 60, 0.13, "jvm");
    EarlyStopping.run(miniConfig(2), f, null, null);
    Path file = dir.resolve("best_model.npz");
    Models.save(file, f.classifier.params);

    NDArray images = data.test().images();
    Function original = Theano.compile(List.of(f.classifier.input),
        List.of(f.classifier.yPred, f.classifier.pYGivenX));
    List<NDArray> before = original.call(images);

    Variable x = T.matrix("x");
    LogisticRegression fresh = new LogisticRegression(x, 784, 10);
    Models.load(file, fresh.params);
    Function reloaded = Theano.compile(List.of(fresh.input),
        List.of(fresh.yPred, fresh.pYGivenX));
    List<NDArray> after = reloaded.call(images);

    assertThat(after.get(0)).isEqualTo(before.get(0));
    assertThat(after.get(1)).isEqualTo(before.get(1));
    // The model learned something: most test digits are right.
    int[] pred = after.get(0).toIntArray();
    int[] labels = data.test().labelArray();
    int right = 0;
    for (int i = 0; i < pred.length; i++) {
      right += pred[i] == labels[i] ? 1 : 0;
    }
    assertThat(right).isGreaterThan(pred.length * 8 / 10);
  }
}
