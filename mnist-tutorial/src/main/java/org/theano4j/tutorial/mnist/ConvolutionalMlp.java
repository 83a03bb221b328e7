package org.theano4j.tutorial.mnist;

import java.io.IOException;
import java.io.PrintStream;
import org.theano4j.tutorial.mnist.data.LegacyRandomState;
import org.theano4j.tutorial.mnist.io.FilterTilesPng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Theano's {@code convolutional_mlp.py} tutorial (LeNet-5, {@link LeNet5}): two
 * convolution + max-pooling layers of 20 and 50 5×5 filters, 500 tanh hidden units and the
 * logistic-regression layer, trained with minibatch SGD (lr 0.1) and early stopping on the same
 * data sets and with the same command-line conventions as {@link Mlp}. Writes the
 * first layer's filters as {@code filters_layer0.png}. The default minibatch is 50, not the
 * tutorial's 500: the tutorial's 500 on MNIST's 50,000 training examples make 100 minibatches
 * an epoch, as 50 do on the mini set's 5,000 (with 500 an epoch of the mini set is 10 steps and
 * reaching 4 % test error takes over 30 epochs; see docs/tutorial.md).
 *
 * <pre>
 * java -cp mnist-tutorial/target/theano4j-mnist-tutorial.jar org.theano4j.tutorial.mnist.ConvolutionalMlp
 * java -cp ... org.theano4j.tutorial.mnist.ConvolutionalMlp --epochs 5 --out lenet-run
 * java -cp ... org.theano4j.tutorial.mnist.ConvolutionalMlp --bench --bench-epochs 5
 * </pre>
 */
@Command(name = "lenet", mixinStandardHelpOptions = true,
    versionProvider = TutorialVersion.class,
    description = "Theano's LeNet convolutional-network tutorial (convolutional_mlp.py) on "
        + "Theano4J.")
public final class ConvolutionalMlp extends TutorialCommand {
  @Option(names = "--batch-size", description = "minibatch size (default ${DEFAULT-VALUE}: the "
      + "tutorial's 100 minibatches an epoch on the mini set's 5000 examples; "
      + "convolutional_mlp.py's 500 on MNIST's 50000)")
  int batchSize = 50;

  @Option(names = "--learning-rate", description = "SGD step (default ${DEFAULT-VALUE})")
  double learningRate = 0.1;

  @Option(names = "--nkerns", arity = "2", paramLabel = "N", description = "filters of the "
      + "two convolution layers, convolutional_mlp.py's nkerns (default 20 50)")
  int[] nkerns = {20, 50};

  @Option(names = "--patience", description = "initial patience in minibatches (default "
      + "${DEFAULT-VALUE})")
  int patience = 10_000;

  @Option(names = "--epochs", description = "maximum number of epochs, n_epochs (default "
      + "${DEFAULT-VALUE}; the tutorial's 200 on the full MNIST)")
  int epochs = EPOCHS;

  @Option(names = "--init-seed", description = "seed of the numpy.random.RandomState that "
      + "draws the weights (default ${DEFAULT-VALUE}, as convolutional_mlp.py)")
  long initSeed = 23455;

  /** The default {@code --epochs} (see docs/tutorial.md for the error and time it gives). */
  static final int EPOCHS = 10;

  public ConvolutionalMlp() {
    this(System.out);
  }

  ConvolutionalMlp(PrintStream log) {
    super(log);
  }

  public static void main(String[] args) {
    System.exit(commandLine(new ConvolutionalMlp()).execute(args));
  }

  /** Rejects settings the tutorial cannot run with, naming the option. */
  void checkOptions() {
    atLeast("--batch-size", batchSize, 1);
    atLeast("--nkerns", Math.min(nkerns[0], nkerns[1]), 1);
    checkPatience(patience);
    atLeast("--epochs", epochs, 1);
    finite("--learning-rate", learningRate);
    checkSeed("--init-seed", initSeed);
    checkCommonOptions();
  }

  /**
   * convolutional_mlp.py's functions for {@code data}, compiled for {@code backend}: LeNet
   * built from {@code --init-seed}, its input reshaped to {@code (batch_size, 1, 28, 28)}.
   */
  TutorialFunctions functions(SharedDataset data, String backend) {
    LegacyRandomState rng = new LegacyRandomState(initSeed);
    return new TutorialFunctions(data, batchSize, learningRate, backend,
        x -> new LeNet5(rng, x, batchSize, nkerns[0], nkerns[1]));
  }

  @Override
  public Integer call() throws IOException {
    checkOptions();
    return trainClassifier(new Classifier(batchSize, patience, epochs,
        shared -> functions(shared, backend()), "LeNet", "filters_layer0.png",
        (path, best) -> FilterTilesPng.writeConvFilters(path,
            ((LeNet5) best.network).layer0.W.getValue(true))));
  }
}
