package org.theano4j.tutorial.mnist;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.theano4j.TheanoException;
import org.theano4j.datasets.DatasetCache;
import org.theano4j.datasets.DownloadException;
import org.theano4j.io.FileFormatException;
import org.theano4j.io.Models;
import org.theano4j.io.Npz;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tutorial.mnist.data.DatasetNotFoundException;
import org.theano4j.tutorial.mnist.data.DownloadedDatasets;
import org.theano4j.tutorial.mnist.data.MnistData;
import org.theano4j.tutorial.mnist.data.MnistDatasets;
import org.theano4j.tutorial.mnist.data.MnistIdx;
import org.theano4j.tutorial.mnist.data.MnistPickle;
import org.theano4j.tutorial.mnist.data.MnistSplit;
import org.theano4j.tutorial.mnist.io.DigitGridPng;
import org.theano4j.tutorial.mnist.io.EpochStats;
import org.theano4j.tutorial.mnist.io.LearningCurvePng;
import org.theano4j.tutorial.mnist.io.PredictionGridPng;
import org.theano4j.tutorial.mnist.io.TrainingLogCsv;
import org.theano4j.tutorial.mnist.io.WeightsPng;
import picocli.CommandLine;
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
 * java -jar ... predict --model out/best_model.npz                          # reuse a model
 * </pre>
 */
@Command(name = "logistic-sgd", mixinStandardHelpOptions = true,
    versionProvider = TutorialVersion.class,
    description = "Theano's MNIST logistic-regression tutorial (logistic_sgd.py) on Theano4J.",
    subcommands = PredictCommand.class)
