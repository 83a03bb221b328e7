package org.theano4j.tutorial.mnist;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import org.theano4j.random.RandomStreams;
import org.theano4j.tutorial.mnist.data.LegacyRandomState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sequential MNIST: an LSTM ({@link LstmClassifier}, written with {@code scan}) reads each digit
 * as 28 rows of 28 pixels and classifies it from its last hidden state; mean negative
 * log-likelihood, Adam, minibatches through {@code givens}, validation and test errors after
 * every epoch (the model of the best validation error is kept), optional dropout on the last
 * hidden state. Same data sets and command-line conventions as {@link LogisticSgd}.
 *
 * <pre>
 * java -cp mnist-tutorial/target/theano4j-mnist-tutorial.jar org.theano4j.tutorial.mnist.SequentialMnist
 * java -cp ... org.theano4j.tutorial.mnist.SequentialMnist --epochs 3 --dropout 0.2 --out lstm-run
 * java -cp ... org.theano4j.tutorial.mnist.SequentialMnist --bench --bench-epochs 3
 * </pre>
 */
@Command(name = "sequential-mnist", mixinStandardHelpOptions = true,
    versionProvider = TutorialVersion.class,
    description = "An LSTM (written with scan) that reads each digit row by row.")
public final class SequentialMnist extends TutorialCommand {
  @Option(names = "--epochs", description = "training epochs (default ${DEFAULT-VALUE})")
  int epochs = 8;

  @Option(names = "--batch-size", description = "minibatch size (default ${DEFAULT-VALUE})")
  int batchSize = 50;

  @Option(names = "--learning-rate", description = "Adam's step size (default "
      + "${DEFAULT-VALUE})")
  double learningRate = 0.005;

  @Option(names = "--hidden", description = "LSTM units (default ${DEFAULT-VALUE})")
  int hidden = 128;

  @Option(names = "--dropout", description = "probability of dropping a unit of the last "
      + "hidden state in training, in [0, 1) (default ${DEFAULT-VALUE}: none)")
  double dropout = 0;

  @Option(names = "--init-seed", description = "seed of the numpy.random.RandomState that "
      + "draws the weights, and of the RandomStreams of --dropout (default ${DEFAULT-VALUE})")
  long initSeed = 1234;

  /** The slice of the training split used, for quick runs and tests (0: all of it). */
  @Option(names = "--train-examples", paramLabel = "N", description = "train on the first N "
      + "examples of the training split only, for a quick run (default: all)")
  int trainExamples = 0;

  public SequentialMnist() {
    this(System.out);
  }

  SequentialMnist(PrintStream log) {
    super(log);
  }

  public static void main(String[] args) {
    System.exit(commandLine(new SequentialMnist()).execute(args));
  }

  /** Rejects settings the tutorial cannot run with, naming the option. */
  void checkOptions() {
    atLeast("--epochs", epochs, 1);
    atLeast("--batch-size", batchSize, 1);
    atLeast("--hidden", hidden, 1);
    atLeast("--train-examples", trainExamples, 0);
    finite("--learning-rate", learningRate);
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
    }
    checkSeed("--init-seed", initSeed);
    checkCommonOptions();
  }

  /** The model's three functions for {@code data}, compiled for {@code backend}. */
  TutorialFunctions functions(SharedDataset data, String backend) {
    LegacyRandomState rng = new LegacyRandomState(initSeed);
    RandomStreams streams = new RandomStreams(initSeed);
    return new TutorialFunctions(data, batchSize, learningRate, backend,
        x -> new LstmClassifier(rng, streams, x, hidden, dropout));
  }

  @Override
  public Integer call() throws IOException {
    checkOptions();
    // validation once an epoch, and no early stop: the patience outlasts the epochs
    return trainClassifier(new Classifier(batchSize, Integer.MAX_VALUE, epochs, trainExamples,
        shared -> functions(shared, backend()), String.format(Locale.ROOT,
            "... building the model: LSTM of %d units over 28 rows of 28 pixels, softmax on the "
            + "last state, Adam %s, batch %d, dropout %s", hidden, learningRate, batchSize,
            dropout), "LSTM", " (row by row)", null, null));
  }
}
