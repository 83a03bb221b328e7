package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
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
 * The {@link ConvolutionalMlp} tutorial's CI-sized run (the first 500 training, 200 validation
 * and 200 test examples of the mini set, batch 50, two epochs: 20 SGD steps) follows an
 * independent float64 implementation of convolutional_mlp.py written here with direct loops
 * (the flipped convolution, 2×2 max-pooling whose gradient goes to every element equal to the
 * window's maximum as Theano's, tanh, the hidden and logistic layers, hand-derived gradients)
 * from the same initial weights: the same validation and test errors every epoch, and the mean
 * training costs to float32 accuracy.
 */
class ConvolutionalMlpTest {
  static CliRun run(String... args) {
    return CliRun.of(ConvolutionalMlp::new, args);
  }

  @Test
  void twoEpochsOfASliceFollowAFloat64Reference() {
    MnistData mini = MiniMnist.load();
    MnistData data = new MnistData("mini slice", mini.train().range(0, 500),
        mini.valid().range(0, 200), mini.test().range(0, 200));
    ConvolutionalMlp app = new ConvolutionalMlp(null);
    app.batchSize = Reference.BATCH;
    TutorialFunctions fns = app.functions(SharedDataset.of(data), "jvm");
    double[] valid = FollowsReference.assertFollows(fns, new Reference(data.train()), data,
        Reference.BATCH, 2, 1e-4);
    // where the two epochs lead
    assertThat(valid[0]).isCloseTo(0.495, within(1e-12));
    assertThat(valid[1]).isCloseTo(0.36, within(1e-12));
  }

  /**
   * convolutional_mlp.py in float64, written out: conv 5×5 (20) → max-pool 2×2 → tanh → conv
   * 5×5 (50) → max-pool 2×2 → tanh → 800-500 tanh → 500-10 softmax, NLL, SGD lr 0.1.
   */
  static final class Reference implements FollowsReference.Reference {
    static final int BATCH = 50;
    static final double LR = 0.1;
    static final int K0 = 20;
    static final int K1 = 50;
    static final int F = 5;
    static final int S0 = 28;
    static final int C0 = S0 - F + 1; // 24
    static final int P0 = C0 / 2; // 12
    static final int C1 = P0 - F + 1; // 8
    static final int P1 = C1 / 2; // 4
    static final int FLAT = K1 * P1 * P1; // 800
    static final int HID = 500;
    static final int OUT = MnistSplit.CLASSES;
    final double[] w0 = new double[K0 * F * F];
    final double[] b0 = new double[K0];
    final double[] w1 = new double[K1 * K0 * F * F];
    final double[] b1 = new double[K1];
    final double[] w2 = new double[FLAT * HID];
    final double[] b2 = new double[HID];
    final double[] w3 = new double[HID * OUT];
    final double[] b3 = new double[OUT];
    final double[][] x;
    final int[] y;

    Reference(MnistSplit train) {
      LegacyRandomState rng = new LegacyRandomState(23455);
      // fan_in + fan_out: 25 + 20·25 // 4, 500 + 50·25 // 4, 800 + 500
      draw(rng, w0, Math.sqrt(6.0 / (25 + 125)));
      draw(rng, w1, Math.sqrt(6.0 / (500 + 312)));
      draw(rng, w2, Math.sqrt(6.0 / (FLAT + HID)));
      x = MlpTest.Reference.rows(train);
      y = train.labelArray();
    }