public final class LogisticSgd implements Callable<Integer> {
  @Option(names = "--dataset", arity = "1..2", paramLabel = "NAME",
      description = "mini (embedded, default) | mnist | fashion (downloaded into the cache "
          + "once, checksummed) | mnist-idx DIR | pkl FILE "
          + "| synthetic (random data of Fashion-MNIST's shape, for timing)")
  List<String> dataset = List.of("mini");

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "download cache of "
      + "--dataset mnist|fashion (default $THEANO4J_CACHE, else $XDG_CACHE_HOME/theano4j, "
      + "else ~/.cache/theano4j)")
  Path cacheDir;

  @Option(names = "--mirror", paramLabel = "URL", description = "base URL to download the "
      + "four IDX .gz files of --dataset mnist|fashion from (default: the official mirror)")
  String mirror;

  @Option(names = "--batch-size", description = "minibatch size (mini: 60, full sets: 600)")
  Integer batchSize;

  @Option(names = "--learning-rate", description = "SGD step (default ${DEFAULT-VALUE})")
  double learningRate = 0.13;

  @Option(names = "--patience", description = "initial patience in minibatches "
      + "(mini: 500, full sets: 5000)")
  Integer patience;

  @Option(names = "--epochs", description = "maximum number of epochs (default ${DEFAULT-VALUE})")
  int epochs = 1000;

  @Option(names = "--out", description = "output directory (default ${DEFAULT-VALUE})")
  Path out = Path.of("out");

  @Option(names = "--device", description = "cpu (JVM backend, default) or cuda")
  String device = "cpu";

  @Option(names = "--seed", description = "seed of the synthetic data set (default "
      + "${DEFAULT-VALUE}); the training itself is deterministic (zero init, no shuffling)")
  long seed = 1234;

  @Option(names = "--bench", description = "time train_model only: warm-up, then "
      + "--bench-epochs epochs; prints ms/epoch")
  boolean bench;

  @Option(names = "--bench-epochs", description = "epochs timed in --bench (default "
      + "${DEFAULT-VALUE})")
  int benchEpochs = 20;

  @Option(names = "--bench-warmup", description = "warm-up epochs in --bench, at least "
      + "(default ${DEFAULT-VALUE}); warm-up also lasts at least --bench-warmup-seconds")
  int benchWarmup = 20;

  @Option(names = "--bench-warmup-seconds", description = "minimum warm-up time in --bench, "
      + "so that the JIT has compiled the hot code (default ${DEFAULT-VALUE})")
  double benchWarmupSeconds = 3;

  private final PrintStream log;

  public LogisticSgd() {
    this(System.out);
  }

  LogisticSgd(PrintStream log) {
    this.log = log;
  }

  /** Where the tutorial prints its progress (standard output, or a test's stream). */
  PrintStream log() {
    return log;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new LogisticSgd()).execute(args));
  }

  /**
   * The command line of {@code app}: user errors (see {@link #isUserError}) are printed as one
   * line {@code error: ...} with exit code 1, anything else with its stack trace.
   */
  static CommandLine commandLine(LogisticSgd app) {
    CommandLine cli = new CommandLine(app);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (isUserError(e)) {
        cmd.getErr().println("error: " + e.getMessage());
        cmd.getErr().flush();
        return 1;
      }
      throw e;
    });
    return cli;
  }

  /** Errors caused by the command line or the data, reported in one line without a trace. */
  static boolean isUserError(Exception e) {
    return e instanceof TheanoException || e instanceof IllegalArgumentException
        || e instanceof java.io.UncheckedIOException || e instanceof FileFormatException
        || e instanceof DatasetNotFoundException || e instanceof DownloadException;
  }

  /** Rejects settings the tutorial's loop cannot run with, naming the option. */
  void checkOptions() {
    if (batchSize != null && batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
    }
    if (patience != null && patience < 2) {
      throw new IllegalArgumentException("--patience must be at least 2 (validation happens "
          + "every min(n_train_batches, patience / 2) minibatches), got " + patience);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
    }
    if (!Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("--learning-rate must be a finite number, got "
          + learningRate);
    }
    if (bench && benchEpochs < 1) {
      throw new IllegalArgumentException("--bench-epochs must be at least 1, got "
          + benchEpochs);
    }
    backend();
    datasetArgs();
  }

  /**
   * Creates the {@code --out} directory if missing and checks that a file can be written in
   * it, so that a bad {@code --out} is reported before the data is loaded.
   */
  void prepareOut() {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + " is an existing file; expected a "
          + "directory (created if missing)");
    }
    try {
      Files.createDirectories(out);
      Files.delete(Files.createTempFile(out, ".write-test", ".tmp"));
    } catch (IOException e) {
      throw new IllegalArgumentException("--out " + out + ": cannot write there ("
          + reason(e) + ")");
    }
  }

  /** The operating system's reason for a failed file operation, without the path twice. */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason() + (f.getFile() != null ? ": " + f.getFile() : "");
    }
    return e.toString();
  }

  /** The backend name for {@code --device}. */
  String backend() {
    switch (device) {
      case "cpu":
      case "jvm":
        return "jvm";
      case "cuda":
      case "gpu":
        return "cuda";
      default:
        throw new IllegalArgumentException("--device must be cpu or cuda, got '" + device + "'");
    }
  }

  /** Checks {@code --dataset}: a known kind with or without its path; returns the kind. */
  private String datasetArgs() {
    String kind = dataset.get(0);
    int n;
    switch (kind) {
      case "mini":
      case "mnist":
      case "fashion":
      case "synthetic":
        n = 1;
        break;
      case "mnist-idx":
      case "pkl":
        n = 2;
        break;
      default:
        throw new IllegalArgumentException("unknown --dataset '" + kind
            + "'; expected mini, mnist, fashion, mnist-idx DIR, pkl FILE or synthetic");
    }
    if (dataset.size() != n) {
      throw new IllegalArgumentException("--dataset " + kind + " takes "
          + (n == 1 ? "no path" : "a path") + ", got " + dataset);
    }
    return kind;
  }

  MnistData loadData() {
    String kind = datasetArgs();
    switch (kind) {
      case "mnist-idx":
        return MnistIdx.load(Path.of(dataset.get(1)));
      case "pkl":
        return MnistPickle.load(Path.of(dataset.get(1)));
      case "synthetic":
        return SyntheticData.fashionShaped(seed);
      case "mnist":
      case "fashion":
        return DownloadedDatasets.standard(cacheDir,
            mirror == null ? null : DatasetCache.mirror(mirror)).load(kind);
      default:
        return MnistDatasets.open(kind);
    }
  }

  private boolean isMini() {
    return dataset.get(0).equals("mini");
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
    printShapes(fns);
    int nTrain = data.train().size() / bs;
    int nValid = data.valid().size() / bs;
    int nTest = data.test().size() / bs;
    if (nTrain == 0 || nValid == 0 || nTest == 0) {
      throw new IllegalArgumentException("--batch-size " + bs + " is larger than a split of "
          + data);
    }
    if (bench) {
      Benchmark.run(fns, nTrain, benchWarmup, benchWarmupSeconds, benchEpochs, log);
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
        EpochStats s = new EpochStats(epoch, iter + 1, valid * 100, test * 100,
            (System.nanoTime() - trainStart) / 1e9);
        history.add(s);
        csv.log(s);
        if (improved) {
          Models.save(modelPath, fns.classifier.params);
        }
      }, log);
    }
    log.println(String.format(Locale.ROOT, "Ran for %.1fs", (System.nanoTime() - t0) / 1e9));
    List<String> written = new ArrayList<>(List.of("sample.png"));
    picture(written, "learning_curve.png", () -> LearningCurvePng.write(
        out.resolve("learning_curve.png"), history, "Logistic regression on " + data.name()));
    predict(data, modelPath, written);
    written.addAll(List.of("training_log.csv", "best_model.npz"));
    log.println("Wrote " + String.join(", ", written.subList(0, written.size() - 1)) + " and "
        + written.get(written.size() - 1) + " to " + out.toAbsolutePath());
    return 0;
  }

  private void printShapes(TutorialFunctions f) {
    log.println("train_set_x " + Arrays.toString(f.trainX.getValue(true).shape())
        + ", train_set_y " + Arrays.toString(f.trainY.getValue(true).shape()) + " "
        + f.trainY.dtype());
    log.println("valid_set_x " + Arrays.toString(f.validX.getValue(true).shape())
        + ", valid_set_y " + Arrays.toString(f.validY.getValue(true).shape()));
    log.println("test_set_x  " + Arrays.toString(f.testX.getValue(true).shape())
        + ", test_set_y  " + Arrays.toString(f.testY.getValue(true).shape()));
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

  /** A picture that needs text (fonts); where Java finds no fonts it is skipped with a warning. */
  interface Drawing {
    void draw() throws IOException;
  }

  /** Draws one picture; adds {@code name} to {@code written} if it was written. */
  void picture(List<String> written, String name, Drawing d) throws IOException {
    try {
      d.draw();
      written.add(name);
    } catch (RuntimeException | InternalError e) {
      // AWT without fontconfig fonts (a bare server) fails at the first text it lays out.
      log.println("warning: " + name + " not written: Java's text rendering failed here ("
          + e.getMessage() + "); install fonts (e.g. fonts-dejavu-core) to get it");
    }
  }

  /** Steady-state timing of {@code train_model}. */
  static final class Benchmark {
    private Benchmark() {}

    static void run(TutorialFunctions f, int nTrain, int warmup, double warmupSeconds,
        int epochs, PrintStream log) {
      log.println(String.format(Locale.ROOT, "... warming up train_model (at least %d epochs"
          + " and %.1f s)", warmup, warmupSeconds));
      long start = System.nanoTime();
      int done = 0;
      while (done < warmup || (System.nanoTime() - start) / 1e9 < warmupSeconds) {
        for (int i = 0; i < nTrain; i++) {
          f.train(i);
        }
        done++;
      }
      log.println(String.format(Locale.ROOT, "... benchmarking train_model: %d warm-up epochs "
          + "(%.1f s), then %d timed epochs of %d minibatches", done,
          (System.nanoTime() - start) / 1e9, epochs, nTrain));
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      double[] wall = new double[epochs];
      long cpu0 = os.getProcessCpuTime();
      for (int e = 0; e < epochs; e++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < nTrain; i++) {
          f.train(i);
        }
        wall[e] = (System.nanoTime() - t0) / 1e6;
      }
      // Process CPU time (all threads: JIT, GC, BLAS) has a coarse clock, so it is averaged
      // over all timed epochs rather than taken per epoch.
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e6 / epochs;
      Arrays.sort(wall);
      log.println(String.format(Locale.ROOT,
          "bench: %.2f ms/epoch median (min %.2f, p90 %.2f, max %.2f); CPU %.2f ms/epoch mean;"
              + " %.1f us/step", median(wall), wall[0], wall[(int) (0.9 * (epochs - 1))],
          wall[epochs - 1], cpu, median(wall) * 1000 / nTrain));
      try {
        // The CUDA backend's graph counters, where it is on the class path.
        log.println(Class.forName("org.theano4j.cuda.runtime.CudaStats").getMethod("now")
            .invoke(null));
      } catch (ReflectiveOperationException | LinkageError e) {
        // no CUDA backend here
      }
    }

    private static double median(double[] sorted) {
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
  }
}
