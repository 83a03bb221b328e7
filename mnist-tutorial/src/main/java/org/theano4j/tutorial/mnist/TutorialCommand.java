package org.theano4j.tutorial.mnist;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.theano4j.TheanoException;
import org.theano4j.datasets.DatasetCache;
import org.theano4j.datasets.DownloadException;
import org.theano4j.io.FileFormatException;
import org.theano4j.io.Models;
import org.theano4j.tutorial.mnist.io.EpochStats;
import org.theano4j.tutorial.mnist.io.TrainingLogCsv;
import org.theano4j.tutorial.mnist.data.DatasetNotFoundException;
import org.theano4j.tutorial.mnist.data.DownloadedDatasets;
import org.theano4j.tutorial.mnist.data.MnistData;
import org.theano4j.tutorial.mnist.data.MnistDatasets;
import org.theano4j.tutorial.mnist.data.MnistIdx;
import org.theano4j.tutorial.mnist.data.MnistPickle;
import org.theano4j.tutorial.mnist.io.EpochStats;
import org.theano4j.tutorial.mnist.io.LearningCurvePng;
import org.theano4j.tutorial.mnist.io.TrainingLogCsv;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What the tutorial programs ({@link LogisticSgd}, {@link Mlp}, {@link ConvolutionalMlp},
 * {@link DenoisingAutoencoder}, {@link SequentialMnist}) share: the options that choose the data
 * set, the output directory, the device and the benchmark, their checks, the one-line
 * {@code error:} handling, and the pictures that are skipped with a warning where Java has no
 * fonts.
 */
abstract class TutorialCommand implements Callable<Integer> {
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

  @Option(names = "--out", description = "output directory (default ${DEFAULT-VALUE})")
  Path out = Path.of("out");

  @Option(names = "--device", description = "cpu (JVM backend, default) or cuda")
  String device = "cpu";

  @Option(names = "--seed", description = "seed of the synthetic data set (default "
      + "${DEFAULT-VALUE})")
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

  final PrintStream log;

  TutorialCommand(PrintStream log) {
    this.log = log;
  }

  /** Where the tutorial prints its progress (standard output, or a test's stream). */
  PrintStream log() {
    return log;
  }

  /**
   * The command line of {@code app}: user errors (see {@link #isUserError}) are printed as one
   * line {@code error: ...} with exit code 1, anything else with its stack trace; an option
   * that cannot be parsed is one line {@code error: ... (see --help)} with exit code 2.
   */
  static CommandLine commandLine(TutorialCommand app) {
    CommandLine cli = new CommandLine(app);
    cli.setParameterExceptionHandler((e, args) -> {
      CommandLine cmd = e.getCommandLine();
      cmd.getErr().println("error: " + e.getMessage() + " (see --help)");
      cmd.getErr().flush();
      return cmd.getCommandSpec().exitCodeOnInvalidInput();
    });
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

  /** Refuses {@code value} below {@code min}, naming the option. */
  static void atLeast(String option, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(option + " must be at least " + min + ", got "
          + value);
    }
  }

  /** Refuses a patience under 2: validation happens every {@code patience / 2} minibatches. */
  static void checkPatience(int patience) {
    if (patience < 2) {
      throw new IllegalArgumentException("--patience must be at least 2 (validation happens "
          + "every min(n_train_batches, patience / 2) minibatches), got " + patience);
    }
  }

  /** Refuses a seed that NumPy's {@code RandomState} would refuse. */
  static void checkSeed(String option, long seed) {
    if (seed < 0 || seed > 0xffffffffL) {
      throw new IllegalArgumentException(option + " must be in [0, 2^32), as NumPy's "
          + "RandomState seeds, got " + seed);
    }
  }