    /** The tutorial's draw, rounded to float32. */
    private static void draw(LegacyRandomState rng, double[] w, double bound) {
      double[] u = rng.uniform(-bound, bound, w.length);
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) u[i];
      }
    }

    /** The activations of one example, kept for the backward pass. */
    final class Forward {
      final double[] c0 = new double[K0 * C0 * C0];
      final double[] h0 = new double[K0 * P0 * P0];
      final double[] c1 = new double[K1 * C1 * C1];
      final double[] h1 = new double[FLAT];
      final double[] h2 = new double[HID];
      final double[] z = new double[OUT];

      Forward(double[] xi) {
        // a true convolution: the filter is flipped, w[f][F-1-a][F-1-b] meets x[i+a][j+b]
        conv(xi, 1, S0, w0, K0, c0);
        poolTanh(c0, K0, C0, b0, h0);
        conv(h0, K0, P0, w1, K1, c1);
        poolTanh(c1, K1, C1, b1, h1);
        for (int j = 0; j < HID; j++) {
          double s = b2[j];
          for (int k = 0; k < FLAT; k++) {
            s += h1[k] * w2[k * HID + j];
          }
          h2[j] = Math.tanh(s);
        }
        for (int c = 0; c < OUT; c++) {
          double s = b3[c];
          for (int j = 0; j < HID; j++) {
            s += h2[j] * w3[j * OUT + c];
          }
          z[c] = s;
        }
      }
    }

    /** {@code out[g][i][j] = Σ_{f,a,b} in[f][i+a][j+b] · w[g][f][F-1-a][F-1-b]}. */
    static void conv(double[] in, int channels, int side, double[] w, int filters,
        double[] out) {
      int os = side - F + 1;
      for (int g = 0; g < filters; g++) {
        for (int i = 0; i < os; i++) {
          for (int j = 0; j < os; j++) {
            double s = 0;
            for (int f = 0; f < channels; f++) {
              for (int a = 0; a < F; a++) {
                for (int b = 0; b < F; b++) {
                  s += in[(f * side + i + a) * side + j + b]
                      * w[((g * channels + f) * F + F - 1 - a) * F + F - 1 - b];
                }
              }
            }
            out[(g * os + i) * os + j] = s;
          }
        }
      }
    }

    /** {@code h[g][i][j] = tanh(max of the 2×2 window (2i, 2j) of c[g] + bias[g])}. */
    static void poolTanh(double[] c, int maps, int side, double[] bias, double[] h) {
      int ps = side / 2;
      for (int g = 0; g < maps; g++) {
        for (int i = 0; i < ps; i++) {
          for (int j = 0; j < ps; j++) {
            h[(g * ps + i) * ps + j] = Math.tanh(windowMax(c, g, side, i, j) + bias[g]);
          }
        }
      }
    }

    static double windowMax(double[] c, int g, int side, int i, int j) {
      double m = Double.NEGATIVE_INFINITY;
      for (int di = 0; di < 2; di++) {
        for (int dj = 0; dj < 2; dj++) {
          m = Math.max(m, c[(g * side + 2 * i + di) * side + 2 * j + dj]);
        }
      }
      return m;
    }

    /**
     * The gradient of the pre-pool map {@code c} from that of the pooled, pre-tanh sums
     * {@code dp}: every element equal to its window's maximum gets the window's gradient
     * (Theano's MaxPoolGrad, ties included).
     */
    static double[] unpool(double[] c, int maps, int side, double[] dp) {
      int ps = side / 2;
      double[] dc = new double[c.length];
      for (int g = 0; g < maps; g++) {
        for (int i = 0; i < ps; i++) {
          for (int j = 0; j < ps; j++) {
            double m = windowMax(c, g, side, i, j);
            for (int di = 0; di < 2; di++) {
              for (int dj = 0; dj < 2; dj++) {
                int k = (g * side + 2 * i + di) * side + 2 * j + dj;
                if (c[k] == m) {
                  dc[k] += dp[(g * ps + i) * ps + j];
                }
              }
            }
          }
        }
      }
      return dc;
    }

    /**
     * Accumulates the gradients of {@link #conv} given {@code dout}: into {@code gw}, and into
     * {@code din} unless it is null.
     */
    static void convBackward(double[] in, int channels, int side, double[] w, int filters,
        double[] dout, double[] gw, double[] din) {
      int os = side - F + 1;
      for (int g = 0; g < filters; g++) {
        for (int i = 0; i < os; i++) {
          for (int j = 0; j < os; j++) {
            double d = dout[(g * os + i) * os + j];
            if (d == 0) {
              continue;
            }
            for (int f = 0; f < channels; f++) {
              for (int a = 0; a < F; a++) {
                for (int b = 0; b < F; b++) {
                  int wi = ((g * channels + f) * F + F - 1 - a) * F + F - 1 - b;
                  int xi = (f * side + i + a) * side + j + b;
                  gw[wi] += d * in[xi];
                  if (din != null) {
                    din[xi] += d * w[wi];
                  }
                }
              }
            }
          }
        }
      }
    }

    @Override
    public double epoch() {
      int n = x.length / BATCH;
      double sum = 0;
      for (int mb = 0; mb < n; mb++) {
        sum += step(mb * BATCH);
      }
      return sum / n;
    }

    double step(int from) {
      double[] gw0 = new double[w0.length];
      double[] gb0 = new double[b0.length];
      double[] gw1 = new double[w1.length];
      double[] gb1 = new double[b1.length];
      double[] gw2 = new double[w2.length];
      double[] gb2 = new double[b2.length];
      double[] gw3 = new double[w3.length];
      double[] gb3 = new double[b3.length];
      double nll = 0;
      for (int e = from; e < from + BATCH; e++) {
        Forward fw = new Forward(x[e]);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : fw.z) {
          max = Math.max(max, v);
        }
        double norm = 0;
        for (double v : fw.z) {
          norm += Math.exp(v - max);
        }
        nll -= (fw.z[y[e]] - max - Math.log(norm)) / BATCH;
        double[] dz = new double[OUT];
        for (int c = 0; c < OUT; c++) {
          dz[c] = (Math.exp(fw.z[c] - max) / norm - (c == y[e] ? 1 : 0)) / BATCH;
          gb3[c] += dz[c];
        }
        double[] dh2 = new double[HID];
        for (int j = 0; j < HID; j++) {
          double s = 0;
          for (int c = 0; c < OUT; c++) {
            gw3[j * OUT + c] += fw.h2[j] * dz[c];
            s += dz[c] * w3[j * OUT + c];
          }
          dh2[j] = s * (1 - fw.h2[j] * fw.h2[j]);
          gb2[j] += dh2[j];
        }
        double[] dp1 = new double[FLAT];
        for (int k = 0; k < FLAT; k++) {
          double s = 0;
          for (int j = 0; j < HID; j++) {
            gw2[k * HID + j] += fw.h1[k] * dh2[j];
            s += w2[k * HID + j] * dh2[j];
          }
          dp1[k] = s * (1 - fw.h1[k] * fw.h1[k]);
          gb1[k / (P1 * P1)] += dp1[k];
        }
        double[] dc1 = unpool(fw.c1, K1, C1, dp1);
        double[] dh0 = new double[fw.h0.length];
        convBackward(fw.h0, K0, P0, w1, K1, dc1, gw1, dh0);
        double[] dp0 = new double[dh0.length];
        for (int k = 0; k < dh0.length; k++) {
          dp0[k] = dh0[k] * (1 - fw.h0[k] * fw.h0[k]);
          gb0[k / (P0 * P0)] += dp0[k];
        }
        double[] dc0 = unpool(fw.c0, K0, C0, dp0);
        convBackward(x[e], 1, S0, w0, K0, dc0, gw0, null);
      }
      update(w0, gw0);
      update(b0, gb0);
      update(w1, gw1);
      update(b1, gb1);
      update(w2, gw2);
      update(b2, gb2);
      update(w3, gw3);
      update(b3, gb3);
      return nll;
    }

    private static void update(double[] w, double[] g) {
      for (int i = 0; i < w.length; i++) {
        w[i] -= LR * g[i];
      }
    }

    @Override
    public double errors(MnistSplit s) {
      double[][] r = MlpTest.Reference.rows(s);
      int[] labels = s.labelArray();
      double[] perBatch = new double[r.length / BATCH];
      for (int i = 0; i < perBatch.length * BATCH; i++) {
        double[] z = new Forward(r[i]).z;
        int best = 0;
        for (int c = 1; c < OUT; c++) {
          if (z[c] > z[best]) {
            best = c;
          }
        }
        if (best != labels[i]) {
          perBatch[i / BATCH] += 1.0 / BATCH;
        }
      }
      return NumpyMean.mean(perBatch);
    }
  }

  @Test
  void oneEpochWritesTheFiltersTheLogAndTheModel(@TempDir Path dir) throws Exception {
    CliRun r = run("--epochs", "1", "--out", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("train_set_x [5000, 784]",
        "epoch 1, minibatch 100/100, validation error 10.400000 %",
        "     epoch 1, mean training cost 0.9117",
        "Best validation score of 10.400000 % obtained at iteration 100, with test performance "
            + "11.000000 %",
        "Wrote learning_curve.png, filters_layer0.png, training_log.csv and best_model.npz");
    BufferedImage filters = ImageIO.read(dir.resolve("filters_layer0.png").toFile());
    assertThat(filters.getWidth()).isEqualTo(472);
    assertThat(filters.getHeight()).isEqualTo(88);
    assertThat(Files.readAllLines(dir.resolve("training_log.csv"))).hasSize(2);
    Map<String, NDArray> model = Npz.read(dir.resolve("best_model.npz"));
    assertThat(model.keySet()).containsExactlyInAnyOrder("W0", "b0", "W1", "b1", "W_hidden",
        "b_hidden", "W", "b");
    assertThat(model.get("W0").shape()).containsExactly(20, 1, 5, 5);
    assertThat(model.get("W1").shape()).containsExactly(50, 20, 5, 5);
    assertThat(model.get("W_hidden").shape()).containsExactly(800, 500);
    // the picture is the saved best model's first filter, scaled to [0, 255] on its own
    double[] w0 = model.get("W0").toDoubleArray();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int p = 0; p < 25; p++) {
      min = Math.min(min, w0[p]);
      max = Math.max(max, w0[p]);
    }
    for (int p = 0; p < 25; p++) {
      int expected = (int) ((w0[p] - min) / (max - min + 1e-8) * 255);
      int zoom = 8;
      assertThat(filters.getRaster().getSample(p % 5 * zoom + 3, p / 5 * zoom + 3, 0))
          .as("pixel %d of filter 0", p).isEqualTo(expected);
    }
  }

  @Test
  void benchModePrintsMillisecondsPerEpoch(@TempDir Path dir) {
    CliRun r = run("--bench", "--bench-warmup", "0", "--bench-warmup-seconds", "0",
        "--bench-epochs", "1", "--batch-size", "250", "--out", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("... building the model")
        .containsPattern("bench: [0-9.]+ ms/epoch median .* us/step");
  }

  @Test
  void versionNamesTheCommand() {
    assertThat(run("--version").out()).startsWith("lenet (Theano4J) ");
  }

  @Test
  void badOptionsAreOneErrorLine(@TempDir Path dir) {
    String[][] cases = {
        {"--batch-size", "0"}, {"--nkerns", "20", "0"}, {"--nkerns", "20"}, {"--patience", "1"},
        {"--epochs", "0"}, {"--learning-rate", "Infinity"}, {"--init-seed", "4294967296"},
        {"--device", "tpu"}, {"--dataset", "cifar"}, {"--batch-size", "600"}};
    String[] expected = {
        "error: --batch-size must be at least 1, got 0",
        "error: --nkerns must be at least 1, got 0",
        "error: Expected parameter 2 (of 2 mandatory parameters) for option '--nkerns'",
        "error: --patience must be at least 2",
        "error: --epochs must be at least 1, got 0",
        "error: --learning-rate must be a finite number, got Infinity",
        "error: --init-seed must be in [0, 2^32), as NumPy's RandomState seeds, got 4294967296",
        "error: --device must be cpu or cuda, got 'tpu'",
        "error: unknown --dataset 'cifar'",
        "error: --batch-size 600 is larger than the validation split (500 examples)"};
    CliRun.assertOneErrorLine(ConvolutionalMlp::new, dir, cases, expected);
  }
}
