package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.io.Npz;
import org.theano4j.ndarray.NDArray;
import org.theano4j.random.RandomStreams;
import org.theano4j.tensor.T;
import org.theano4j.tutorial.mnist.data.LegacyRandomState;
import org.theano4j.tutorial.mnist.data.MiniMnist;
import org.theano4j.tutorial.mnist.data.MnistData;
import org.theano4j.tutorial.mnist.data.MnistSplit;

/**
 * The {@link SequentialMnist} tutorial (an LSTM written with {@code scan}, Adam) follows an
 * independent float64 implementation written here: a direct-loop LSTM forward pass,
 * backpropagation through time derived by hand, and Adam, from the same initial weights. A
 * CI-sized model (16 units, batch 20, the first 400 training images: 20 steps) gives the same
 * cost at every step to float32 accuracy and then the same validation and test errors.
 */
class SequentialMnistTest {
  private static final MnistData DATA = MiniMnist.load();
  static final int HIDDEN = 16;
  static final int BATCH = 20;
  static final int STEPS = 20;

  static CliRun run(String... args) {
    return CliRun.of(SequentialMnist::new, args);
  }

  static SequentialMnist small() {
    SequentialMnist app = new SequentialMnist(new PrintStream(OutputStream.nullOutputStream()));
    app.hidden = HIDDEN;
    app.batchSize = BATCH;
    return app;
  }

  @Test
  void twentyStepsFollowAFloat64Reference() {
    TutorialFunctions fns = small().functions(SharedDataset.of(DATA), "jvm");
    Reference ref = new Reference(HIDDEN, 0.005);
    double[][] x = MlpTest.Reference.rows(DATA.train());
    int[] y = DATA.train().labelArray();
    for (int s = 0; s < STEPS; s++) {
      double expected = ref.step(x, y, s * BATCH, BATCH);
      assertThat(fns.train(s)).as("cost of step %d", s).isCloseTo(expected,
          within(2e-5 * expected));
    }
    // the same misclassified digits after the 20 steps
    assertThat(meanErrors(fns::validate, 500 / BATCH)).as("validation error")
        .isCloseTo(ref.errors(DATA.valid(), BATCH), within(1e-12));
    assertThat(meanErrors(fns::test, 500 / BATCH)).as("test error")
        .isCloseTo(ref.errors(DATA.test(), BATCH), within(1e-12));
    // the weights themselves, after Adam's 20 steps
    assertThat(TutorialsOnCudaInterpTest.maxDifference(
        fns.params.get(1).getValue().toDoubleArray(), ref.u)).as("U").isLessThan(1e-4);
  }

  @Test
  void dropoutMasksTheTrainingInputOnlyScaledAndFreshEachCall() {
    double p = 0.5;
    Variable x = T.matrix("x");
    LstmClassifier lstm = new LstmClassifier(new LegacyRandomState(1234), new RandomStreams(7),
        x, HIDDEN, p);
    Function f = Theano.function(List.of(x), List.of(lstm.last, lstm.trainInput)).build();
    NDArray images = DATA.train().images().slice(0, 0, 100, 1);
    List<NDArray> a = f.call(images);
    List<NDArray> b = f.call(images);
    double[] last = a.get(0).toDoubleArray();
    double[] dropped = a.get(1).toDoubleArray();
    int zeros = 0;
    for (int i = 0; i < last.length; i++) {
      if (dropped[i] == 0) {
        zeros++;
      } else {
        assertThat(dropped[i]).as("a kept unit, scaled by 1 / (1 - p)")
            .isCloseTo(last[i] / (1 - p), within(1e-6 * Math.abs(last[i])));
      }
    }
    // 1,600 units: within 5 standard errors of p
    double se = Math.sqrt(p * (1 - p) / last.length);
    assertThat(zeros / (double) last.length).isCloseTo(p, within(5 * se));
    assertThat(b.get(0).toDoubleArray()).as("no dropout on the state itself").isEqualTo(last);
    assertThat(b.get(1).toDoubleArray()).as("a new mask each call").isNotEqualTo(dropped);
  }