  /** Refuses a {@code value} that is not a finite number, naming the option. */
  static void finite(String option, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(option + " must be a finite number, got " + value);
    }
  }

  /** Checks the shared options: the benchmark's, {@code --device} and {@code --dataset}. */
  void checkCommonOptions() {
    if (bench) {
      atLeast("--bench-epochs", benchEpochs, 1);
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
  String datasetArgs() {
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

  boolean isMini() {
    return dataset.get(0).equals("mini");
  }

  /** The number of whole minibatches of {@code batchSize} in {@code n} examples; at least 1. */
  static int batches(int n, int batchSize, String split) {
    if (n / batchSize == 0) {
      throw new IllegalArgumentException("--batch-size " + batchSize + " is larger than the "
          + split + " split (" + n + " examples)");
    }
    return n / batchSize;
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

  /** The closing line: the files written, in order, and where. */
  void printWritten(List<String> written) {
    log.println("Wrote " + String.join(", ", written.subList(0, written.size() - 1)) + " and "
        + written.get(written.size() - 1) + " to " + out.toAbsolutePath());
  }

  /** The picture a classification tutorial draws of its best model's first layer. */
  interface FiltersPicture {
    void write(Path path, TutorialFunctions best) throws IOException;
  }

  /**
   * What differs between the classification tutorials that {@link #trainClassifier} runs:
   * {@code trainExamples} caps the training split (0: all of it), {@code building} is the line
   * printed before the model is compiled, the learning curve is titled {@code title + " on " +
   * data set + titleSuffix}, and {@code filters} (null: none) draws the best model's first layer
   * to {@code filtersName}.
   */
  record Classifier(int batchSize, int patience, int epochs, int trainExamples,
      Function<SharedDataset, TutorialFunctions> functions, String building, String title,
      String titleSuffix, String filtersName, FiltersPicture filters) {
    /** A tutorial that trains on the whole split and draws its first layer's filters. */
    Classifier(int batchSize, int patience, int epochs,
        Function<SharedDataset, TutorialFunctions> functions, String title, String filtersName,
        FiltersPicture filters) {
      this(batchSize, patience, epochs, 0, functions, "... building the model", title, "",
          filtersName, filters);
    }
  }

  /**
   * The body of {@code mlp.py}, {@code convolutional_mlp.py} and the LSTM after their options
   * are checked:
   * loads the data into shared variables, compiles the functions, then either times
   * {@code train_model} ({@code --bench}) or trains with {@link EarlyStopping} (printing the
   * mean training cost of every validation period, logging every validation to
   * {@code training_log.csv}, saving every new best model to {@code best_model.npz}) and draws
   * the learning curve and, from the best model, the first layer's filters.
   */
  Integer trainClassifier(Classifier c) throws IOException {
    prepareOut();
    long t0 = System.nanoTime();
    log.println("... loading data");
    MnistData data = loadData();
    SharedDataset shared = SharedDataset.of(data);
    shared.printShapes(log);
    int nExamples = c.trainExamples() == 0 ? data.train().size()
        : Math.min(c.trainExamples(), data.train().size());
    int nTrain = batches(nExamples, c.batchSize(), "training");
    int nValid = batches(data.valid().size(), c.batchSize(), "validation");
    int nTest = batches(data.test().size(), c.batchSize(), "test");
    log.println(c.building());
    TutorialFunctions fns = c.functions().apply(shared);
    if (bench) {
      benchmark(fns::train, nTrain);
      return 0;
    }
    log.println("... training");
    List<EpochStats> history = new java.util.ArrayList<>();
    Path modelPath = out.resolve("best_model.npz");
    EarlyStopping.Result r = trainLogged(fns,
        new EarlyStopping.Config(nTrain, nValid, nTest, c.patience(), c.epochs()), history,
        modelPath);
    log.println(String.format(Locale.ROOT, "Best validation score of %f %% obtained at "
        + "iteration %d, with test performance %f %%", r.bestValidError() * 100,
        r.bestIteration() + 1, r.testError() * 100));
    log.println(String.format(Locale.ROOT, "Ran for %.1fs", (System.nanoTime() - t0) / 1e9));
    List<String> written = new java.util.ArrayList<>();
    picture(written, "learning_curve.png", () -> LearningCurvePng.write(
        out.resolve("learning_curve.png"), history,
        c.title() + " on " + data.name() + c.titleSuffix()));
    if (c.filters() != null) {
      // the first layer's filters of the best model, as the tutorials draw them
      Models.load(modelPath, fns.params);
      c.filters().write(out.resolve(c.filtersName()), fns);
      written.add(c.filtersName());
    }
    written.addAll(List.of("training_log.csv", "best_model.npz"));
    printWritten(written);
    return 0;
  }

  /**
   * The classification tutorials' training loop: {@link EarlyStopping#run} over {@code fns},
   * printing the mean training cost after each validation, writing each validation's row to
   * {@code training_log.csv} and to {@code history}, and saving the best model's parameters
   * to {@code modelPath}.
   */
  EarlyStopping.Result trainLogged(TutorialFunctions fns, EarlyStopping.Config cfg,
      List<EpochStats> history, Path modelPath) throws IOException {
    long trainStart = System.nanoTime();
    try (TrainingLogCsv csv = TrainingLogCsv.create(out.resolve("training_log.csv"))) {
      CostsSinceValidation model = new CostsSinceValidation(fns);
      return EarlyStopping.run(cfg, model, (epoch, mb, iter, valid, test, improved) -> {
        log.println(String.format(Locale.ROOT, "     epoch %d, mean training cost %f", epoch,
            model.meanAndReset()));
        EpochStats s = EpochStats.now(epoch, iter + 1, valid * 100, test * 100, trainStart);
        history.add(s);
        csv.log(s);
        if (improved) {
          Models.save(modelPath, fns.params);
        }
      }, log);
    }
  }

  /** Runs {@link Benchmark#run} with the {@code --bench-*} settings. */
  void benchmark(IntConsumer trainStep, int nTrain) {
    Benchmark.run(trainStep, nTrain, benchWarmup, benchWarmupSeconds, benchEpochs, log);
  }

  /** Steady-state timing of {@code train_model}. */
  static final class Benchmark {
    private Benchmark() {}

    /** Times epochs of {@code trainStep(0 .. nTrain-1)} after a warm-up; prints one line. */
    static void run(IntConsumer trainStep, int nTrain, int warmup, double warmupSeconds,
        int epochs, PrintStream log) {
      log.println(String.format(Locale.ROOT, "... warming up train_model (at least %d epochs"
          + " and %.1f s)", warmup, warmupSeconds));
      long start = System.nanoTime();
      int done = 0;
      while (done < warmup || (System.nanoTime() - start) / 1e9 < warmupSeconds) {
        for (int i = 0; i < nTrain; i++) {
          trainStep.accept(i);
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
          trainStep.accept(i);
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

    static double median(double[] sorted) {
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
  }
}
