package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.theano4j.tutorial.mnist.LogisticSgdCliTest.oneLineError;
import static org.theano4j.tutorial.mnist.LogisticSgdCliTest.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.io.Npz;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tutorial.mnist.LogisticSgdCliTest.Run;
import org.theano4j.tutorial.mnist.data.FashionMnist;
import org.theano4j.tutorial.mnist.data.MnistDatasets;
import org.theano4j.tutorial.mnist.data.MnistSplit;

/**
 * {@code logistic-sgd predict}: a model saved by a short training run predicts, in a separate
 * command, exactly {@code argmax(softmax(x·W + b))} computed here in plain double arithmetic
 * from the saved {@code W} and {@code b}.
 */
class PredictCommandTest {
  @TempDir static Path dir;
  private static Path model;
  private static MnistSplit test;

  @BeforeAll
  static void trainAShortRun() {
    Run r = run("--epochs", "1", "--out", dir.resolve("run").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    model = dir.resolve("run").resolve("best_model.npz");
    test = MnistDatasets.open("mini").test();
  }

  /** For each of the first {@code n} test images: the argmax and max of softmax(x·W + b). */
  private static double[][] direct(int n) {
    Map<String, NDArray> saved = Npz.read(model);
    float[] w = saved.get("W").toFloatArray();
    float[] b = saved.get("b").toFloatArray();
    float[] x = test.range(0, n).images().toFloatArray();
    double[][] out = new double[2][n];
    for (int i = 0; i < n; i++) {
      double[] z = new double[10];
      for (int k = 0; k < 10; k++) {
        z[k] = b[k];
        for (int j = 0; j < 784; j++) {
          z[k] += (double) x[i * 784 + j] * w[j * 10 + k];
        }
      }
      int best = 0;
      for (int k = 1; k < 10; k++) {
        best = z[k] > z[best] ? k : best;
      }
      double sum = 0;
      for (int k = 0; k < 10; k++) {
        sum += Math.exp(z[k] - z[best]);
      }
      out[0][i] = best;
      out[1][i] = 1 / sum;
    }
    return out;
  }

  @Test
  void printsTheFirstTenPredictionsAsLogisticSgdPy() {
    Run r = run("predict", "--model", model.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    double[][] want = direct(10);
    StringBuilder labels = new StringBuilder("[");
    for (int i = 0; i < 10; i++) {
      labels.append(i > 0 ? " " : "").append((int) want[0][i]);
    }
    assertThat(r.out()).isEqualTo("Predicted values for the first 10 examples in test set:\n"
        + labels + "]\n");
  }

  @Test
  void writesPredictionsAndProbabilitiesAsCsv() throws Exception {
    Path csv = dir.resolve("pred.csv");
    Run r = run("predict", "--model", model.toString(), "--count", "500", "--out",
        csv.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Wrote the predictions for the first 500 examples");
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(501);
    assertThat(lines.get(0)).isEqualTo("index,predicted,probability,label");
    double[][] want = direct(500);
    int[] truth = test.range(0, 500).labelArray();
    int right = 0;
    for (int i = 0; i < 500; i++) {
      String[] f = lines.get(i + 1).split(",");
      assertThat(Integer.parseInt(f[0])).isEqualTo(i);
      assertThat(Integer.parseInt(f[1])).as("image " + i).isEqualTo((int) want[0][i]);
      assertThat(Double.parseDouble(f[2])).isCloseTo(want[1][i], within(2e-6));
      assertThat(Integer.parseInt(f[3])).isEqualTo(truth[i]);
      right += f[1].equals(f[3]) ? 1 : 0;
    }
    assertThat(right).as("one epoch learns most digits").isGreaterThan(400);
  }

  @Test
  void fashionPredictionsAreNamed() {
    int[] k = {9, 0, 3};
    String report = PredictCommand.report(new Predictor.Predictions(k, new double[3]),
        PredictCommand.classNames(List.of("fashion")));
    assertThat(report).isEqualTo("Predicted values for the first 3 examples in test set:\n"
        + "[9 0 3]\n[Ankle boot, T-shirt/top, Dress]\n");
    assertThat(PredictCommand.classNames(List.of("mini"))).isNull();
  }

  @Test
  void fashionRunPrintsClassNames() {
    assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIR),
        "SKIPPED: Fashion-MNIST not installed at " + FashionMnist.DEBIAN_DIR);
    // The mini model is a digit model, but its output still gets Fashion's names.
    Run r = run("predict", "--model", model.toString(), "--dataset", "fashion", "--count", "3");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines().toList()).hasSize(3);
    assertThat(r.out().lines().toList().get(2)).matches("\\[[A-Za-z/ -]+(, [A-Za-z/ -]+){2}]");
  }

  @Test
  void badModelsAndOptionsAreOneLineErrors() throws Exception {
    Path none = dir.resolve("none.npz");
    assertThat(oneLineError(run("predict", "--model", none.toString())))
        .isEqualTo("error: .npz file not found: " + none);
    Path wrong = dir.resolve("wrong.npz");
    Npz.write(wrong, Map.of("W", NDArray.zeros(org.theano4j.ndarray.DType.FLOAT32, 10, 784),
        "b", NDArray.zeros(org.theano4j.ndarray.DType.FLOAT32, 10)));
    assertThat(oneLineError(run("predict", "--model", wrong.toString())))
        .isEqualTo("error: " + wrong + ": array 'W' is float32 of shape [10, 784], but shared"
            + " variable W is float32 of shape [784, 10]");
    Path junk = Files.write(dir.resolve("junk.npz"), new byte[] {1, 2, 3});
    assertThat(oneLineError(run("predict", "--model", junk.toString()))).startsWith("error: "
        + junk + ": ");
    assertThat(oneLineError(run("predict", "--model", model.toString(), "--count", "0")))
        .isEqualTo("error: --count must be at least 1, got 0");
    assertThat(oneLineError(run("predict", "--model", model.toString(), "--count", "100000")))
        .startsWith("error: --count 100000 is more than the " + test.size() + " test images");
    assertThat(oneLineError(run("predict", "--model", model.toString(), "--out",
        dir.toString()))).isEqualTo("error: --out " + dir + " is a directory; give a file name");
    assertThat(oneLineError(run("predict", "--model", model.toString(), "--dataset", "cifar")))
        .contains("unknown --dataset 'cifar'");
  }
}
