package org.theano4j.tutorial.mnist;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.theano4j.tutorial.mnist.data.FashionMnist;
import org.theano4j.tutorial.mnist.data.MnistData;
import org.theano4j.tutorial.mnist.data.MnistSplit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code logistic-sgd predict}: loads a saved model ({@code best_model.npz}) and prints, or
 * writes as CSV, the predicted labels of the first test images, as {@code predict()} of
 * Theano's {@code logistic_sgd.py} prints the first 10. No training is done.
 *
 * <pre>
 * java -jar theano4j-mnist-tutorial.jar predict --model out/best_model.npz
 * java -jar theano4j-mnist-tutorial.jar predict --model f/best_model.npz --dataset fashion \
 *     --count 10000 --out predictions.csv
 * </pre>
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Predict the labels of the first test images with a saved model "
        + "(logistic_sgd.py's predict()).")
final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", paramLabel = "FILE", description = "the model saved by a training "
      + "run (default ${DEFAULT-VALUE})")
  Path model = Path.of("out", "best_model.npz");

  @Option(names = "--dataset", arity = "1..2", paramLabel = "NAME",
      description = "the data set whose test split is predicted, as for training "
          + "(default mini)")
  List<String> dataset = List.of("mini");

  @Option(names = "--count", description = "how many test images, from the first "
      + "(default ${DEFAULT-VALUE})")
  int count = 10;

  @Option(names = "--out", paramLabel = "FILE", description = "write the predictions to this "
      + "CSV file (index,predicted,probability,label[,class]) instead of printing them")
  Path out;

  @Option(names = "--device", description = "cpu (JVM backend, default) or cuda")
  String device = "cpu";

  /** The training command, whose output stream this command prints to. */
  @ParentCommand LogisticSgd parent;

  @Override
  public Integer call() {
    PrintStream log = parent.log();
    if (count < 1) {
      throw new IllegalArgumentException("--count must be at least 1, got " + count);
    }
    if (out != null && Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + " is a directory; give a file name");
    }
    // The data sets and devices of the training command, with the same names and errors.
    LogisticSgd settings = new LogisticSgd(log);
    settings.dataset = dataset;
    settings.device = device;
    // --cache-dir and --mirror are the training command's (given before "predict").
    settings.cacheDir = parent.cacheDir;
    settings.mirror = parent.mirror;
    String backend = settings.backend();
    Predictor predictor = Predictor.load(model, backend);
    MnistData data = settings.loadData();
    MnistSplit test = data.test();
    if (count > test.size()) {
      throw new IllegalArgumentException("--count " + count + " is more than the "
          + test.size() + " test images of " + data.name());
    }
    Predictor.Predictions p = predictor.predict(test.range(0, count).images());
    int[] labels = test.range(0, count).labelArray();
    List<String> names = classNames(dataset);
    if (out != null) {
      writeCsv(p, labels, names);
      log.println("Wrote the predictions for the first " + count + " examples in the test set "
          + "of " + data.name() + " to " + out);
    } else {
      log.print(report(p, names));
    }
    return 0;
  }

  /** The class names of a {@code --dataset}: Fashion-MNIST's, or null (digits name themselves). */
  static List<String> classNames(List<String> dataset) {
    return dataset.get(0).equals("fashion") ? FashionMnist.CLASS_NAMES : null;
  }

  /**
   * The printed predictions: {@code logistic_sgd.py}'s two lines ("Predicted values for the
   * first 10 examples in test set:" and the labels in brackets, as NumPy prints a short int array), and with
   * {@code names} a third line of the class names.
   */
  static String report(Predictor.Predictions p, List<String> names) {
    int[] k = p.labels();
    StringBuilder sb = new StringBuilder("Predicted values for the first " + k.length
        + " examples in test set:\n");
    sb.append(Arrays.stream(k).mapToObj(String::valueOf)
        .collect(Collectors.joining(" ", "[", "]\n")));
    if (names != null) {
      sb.append(Arrays.stream(k).mapToObj(names::get)
          .collect(Collectors.joining(", ", "[", "]\n")));
    }
    return sb.toString();
  }

  private void writeCsv(Predictor.Predictions p, int[] labels, List<String> names) {
    List<String> lines = new ArrayList<>();
    lines.add("index,predicted,probability,label" + (names != null ? ",class" : ""));
    for (int i = 0; i < labels.length; i++) {
      int k = p.labels()[i];
      lines.add(String.format(Locale.ROOT, "%d,%d,%.6f,%d", i, k, p.probabilities()[i],
          labels[i]) + (names != null ? "," + names.get(k) : ""));
    }
    try {
      Files.write(out, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write --out " + out + ": " + e, e);
    }
  }
}
