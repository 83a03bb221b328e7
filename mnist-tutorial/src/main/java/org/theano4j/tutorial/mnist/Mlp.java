package org.theano4j.tutorial.mnist;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.theano4j.io.Models;
import org.theano4j.tutorial.mnist.data.LegacyRandomState;
import org.theano4j.tutorial.mnist.data.MnistData;
import org.theano4j.tutorial.mnist.data.MnistSplit;
import org.theano4j.tutorial.mnist.io.EpochStats;
import org.theano4j.tutorial.mnist.io.FilterTilesPng;
import org.theano4j.tutorial.mnist.io.LearningCurvePng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Theano's {@code mlp.py} tutorial: a multilayer perceptron (500 tanh hidden units, the
 * logistic-regression layer on top) trained with minibatch SGD, L1 and L2 terms and early
 * stopping, on the same data sets and with the same command-line conventions as
 * {@link LogisticSgd}.
 *
 * <pre>
 * java -cp mnist-tutorial/target/theano4j-mnist-tutorial.jar org.theano4j.tutorial.mnist.Mlp
 * java -cp ... org.theano4j.tutorial.mnist.Mlp --epochs 5 --out mlp-run
 * java -cp ... org.theano4j.tutorial.mnist.Mlp --bench --bench-epochs 10
 * </pre>
 */
@Command(name = "mlp", mixinStandardHelpOptions = true,
    versionProvider = TutorialVersion.class,
    description = "Theano's multilayer-perceptron tutorial (mlp.py) on Theano4J.")
public final class Mlp extends TutorialCommand {
  @Option(names = "--batch-size", description = "minibatch size (default ${DEFAULT-VALUE})")
  int batchSize = 20;

  @Option(names = "--learning-rate", description = "SGD step (default ${DEFAULT-VALUE})")
  double learningRate = 0.01;

  @Option(names = "--l1", description = "L1 coefficient, mlp.py's L1_reg (default "
      + "${DEFAULT-VALUE})")
  double l1 = 0.00;

  @Option(names = "--l2", description = "L2 coefficient, mlp.py's L2_reg (default "
      + "${DEFAULT-VALUE})")
  double l2 = 0.0001;

  @Option(names = "--hidden", description = "hidden units, mlp.py's n_hidden (default "
      + "${DEFAULT-VALUE})")
  int hidden = 500;

  @Option(names = "--patience", description = "initial patience in minibatches (default "
      + "${DEFAULT-VALUE})")
  int patience = 10_000;

  @Option(names = "--epochs", description = "maximum number of epochs, mlp.py's n_epochs "
      + "(default ${DEFAULT-VALUE})")
  int epochs = 1000;

  @Option(names = "--init-seed", description = "seed of the numpy.random.RandomState that "
      + "draws the hidden layer's weights (default ${DEFAULT-VALUE}, as mlp.py)")
  long initSeed = 1234;

  public Mlp() {
    this(System.out);
  }

  Mlp(PrintStream log) {
    super(log);
  }

  public static void main(String[] args) {
    System.exit(commandLine(new Mlp()).execute(args));
  }

  /** Rejects settings the tutorial cannot run with, naming the option. */
  void checkOptions() {
    atLeast("--batch-size", batchSize, 1);
    atLeast("--hidden", hidden, 1);
    checkPatience(patience);
    atLeast("--epochs", epochs, 1);
    finite("--learning-rate", learningRate);
    finite("--l1", l1);
    finite("--l2", l2);
    checkSeed("--init-seed", initSeed);
    checkCommonOptions();
  }

  /**
   * mlp.py's functions for {@code data}, compiled for {@code backend}: the network built from
   * {@code --init-seed}.
   */
  TutorialFunctions functions(SharedDataset data, String backend) {
    LegacyRandomState rng = new LegacyRandomState(initSeed);
    return new TutorialFunctions(data, batchSize, learningRate, backend,
        x -> new MultiLayerPerceptron(rng, x, MnistSplit.PIXELS, hidden, MnistSplit.CLASSES,
            l1, l2));
  }

  @Override
  public Integer call() throws IOException {
    checkOptions();
    prepareOut();
    long t0 = System.nanoTime();
    log.println("... loading data");
    MnistData data = loadData();
    SharedDataset shared = SharedDataset.of(data);
    shared.printShapes(log);
    int nTrain = batches(data.train().size(), batchSize, "training");
    int nValid = batches(data.valid().size(), batchSize, "validation");
    int nTest = batches(data.test().size(), batchSize, "test");
    log.println("... building the model");
    TutorialFunctions fns = functions(shared, backend());
    if (bench) {
      benchmark(fns::train, nTrain);
      return 0;
    }
    log.println("... training");
    List<EpochStats> history = new ArrayList<>();
    Path modelPath = out.resolve("best_model.npz");
    EarlyStopping.Result r = trainLogged(fns,
        new EarlyStopping.Config(nTrain, nValid, nTest, patience, epochs), history, modelPath);
    log.println(String.format(Locale.ROOT, "Best validation score of %f %% obtained at "
        + "iteration %d, with test performance %f %%", r.bestValidError() * 100,
        r.bestIteration() + 1, r.testError() * 100));
    log.println(String.format(Locale.ROOT, "Ran for %.1fs", (System.nanoTime() - t0) / 1e9));
    List<String> written = new ArrayList<>();
    picture(written, "learning_curve.png", () -> LearningCurvePng.write(
        out.resolve("learning_curve.png"), history, "Multilayer perceptron on " + data.name()));
    // the first layer's filters of the best model, as the tutorials draw them
    Models.load(modelPath, fns.params);
    FilterTilesPng.write(out.resolve("hidden_filters.png"),
        fns.params.get(0).getValue(true));
    written.addAll(List.of("hidden_filters.png", "training_log.csv", "best_model.npz"));
    printWritten(written);
    return 0;
  }

  /**
   * The tutorial's model, also keeping the costs of the minibatches trained since the last
   * validation (one epoch where validation is once an epoch, as on every data set with
   * patience 10000), for the printed mean training cost.
   */
  static final class CostsSinceValidation implements EarlyStopping.Model {
    private final EarlyStopping.Model model;
    private double[] costs = new double[64];
    private int n;

    CostsSinceValidation(EarlyStopping.Model model) {
      this.model = model;
    }

    @Override
    public double train(int index) {
      double c = model.train(index);
      if (n == costs.length) {
        costs = java.util.Arrays.copyOf(costs, 2 * n);
      }
      costs[n++] = c;
      return c;
    }

    @Override
    public double validate(int index) {
      return model.validate(index);
    }

    @Override
    public double test(int index) {
      return model.test(index);
    }

    /** {@code numpy.mean} of the costs since the last call; forgets them. */
    double meanAndReset() {
      double m = NumpyMean.mean(java.util.Arrays.copyOf(costs, n));
      n = 0;
      return m;
    }
  }
}