  @Test
  void dropoutLeavesValidationAndTestWithoutMasks() {
    SequentialMnist app = small();
    app.dropout = 0.3;
    TutorialFunctions withDropout = app.functions(SharedDataset.of(DATA), "jvm");
    TutorialFunctions without = small().functions(SharedDataset.of(DATA), "jvm");
    // the same weights before training: the same errors, every call
    for (int i = 0; i < 3; i++) {
      assertThat(withDropout.validate(i)).isEqualTo(without.validate(i));
      assertThat(withDropout.test(i)).isEqualTo(withDropout.test(i));
    }
    assertThat(withDropout.train(0)).as("the training cost reads the masked state")
        .isNotEqualTo(without.train(0));
  }

  @Test
  void aSmallRunWritesTheLearningCurveTheLogAndTheModel(@TempDir Path dir) throws Exception {
    CliRun r = run("--epochs", "2", "--hidden", "8", "--batch-size", "50",
        "--train-examples", "200", "--dropout", "0.1", "--out", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("train_set_x [5000, 784]", "LSTM of 8 units",
        "dropout 0.1", "epoch 1, minibatch 4/4, validation error ",
        "epoch 2, minibatch 4/4, validation error ", "     epoch 2, mean training cost ",
        "Best validation score of ",
        "Wrote learning_curve.png, training_log.csv and best_model.npz");
    assertThat(ImageIO.read(dir.resolve("learning_curve.png").toFile())).isNotNull();
    assertThat(Files.readAllLines(dir.resolve("training_log.csv"))).hasSize(3);
    Map<String, NDArray> model = Npz.read(dir.resolve("best_model.npz"));
    assertThat(model.keySet()).containsExactlyInAnyOrder("W_lstm", "U_lstm", "b_lstm", "W",
        "b");
    assertThat(model.get("U_lstm").shape()).containsExactly(8, 32);
    assertThat(model.get("W").shape()).containsExactly(8, 10);
  }

  @Test
  void benchModePrintsMillisecondsPerEpoch(@TempDir Path dir) {
    CliRun r = run("--bench", "--bench-warmup", "0", "--bench-warmup-seconds", "0",
        "--bench-epochs", "1", "--hidden", "8", "--train-examples", "100", "--out",
        dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("bench: [0-9.]+ ms/epoch median .* us/step");
  }

  @Test
  void badOptionsAreOneErrorLine(@TempDir Path dir) {
    String[][] cases = {
        {"--hidden", "0"}, {"--batch-size", "0"}, {"--epochs", "0"}, {"--dropout", "1"},
        {"--dropout", "-0.1"}, {"--dropout", "NaN"}, {"--learning-rate", "Infinity"},
        {"--init-seed", "-1"}, {"--device", "tpu"}, {"--dataset", "cifar"},
        {"--train-examples", "-5"}, {"--batch-size", "600"}, {"--epochs", "x"}};
    String[] expected = {
        "error: --hidden must be at least 1, got 0",
        "error: --batch-size must be at least 1, got 0",
        "error: --epochs must be at least 1, got 0",
        "error: --dropout must be in [0, 1), got 1.0",
        "error: --dropout must be in [0, 1), got -0.1",
        "error: --dropout must be in [0, 1), got NaN",
        "error: --learning-rate must be a finite number, got Infinity",
        "error: --init-seed must be in [0, 2^32), as NumPy's RandomState seeds, got -1",
        "error: --device must be cpu or cuda, got 'tpu'",
        "error: unknown --dataset 'cifar'",
        "error: --train-examples must be at least 0, got -5",
        "error: --batch-size 600 is larger than the validation split (500 examples)",
        "error: Invalid value for option '--epochs'"};
    CliRun.assertOneErrorLine(SequentialMnist::new, dir, cases, expected);
  }

  @Test
  void theModelRefusesABadDropout() {
    Variable x = T.matrix("x");
    assertThatThrownBy(() -> new LstmClassifier(new LegacyRandomState(1), null, x, 4, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dropout 0.5 needs RandomStreams to draw its masks, got null");
    assertThatThrownBy(() -> new LstmClassifier(new LegacyRandomState(1), new RandomStreams(1),
        x, 4, 1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dropout must be in [0, 1), got 1.5");
  }

  @Test
  void versionNamesTheCommand() {
    assertThat(run("--version").out()).startsWith("sequential-mnist (Theano4J) ");
  }

  private static double meanErrors(java.util.function.IntToDoubleFunction f, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = f.applyAsDouble(i);
    }
    return NumpyMean.mean(v);
  }

  /**
   * The LSTM of {@link LstmClassifier} in float64, written out: gates i, f, g, o; the forward
   * pass keeps every step's gates and states, the backward pass runs through the 28 steps in
   * reverse; Adam as Kingma and Ba's Algorithm 1.
   */
  static final class Reference {
    static final int ROWS = MnistSplit.ROWS;
    static final int COLS = MnistSplit.COLS;
    static final int OUT = MnistSplit.CLASSES;
    final int h;
    final double lr;
    final double[] w;
    final double[] u;
    final double[] b;
    final double[] wo;
    final double[] bo;
    final double[][] params;
    final double[][] m;
    final double[][] v;
    double beta1t = 1;
    double beta2t = 1;

    Reference(int hidden, double learningRate) {
      h = hidden;
      lr = learningRate;
      LegacyRandomState rng = new LegacyRandomState(1234);
      w = uniform(rng, COLS, 4 * h);
      u = uniform(rng, h, 4 * h);
      wo = uniform(rng, h, OUT);
      b = new double[4 * h];
      for (int j = h; j < 2 * h; j++) {
        b[j] = 1;
      }
      bo = new double[OUT];
      params = new double[][] {w, u, b, wo, bo};
      m = new double[params.length][];
      v = new double[params.length][];
      for (int p = 0; p < params.length; p++) {
        m[p] = new double[params[p].length];
        v[p] = new double[params[p].length];
      }
    }

    static double[] uniform(LegacyRandomState rng, int nIn, int nOut) {
      double bound = Math.sqrt(6.0 / (nIn + nOut));
      double[] d = rng.uniform(-bound, bound, nIn * nOut);
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) d[i]; // rounded to floatX, as the tutorial
      }
      return d;
    }

    static double sigmoid(double z) {
      return 1 / (1 + Math.exp(-z));
    }

    /** One example's forward pass: per step t (1..28) the gates [i f g o] and c, h. */
    final class Forward {
      final double[][] gates = new double[ROWS + 1][];
      final double[][] c = new double[ROWS + 1][];
      final double[][] hs = new double[ROWS + 1][];
      final double[] xi;
      final double[] logits;

      Forward(double[] xi) {
        this.xi = xi;
        c[0] = new double[h];
        hs[0] = new double[h];
        for (int t = 1; t <= ROWS; t++) {
          double[] z = b.clone();
          for (int k = 0; k < COLS; k++) {
            double xv = xi[(t - 1) * COLS + k];
            for (int j = 0; j < 4 * h; j++) {
              z[j] += xv * w[k * 4 * h + j];
            }
          }
          for (int k = 0; k < h; k++) {
            for (int j = 0; j < 4 * h; j++) {
              z[j] += hs[t - 1][k] * u[k * 4 * h + j];
            }
          }
          double[] g = new double[4 * h];
          c[t] = new double[h];
          hs[t] = new double[h];
          for (int j = 0; j < h; j++) {
            g[j] = sigmoid(z[j]);
            g[h + j] = sigmoid(z[h + j]);
            g[2 * h + j] = Math.tanh(z[2 * h + j]);
            g[3 * h + j] = sigmoid(z[3 * h + j]);
            c[t][j] = g[h + j] * c[t - 1][j] + g[j] * g[2 * h + j];
            hs[t][j] = g[3 * h + j] * Math.tanh(c[t][j]);
          }
          gates[t] = g;
        }
        logits = bo.clone();
        for (int k = 0; k < h; k++) {
          for (int j = 0; j < OUT; j++) {
            logits[j] += hs[ROWS][k] * wo[k * OUT + j];
          }
        }
      }
    }

    /** One Adam step on the minibatch {@code x[from .. from+n)}; returns its mean NLL. */
    double step(double[][] x, int[] y, int from, int n) {
      double[][] grads = new double[params.length][];
      for (int p = 0; p < params.length; p++) {
        grads[p] = new double[params[p].length];
      }
      double[] gw = grads[0];
      double[] gu = grads[1];
      double[] gb = grads[2];
      double[] gwo = grads[3];
      double[] gbo = grads[4];
      double nll = 0;
      for (int i = from; i < from + n; i++) {
        Forward f = new Forward(x[i]);
        double max = Double.NEGATIVE_INFINITY;
        for (double z : f.logits) {
          max = Math.max(max, z);
        }
        double norm = 0;
        for (double z : f.logits) {
          norm += Math.exp(z - max);
        }
        nll -= (f.logits[y[i]] - max - Math.log(norm)) / n;
        double[] dh = new double[h];
        for (int j = 0; j < OUT; j++) {
          double dz = (Math.exp(f.logits[j] - max) / norm - (j == y[i] ? 1 : 0)) / n;
          gbo[j] += dz;
          for (int k = 0; k < h; k++) {
            gwo[k * OUT + j] += f.hs[ROWS][k] * dz;
            dh[k] += dz * wo[k * OUT + j];
          }
        }
        double[] dc = new double[h];
        for (int t = ROWS; t >= 1; t--) {
          double[] g = f.gates[t];
          double[] dz = new double[4 * h];
          for (int j = 0; j < h; j++) {
            double tc = Math.tanh(f.c[t][j]);
            double o = g[3 * h + j];
            dc[j] += dh[j] * o * (1 - tc * tc);
            double ig = g[j];
            double fg = g[h + j];
            double gg = g[2 * h + j];
            dz[j] = dc[j] * gg * ig * (1 - ig);
            dz[h + j] = dc[j] * f.c[t - 1][j] * fg * (1 - fg);
            dz[2 * h + j] = dc[j] * ig * (1 - gg * gg);
            dz[3 * h + j] = dh[j] * tc * o * (1 - o);
            dc[j] *= fg;
          }
          for (int j = 0; j < 4 * h; j++) {
            gb[j] += dz[j];
          }
          for (int k = 0; k < COLS; k++) {
            double xv = f.xi[(t - 1) * COLS + k];
            for (int j = 0; j < 4 * h; j++) {
              gw[k * 4 * h + j] += xv * dz[j];
            }
          }
          double[] dhPrev = new double[h];
          for (int k = 0; k < h; k++) {
            for (int j = 0; j < 4 * h; j++) {
              gu[k * 4 * h + j] += f.hs[t - 1][k] * dz[j];
              dhPrev[k] += dz[j] * u[k * 4 * h + j];
            }
          }
          dh = dhPrev;
        }
      }
      beta1t *= Adam.BETA1;
      beta2t *= Adam.BETA2;
      double stepSize = lr * Math.sqrt(1 - beta2t) / (1 - beta1t);
      for (int p = 0; p < params.length; p++) {
        for (int k = 0; k < params[p].length; k++) {
          double g = grads[p][k];
          m[p][k] = Adam.BETA1 * m[p][k] + (1 - Adam.BETA1) * g;
          v[p][k] = Adam.BETA2 * v[p][k] + (1 - Adam.BETA2) * g * g;
          params[p][k] -= stepSize * m[p][k] / (Math.sqrt(v[p][k]) + Adam.EPSILON);
        }
      }
      return nll;
    }

    /** The mean over minibatches of {@code batch} of the fraction misclassified. */
    double errors(MnistSplit s, int batch) {
      double[][] r = MlpTest.Reference.rows(s);
      int[] labels = s.labelArray();
      double[] perBatch = new double[r.length / batch];
      for (int i = 0; i < perBatch.length * batch; i++) {
        double[] z = new Forward(r[i]).logits;
        int best = 0;
        for (int c = 1; c < OUT; c++) {
          if (z[c] > z[best]) {
            best = c;
          }
        }
        if (best != labels[i]) {
          perBatch[i / batch] += 1.0 / batch;
        }
      }
      return NumpyMean.mean(perBatch);
    }
  }
}
