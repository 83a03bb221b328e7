package org.theano4j.tutorial.mnist;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.theano4j.io.Models;
import org.theano4j.io.Npz;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tutorial.mnist.data.MnistData;
import org.theano4j.tutorial.mnist.io.DigitGridPng;
import org.theano4j.tutorial.mnist.io.EpochStats;
import org.theano4j.tutorial.mnist.io.LearningCurvePng;
import org.theano4j.tutorial.mnist.io.PredictionGridPng;
import org.theano4j.tutorial.mnist.io.TrainingLogCsv;
import org.theano4j.tutorial.mnist.io.WeightsPng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Theano's {@code logistic_sgd.py} tutorial: MNIST logistic regression trained with minibatch
 * SGD and early stopping, then reloaded to predict, with pictures of the data and the
 * weights.
 *
 * <pre>
 * java -jar mnist-tutorial/target/theano4j-mnist-tutorial.jar               # embedded mini set
 * java -jar ... --dataset fashion --out fashion-run                         # full Fashion-MNIST
 * java -jar ... --dataset mnist --out mnist-run                             # full MNIST
 * java -jar ... --bench --bench-epochs 20                                   # ms per epoch
 * java -jar ... --bench --whole-epoch                                       # epoch as 1 call
 * java -jar ... predict --model out/best_model.npz                          # reuse a model
 * </pre>
 */
@Command(name = "logistic-sgd", mixinStandardHelpOptions = true,
    versionProvider = TutorialVersion.class,
    description = "Theano's MNIST logistic-regression tutorial (logistic_sgd.py) on Theano4J.",
    subcommands = PredictCommand.class)
public final class LogisticSgd extends TutorialCommand {
  @Option(names = "--batch-size", description = "minibatch size (mini: 60, full sets: 600)")
  Integer batchSize;

  @Option(names = "--learning-rate", description = "SGD step (default ${DEFAULT-VALUE})")
  double learningRate = 0.13;

  @Option(names = "--patience", description = "initial patience in minibatches "
      + "(mini: 500, full sets: 5000)")
  Integer patience;

  @Option(names = "--epochs", description = "maximum number of epochs (default ${DEFAULT-VALUE})")
  int epochs = 1000;

  @Option(names = "--whole-epoch", description = "with --bench: time, interleaved, epochs of "
      + "one train_model call per minibatch and the epoch as one call (a scan over the "
      + "minibatch indices that updates W and b inside the loop)")
  boolean wholeEpoch;

  public LogisticSgd() {
    this(System.out);
  }

  LogisticSgd(PrintStream log) {
    super(log);
  }

  public static void main(String[] args) {
    System.exit(commandLine(new LogisticSgd()).execute(args));
  }

  /** Rejects settings the tutorial's loop cannot run with, naming the option. */
  void checkOptions() {
    if (batchSize != null) {
      atLeast("--batch-size", batchSize, 1);
    }
    if (patience != null) {
      checkPatience(patience);
    }
    atLeast("--epochs", epochs, 1);
    if (wholeEpoch && !bench) {
      throw new IllegalArgumentException("--whole-epoch times the training epoch and needs "
          + "--bench (it does not train the tutorial)");
    }
    finite("--learning-rate", learningRate);
    checkCommonOptions();
  }

  @Override
  public Integer call() throws IOException {
    checkOptions();
    prepareOut();
    int bs = batchSize != null ? batchSize : isMini() ? 60 : 600;
    int pat = patience != null ? patience : isMini() ? 500 : 5000;
    long t0 = System.nanoTime();
    log.println("... loading data");
    MnistData data = loadData();
    TutorialFunctions fns = new TutorialFunctions(data, bs, learningRate, backend());
    fns.data.printShapes(log);
    int nTrain = batches(data.train().size(), bs, "training");
    int nValid = batches(data.valid().size(), bs, "validation");
    int nTest = batches(data.test().size(), bs, "test");
    if (bench && wholeEpoch) {
      new WholeEpoch(fns, nTrain, backend())
          .compare(fns::train, nTrain, benchWarmup, benchWarmupSeconds, benchEpochs, log);
      return 0;
    }
    if (bench) {
      benchmark(fns::train, nTrain);
      return 0;
    }
    DigitGridPng.writeSample(out.resolve("sample.png"), data.train().images());
    log.println("... training the model");
    List<EpochStats> history = new ArrayList<>();
    Path modelPath = out.resolve("best_model.npz");
    long trainStart = System.nanoTime();
    EarlyStopping.Result r;
    try (TrainingLogCsv csv = TrainingLogCsv.create(out.resolve("training_log.csv"))) {
      EarlyStopping.Config cfg = new EarlyStopping.Config(nTrain, nValid, nTest, pat, epochs);
      r = EarlyStopping.run(cfg, fns, (epoch, mb, iter, valid, test, improved) -> {
        EpochStats s = EpochStats.now(epoch, iter + 1, valid * 100, test * 100, trainStart);
        history.add(s);
        csv.log(s);
        if (improved) {
          Models.save(modelPath, fns.params);
        }
      }, log);
    }
    log.println(String.format(Locale.ROOT, "Ran for %.1fs", (System.nanoTime() - t0) / 1e9));
    List<String> written = new ArrayList<>(List.of("sample.png"));
    picture(written, "learning_curve.png", () -> LearningCurvePng.write(
        out.resolve("learning_curve.png"), history, "Logistic regression on " + data.name()));
    predict(data, modelPath, written);
    written.addAll(List.of("training_log.csv", "best_model.npz"));
    printWritten(written);
    return 0;
  }

  /** Reloads the best model into a fresh classifier and predicts the first test digits. */
  void predict(MnistData data, Path modelPath, List<String> written) throws IOException {
    int count = 25;
    NDArray images = data.test().range(0, count).images();
    Predictor.Predictions p = Predictor.load(modelPath, backend()).predict(images);
    int[] predicted = p.labels();
    double[] prob = p.probabilities();
    log.print(predictionLines(predicted, prob, classNames()));
    picture(written, "predicted.png", () -> PredictionGridPng.write(
        out.resolve("predicted.png"), images, predicted,
        data.test().range(0, count).labelArray()));
    NDArray w = Npz.read(modelPath).get("W");
    picture(written, "weight.png",
        () -> WeightsPng.write(out.resolve("weight.png"), w, WeightsPng.Scale.PER_IMAGE));
  }

  /**
   * The names of the classes of {@code --dataset} indexed by label (Fashion-MNIST's), or
   * {@code null} where the labels are the digits themselves.
   */
  List<String> classNames() {
    return PredictCommand.classNames(dataset);
  }

  /**
   * The tutorial's prediction printout, five {@code (label, probability)} pairs a line; the
   * label is the class name where {@code names} is not null.
   */
  static String predictionLines(int[] predicted, double[] prob, List<String> names) {
    StringBuilder sb = new StringBuilder("Predicted values for the first " + predicted.length
        + " examples in test set (" + (names == null ? "digit" : "class")
        + ", probability):\n");
    for (int i = 0; i < predicted.length; i++) {
      sb.append(String.format(Locale.ROOT, "(%s, %.3f)%s",
          names == null ? String.valueOf(predicted[i]) : names.get(predicted[i]), prob[i],
          i % 5 == 4 || i == predicted.length - 1 ? "\n" : " "));
    }
    return sb.toString();
  }
}
