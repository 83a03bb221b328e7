package org.theano4j.tutorial.mnist;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.random.RandomStreams;
import org.theano4j.tensor.T;
import org.theano4j.tutorial.mnist.data.LegacyRandomState;
import org.theano4j.tutorial.mnist.data.MnistData;
import org.theano4j.tutorial.mnist.data.MnistSplit;
import org.theano4j.tutorial.mnist.io.FilterTilesPng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Theano's {@code dA.py} tutorial: a denoising autoencoder ({@link Autoencoder}, 500 hidden
 * units, tied weights) trained twice on the training images, without corruption and with 30 %
 * of the pixels zeroed, 15 epochs of minibatch SGD each; writes the first 100 filters of each
 * run ({@code filters_corruption_0.png}, {@code filters_corruption_30.png}) and the cost per
 * epoch ({@code costs.csv}).
 *
 * <pre>
 * java -cp mnist-tutorial/target/theano4j-mnist-tutorial.jar org.theano4j.tutorial.mnist.DenoisingAutoencoder
 * java -cp ... org.theano4j.tutorial.mnist.DenoisingAutoencoder --epochs 2 --out da-run
 * java -cp ... org.theano4j.tutorial.mnist.DenoisingAutoencoder --bench --bench-epochs 5
 * </pre>
 */
@Command(name = "dA", mixinStandardHelpOptions = true,
    versionProvider = TutorialVersion.class,
    description = "Theano's denoising-autoencoder tutorial (dA.py) on Theano4J.")
public final class DenoisingAutoencoder extends TutorialCommand {
  /** The two corruption levels dA.py trains with, in order. */
  static final double[] CORRUPTION_LEVELS = {0.0, 0.3};

  @Option(names = "--epochs", description = "training epochs of each run, dA.py's "
      + "training_epochs (default ${DEFAULT-VALUE})")
  int epochs = 15;

  @Option(names = "--batch-size", description = "minibatch size (default ${DEFAULT-VALUE})")
  int batchSize = 20;

  @Option(names = "--learning-rate", description = "SGD step (default ${DEFAULT-VALUE})")
  double learningRate = 0.1;

  @Option(names = "--hidden", description = "hidden units (default ${DEFAULT-VALUE})")
  int hidden = 500;

  @Option(names = "--init-seed", description = "seed of the numpy.random.RandomState that "
      + "draws the RandomStreams seed and then W (default ${DEFAULT-VALUE}, as dA.py)")
  long initSeed = 123;

  public DenoisingAutoencoder() {
    this(System.out);
  }

  DenoisingAutoencoder(PrintStream log) {
    super(log);
  }

  public static void main(String[] args) {
    System.exit(commandLine(new DenoisingAutoencoder()).execute(args));
  }

  /** Rejects settings the tutorial cannot run with, naming the option. */
  void checkOptions() {
    atLeast("--epochs", epochs, 1);
    atLeast("--batch-size", batchSize, 1);
    atLeast("--hidden", hidden, 1);
    finite("--learning-rate", learningRate);
    checkSeed("--init-seed", initSeed);
    checkCommonOptions();
  }

  /** One training run: the model and its compiled {@code train_da}. */
  final class Run {
    final Autoencoder da;
    final RandomStreams theanoRng;
    final long streamSeed;
    final Function trainDa;

    /**
     * As dA.py: {@code rng = RandomState(123)}, {@code theano_rng =
     * RandomStreams(rng.randint(2 ** 30))}, then the dA (W drawn from {@code rng}) and
     * {@code train_da} over minibatches of {@code trainX} selected through {@code givens},
     * compiled for {@code backend}.
     */
    Run(SharedVariable trainX, double corruptionLevel, String backend) {
      LegacyRandomState rng = new LegacyRandomState(initSeed);
      streamSeed = rng.randint(1L << 30);
      theanoRng = new RandomStreams(streamSeed);
      Variable index = T.lscalar("index");
      Variable x = T.matrix("x");
      da = new Autoencoder(rng, theanoRng, x, MnistSplit.PIXELS, hidden);
      Autoencoder.CostUpdates cu = da.costUpdates(corruptionLevel, learningRate);
      trainDa = Theano.function(List.of(index), List.of(cu.cost())).updates(cu.updates())
          .givens(Map.of(x, trainX.slice(index.mul(batchSize), index.add(1).mul(batchSize))))
          .backend(backend).build();
    }

    double train(int index) {
      return trainDa.call(index).get(0).getDouble();
    }

    /** One epoch over {@code nTrain} minibatches: {@code numpy.mean(c, dtype='float64')}. */
    double epoch(int nTrain) {
      double[] c = new double[nTrain];
      for (int i = 0; i < nTrain; i++) {
        c[i] = train(i);
      }
      return NumpyMean.mean(c);
    }
  }

  /**
   * Trains the run of {@code corruptionLevel} for {@code --epochs} epochs, printing dA.py's
   * lines; returns the cost of each epoch.
   */
  double[] train(Run run, int nTrain, double corruptionLevel) {
    double[] costs = new double[epochs];
    long start = System.nanoTime();
    for (int e = 0; e < epochs; e++) {
      costs[e] = run.epoch(nTrain);
      log.println(String.format(Locale.ROOT, "Training epoch %d, cost %f", e, costs[e]));
    }
    log.println(String.format(Locale.ROOT, "The %s code ran for %.2fm (%.1f s per epoch)",
        corruptionLevel == 0 ? "no corruption" : percent(corruptionLevel) + "% corruption",
        (System.nanoTime() - start) / 60e9, (System.nanoTime() - start) / 1e9 / epochs));
    return costs;
  }

  static int percent(double level) {
    return (int) Math.round(level * 100);
  }

  @Override
  public Integer call() throws IOException {
    checkOptions();
    prepareOut();
    log.println("... loading data");
    MnistData data = loadData();
    SharedVariable trainX = SharedDataset.of(data).trainX();
    int nTrain = batches(data.train().size(), batchSize, "training");
    if (bench) {
      double level = CORRUPTION_LEVELS[1];
      log.println("... timing train_da with corruption " + level);
      Run run = new Run(trainX, level, backend());
      benchmark(run::train, nTrain);
      return 0;
    }
    List<String> csv = new ArrayList<>(List.of("corruption,epoch,cost"));
    List<String> written = new ArrayList<>();
    for (double level : CORRUPTION_LEVELS) {
      Run run = new Run(trainX, level, backend());
      log.println(String.format(Locale.ROOT, "... training with corruption %.1f "
          + "(RandomStreams seed %d)", level, run.streamSeed));
      double[] costs = train(run, nTrain, level);
      for (int e = 0; e < costs.length; e++) {
        csv.add(String.format(Locale.ROOT, "%.1f,%d,%s", level, e, costs[e]));
      }
      String name = "filters_corruption_" + percent(level) + ".png";
      FilterTilesPng.write(out.resolve(name), run.da.W.getValue(true));
      written.add(name);
    }
    Files.write(out.resolve("costs.csv"), csv, StandardCharsets.UTF_8);
    written.add("costs.csv");
    printWritten(written);
    return 0;
  }
}
