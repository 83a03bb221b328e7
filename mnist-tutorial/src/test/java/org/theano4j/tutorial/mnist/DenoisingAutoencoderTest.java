package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.ndarray.DType;
import org.theano4j.random.RandomStreams;
import org.theano4j.tensor.T;
import org.theano4j.tutorial.mnist.data.LegacyRandomState;
import org.theano4j.tutorial.mnist.data.MiniMnist;
import org.theano4j.tutorial.mnist.data.MnistData;
import org.theano4j.tutorial.mnist.data.MnistSplit;

/**
 * The {@link DenoisingAutoencoder} tutorial's cost per epoch equals an independent float64
 * computation of dA.py's graph written here (forward, hand-derived gradients, SGD) from the
 * same initial weights and with the same corruption masks, on the first 1,000 training images
 * of the mini set (CI-sized): one epoch without corruption, two with 30 %.
 */
class DenoisingAutoencoderTest {
  static final int N = 1000;
  static final int BATCH = 20;

  static CliRun run(String... args) {
    return CliRun.of(DenoisingAutoencoder::new, args);
  }

  @Test
  void costPerEpochEqualsAFloat64RecomputationWithTheSameMasks() {
    MnistData mini = MiniMnist.load();
    MnistSplit train = mini.train().range(0, N);
    MnistData data = new MnistData("first 1000", train, mini.valid(), mini.test());
    for (double level : DenoisingAutoencoder.CORRUPTION_LEVELS) {
      int epochs = level == 0 ? 1 : 2;
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      DenoisingAutoencoder app = new DenoisingAutoencoder(
          new PrintStream(buf, true, StandardCharsets.UTF_8));
      app.epochs = epochs;
      DenoisingAutoencoder.Run run = app.new Run(SharedDataset.of(data).trainX(), level, "jvm");
      assertThat(run.streamSeed).as("dA.py's rng.randint(2 ** 30) of RandomState(123)")
          .isEqualTo(843828734L);
      double[] ours = app.train(run, N / BATCH, level);

      Reference ref = new Reference(train, level, run.streamSeed);
      for (int e = 0; e < epochs; e++) {
        double cost = ref.epoch();
        assertThat(ours[e]).as("corruption %s, epoch %d", level, e)
            .isCloseTo(cost, within(1e-5 * cost));
      }
      assertThat(buf.toString(StandardCharsets.UTF_8)).contains("Training epoch 0, cost ");
      if (level > 0) {
        // the masks kept about 70 % of the pixels they were drawn for
        assertThat(ref.kept / (double) ref.drawn).isCloseTo(0.7, within(0.01));
      }
    }
  }

  /**
   * dA.py in float64: tied weights, sigmoid encoder and decoder, the cross-entropy cost summed
   * over pixels and averaged over the minibatch, SGD with lr 0.1, masks from a RandomStreams of
   * the tutorial's seed drawn once per step in order (the tutorial's only draw, so the same
   * stream of Philox counters).
   */
  static final class Reference {
    static final int IN = MnistSplit.PIXELS;
    static final int HID = 500;
    static final double LR = 0.1;
    final double[] w = new double[IN * HID];
    final double[] b = new double[HID];
    final double[] bPrime = new double[IN];
    final double[][] x;
    final Function mask;
    long kept;
    long drawn;

    Reference(MnistSplit train, double level, long streamSeed) {
      LegacyRandomState rng = new LegacyRandomState(123);
      rng.randint(1L << 30);
      double bound = 4 * Math.sqrt(6.0 / (HID + IN));
      double[] u = rng.uniform(-bound, bound, IN * HID);
      for (int i = 0; i < u.length; i++) {
        w[i] = (float) u[i];
      }
      x = MlpTest.Reference.rows(train);
      RandomStreams srng = new RandomStreams(streamSeed);
      mask = Theano.compile(List.of(), List.of(T.cast(srng.binomial(new int[] {BATCH, IN}, 1,
          1 - level), DType.FLOAT64)));
    }

    double epoch() {
      double[] c = new double[x.length / BATCH];
      for (int mb = 0; mb < c.length; mb++) {
        c[mb] = step(mb * BATCH);
      }
      return NumpyMean.mean(c);
    }

