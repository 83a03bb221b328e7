package org.theano4j.tutorial.mnist;

import java.io.IOException;
import java.io.PrintStream;
import org.theano4j.tutorial.mnist.data.LegacyRandomState;
import org.theano4j.tutorial.mnist.data.MnistSplit;
import org.theano4j.tutorial.mnist.io.FilterTilesPng;
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
    return trainClassifier(new Classifier(batchSize, patience, epochs,
        shared -> functions(shared, backend()), "Multilayer perceptron", "hidden_filters.png",
        (path, best) -> FilterTilesPng.write(path, best.params.get(0).getValue(true))));
  }
}
