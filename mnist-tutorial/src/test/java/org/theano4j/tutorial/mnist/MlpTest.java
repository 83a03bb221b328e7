package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.io.Npz;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tutorial.mnist.data.LegacyRandomState;
import org.theano4j.tutorial.mnist.data.MiniMnist;
import org.theano4j.tutorial.mnist.data.MnistData;
import org.theano4j.tutorial.mnist.data.MnistSplit;

/**
 * The {@link Mlp} tutorial's CI-sized run (two epochs of the mini set, 500 steps) follows an
 * independent float64 implementation of mlp.py written here (forward, hand-derived gradients,
 * SGD, the validation and test errors) from the same initial weights: the same validation and
 * test errors every epoch, and the mean training costs to float32 accuracy.
 */
class MlpTest {
  static CliRun run(String... args) {
    return CliRun.of(Mlp::new, args);
  }

  @Test
  void twoEpochsOfTheMiniSetFollowAFloat64Reference() {
    MnistData data = MiniMnist.load();
    TutorialFunctions fns = new Mlp(null).functions(SharedDataset.of(data), "jvm");
    double[] valid = FollowsReference.assertFollows(fns, new Reference(data), data,
        Reference.BATCH, 2, 2e-5);
    // where the two epochs lead: the path mlp_ref.py (PyTorch) prints too
    assertThat(valid[0]).isCloseTo(0.212, within(1e-12));
    assertThat(valid[1]).isCloseTo(0.146, within(1e-12));
  }

  /** mlp.py in float64, written out: 784-500-10, tanh, softmax NLL + L2, SGD, batch 20. */
  static final class Reference implements FollowsReference.Reference {
    static final int IN = MnistSplit.PIXELS;
    static final int HID = 500;
    static final int OUT = MnistSplit.CLASSES;
    static final int BATCH = 20;
    static final double LR = 0.01;
    static final double L2 = 0.0001;
    final double[] w1 = new double[IN * HID];
    final double[] b1 = new double[HID];
    final double[] w2 = new double[HID * OUT];
    final double[] b2 = new double[OUT];
    final double[][] x;
    final int[] y;

    Reference(MnistData data) {
      double bound = Math.sqrt(6.0 / (IN + HID));
      double[] u = new LegacyRandomState(1234).uniform(-bound, bound, IN * HID);
      for (int i = 0; i < u.length; i++) {
        w1[i] = (float) u[i]; // mlp.py rounds the draw to floatX
      }
      x = rows(data.train());
      y = data.train().labelArray();
    }

    static double[][] rows(MnistSplit s) {
      double[][] r = new double[s.size()][IN];
      for (int i = 0; i < s.size(); i++) {
        int[] p = s.pixels(i);
        for (int k = 0; k < IN; k++) {
          r[i][k] = (float) (p[k] / 255f); // the float32 pixels the tutorial reads
        }
      }
      return r;
    }

    double[] hidden(double[] xi) {
      double[] h = b1.clone();
      for (int k = 0; k < IN; k++) {
        double v = xi[k];
        if (v != 0) {
          for (int j = 0; j < HID; j++) {
            h[j] += v * w1[k * HID + j];
          }
        }
      }
      for (int j = 0; j < HID; j++) {
        h[j] = Math.tanh(h[j]);
      }
      return h;
    }

    double[] logits(double[] h) {
      double[] z = b2.clone();
      for (int j = 0; j < HID; j++) {
        for (int c = 0; c < OUT; c++) {
          z[c] += h[j] * w2[j * OUT + c];
        }
      }
      return z;
    }

    @Override
    public double epoch() {
      double sum = 0;
      for (int mb = 0; mb < x.length / BATCH; mb++) {
        sum += step(mb * BATCH);
      }
      return sum / (x.length / BATCH);
    }

    double step(int from) {
      double[] gw1 = new double[IN * HID];
      double[] gb1 = new double[HID];
      double[] gw2 = new double[HID * OUT];
      double[] gb2 = new double[OUT];
      double nll = 0;
      for (int i = from; i < from + BATCH; i++) {
        double[] h = hidden(x[i]);
        double[] z = logits(h);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
          max = Math.max(max, v);
        }
        double norm = 0;
        for (double v : z) {
          norm += Math.exp(v - max);
        }
        nll -= (z[y[i]] - max - Math.log(norm)) / BATCH;
        double[] dz = new double[OUT];
        for (int c = 0; c < OUT; c++) {
          dz[c] = (Math.exp(z[c] - max) / norm - (c == y[i] ? 1 : 0)) / BATCH;
          gb2[c] += dz[c];
        }
        double[] dh = new double[HID];
        for (int j = 0; j < HID; j++) {
          double s = 0;
          for (int c = 0; c < OUT; c++) {
            gw2[j * OUT + c] += h[j] * dz[c];
            s += dz[c] * w2[j * OUT + c];
          }
          dh[j] = s * (1 - h[j] * h[j]);
          gb1[j] += dh[j];
        }
        for (int k = 0; k < IN; k++) {
          double v = x[i][k];
          if (v != 0) {
            for (int j = 0; j < HID; j++) {
              gw1[k * HID + j] += v * dh[j];
            }
          }
        }
      }
      double l2 = 0;
      for (double v : w1) {
        l2 += v * v;
      }
      for (double v : w2) {
        l2 += v * v;
      }
      update(w1, gw1);
      update(b1, gb1);
      update(w2, gw2);
      update(b2, gb2);
      return nll + L2 * l2;
    }