    double step(int from) {
      double[] m = mask.call().get(0).toDoubleArray();
      double[] gw = new double[IN * HID];
      double[] gb = new double[HID];
      double[] gbPrime = new double[IN];
      double cost = 0;
      for (int i = 0; i < BATCH; i++) {
        double[] xi = x[from + i];
        double[] tilde = new double[IN];
        for (int k = 0; k < IN; k++) {
          tilde[k] = m[i * IN + k] * xi[k];
          kept += m[i * IN + k] != 0 ? 1 : 0;
        }
        drawn += IN;
        double[] h = b.clone();
        for (int k = 0; k < IN; k++) {
          if (tilde[k] != 0) {
            for (int j = 0; j < HID; j++) {
              h[j] += tilde[k] * w[k * HID + j];
            }
          }
        }
        for (int j = 0; j < HID; j++) {
          h[j] = 1 / (1 + Math.exp(-h[j]));
        }
        double[] dh = new double[HID];
        for (int k = 0; k < IN; k++) {
          double a = bPrime[k];
          for (int j = 0; j < HID; j++) {
            a += h[j] * w[k * HID + j];
          }
          double z = 1 / (1 + Math.exp(-a));
          cost -= (xi[k] * Math.log(z) + (1 - xi[k]) * Math.log(1 - z)) / BATCH;
          double da = (z - xi[k]) / BATCH; // d cost / d a of the sigmoid's cross-entropy
          gbPrime[k] += da;
          for (int j = 0; j < HID; j++) {
            gw[k * HID + j] += da * h[j];
            dh[j] += da * w[k * HID + j];
          }
        }
        for (int j = 0; j < HID; j++) {
          double dpre = dh[j] * h[j] * (1 - h[j]);
          gb[j] += dpre;
          for (int k = 0; k < IN; k++) {
            if (tilde[k] != 0) {
              gw[k * HID + j] += tilde[k] * dpre;
            }
          }
        }
      }
      for (int i = 0; i < w.length; i++) {
        w[i] -= LR * gw[i];
      }
      for (int j = 0; j < HID; j++) {
        b[j] -= LR * gb[j];
      }
      for (int k = 0; k < IN; k++) {
        bPrime[k] -= LR * gbPrime[k];
      }
      return cost;
    }
  }

  @Test
  void oneEpochWritesBothFilterPicturesAndTheCosts(@TempDir Path dir) throws Exception {
    CliRun r = run("--epochs", "1", "--out", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("... training with corruption 0.0 (RandomStreams seed "
        + "843828734)", "... training with corruption 0.3", "The no corruption code ran for ",
        "The 30% corruption code ran for ",
        "Wrote filters_corruption_0.png, filters_corruption_30.png and costs.csv");
    for (String png : new String[] {"filters_corruption_0.png", "filters_corruption_30.png"}) {
      BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
      assertThat(img.getWidth()).as(png).isEqualTo(289);
      assertThat(img.getHeight()).as(png).isEqualTo(289);
    }
    List<String> csv = Files.readAllLines(dir.resolve("costs.csv"));
    assertThat(csv).hasSize(3);
    assertThat(csv.get(0)).isEqualTo("corruption,epoch,cost");
    assertThat(csv.get(1)).startsWith("0.0,0,");
    assertThat(csv.get(2)).startsWith("0.3,0,");
    assertThat(r.out()).contains(String.format(java.util.Locale.ROOT, "Training epoch 0, cost %f",
        Double.parseDouble(csv.get(2).split(",")[2])));
  }

  @Test
  void benchModePrintsMillisecondsPerEpoch(@TempDir Path dir) {
    CliRun r = run("--bench", "--bench-warmup", "0", "--bench-warmup-seconds", "0",
        "--bench-epochs", "1", "--dataset", "mini", "--out", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("... timing train_da with corruption 0.3")
        .containsPattern("bench: [0-9.]+ ms/epoch median");
  }

  @Test
  void badOptionsAreOneErrorLine(@TempDir Path dir) {
    String[][] cases = {{"--epochs", "0"}, {"--hidden", "-3"}, {"--learning-rate", "Infinity"},
        {"--init-seed", "4294967296"}, {"--dataset", "pkl"}, {"--epochs", "x"}};
    String[] expected = {
        "error: --epochs must be at least 1, got 0",
        "error: --hidden must be at least 1, got -3",
        "error: --learning-rate must be a finite number, got Infinity",
        "error: --init-seed must be in [0, 2^32), as NumPy's RandomState seeds, got 4294967296",
        "error: --dataset pkl takes a path",
        "error: Invalid value for option '--epochs': 'x' is not an int (see --help)"};
    CliRun.assertOneErrorLine(DenoisingAutoencoder::new, dir, cases, expected);
  }
}