    /** {@code w -= lr * (g + 2·L2·w)} for weights, {@code w -= lr * g} for biases. */
    private void update(double[] w, double[] g) {
      boolean weights = w == w1 || w == w2;
      for (int i = 0; i < w.length; i++) {
        w[i] -= LR * (g[i] + (weights ? 2 * L2 * w[i] : 0));
      }
    }

    /** The mean over minibatches of 20 of the fraction misclassified. */
    @Override
    public double errors(MnistSplit s) {
      double[][] r = rows(s);
      int[] labels = s.labelArray();
      int[] wrong = new int[r.length / BATCH];
      for (int i = 0; i < wrong.length * BATCH; i++) {
        double[] z = logits(hidden(r[i]));
        int best = 0;
        for (int c = 1; c < OUT; c++) {
          if (z[c] > z[best]) {
            best = c;
          }
        }
        if (best != labels[i]) {
          wrong[i / BATCH]++;
        }
      }
      double[] perBatch = new double[wrong.length];
      for (int b = 0; b < wrong.length; b++) {
        perBatch[b] = wrong[b] / (double) BATCH;
      }
      return NumpyMean.mean(perBatch);
    }
  }

  @Test
  void oneEpochWritesThePicturesTheLogAndTheModel(@TempDir Path dir) throws Exception {
    CliRun r = run("--epochs", "1", "--out", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("train_set_x [5000, 784]",
        "epoch 1, minibatch 250/250, validation error 21.200000 %",
        "     epoch 1, mean training cost ", "Best validation score of 21.200000 % obtained at "
            + "iteration 250, with test performance 21.000000 %",
        "Wrote learning_curve.png, hidden_filters.png, training_log.csv and best_model.npz");
    assertThat(ImageIO.read(dir.resolve("learning_curve.png").toFile())).isNotNull();
    var filters = ImageIO.read(dir.resolve("hidden_filters.png").toFile());
    assertThat(filters.getWidth()).isEqualTo(289);
    assertThat(filters.getHeight()).isEqualTo(289);
    assertThat(Files.readAllLines(dir.resolve("training_log.csv"))).hasSize(2);
    Map<String, NDArray> model = Npz.read(dir.resolve("best_model.npz"));
    assertThat(model.keySet()).containsExactlyInAnyOrder("W_hidden", "b_hidden", "W", "b");
    assertThat(model.get("W_hidden").shape()).containsExactly(784, 500);
    assertThat(model.get("W").shape()).containsExactly(500, 10);
  }

  @Test
  void benchModePrintsMillisecondsPerEpoch(@TempDir Path dir) {
    CliRun r = run("--bench", "--bench-warmup", "0", "--bench-warmup-seconds", "0",
        "--bench-epochs", "1", "--out", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("... building the model")
        .containsPattern("bench: [0-9.]+ ms/epoch median .* us/step");
  }

  @Test
  void versionNamesTheCommand() {
    assertThat(run("--version").out()).startsWith("mlp (Theano4J) ");
    assertThat(CliRun.of(DenoisingAutoencoder::new, "-V").out()).startsWith("dA (Theano4J) ");
  }

  @Test
  void badOptionsAreOneErrorLine(@TempDir Path dir) {
    String[][] cases = {
        {"--hidden", "0"}, {"--batch-size", "0"}, {"--patience", "1"}, {"--epochs", "0"},
        {"--l2", "NaN"}, {"--init-seed", "-1"}, {"--device", "tpu"}, {"--dataset", "cifar"},
        {"--batch-size", "600"}};
    String[] expected = {
        "error: --hidden must be at least 1, got 0",
        "error: --batch-size must be at least 1, got 0",
        "error: --patience must be at least 2",
        "error: --epochs must be at least 1, got 0",
        "error: --l2 must be a finite number, got NaN",
        "error: --init-seed must be in [0, 2^32), as NumPy's RandomState seeds, got -1",
        "error: --device must be cpu or cuda, got 'tpu'",
        "error: unknown --dataset 'cifar'",
        "error: --batch-size 600 is larger than the validation split (500 examples)"};
    CliRun.assertOneErrorLine(Mlp::new, dir, cases, expected);
  }
}
