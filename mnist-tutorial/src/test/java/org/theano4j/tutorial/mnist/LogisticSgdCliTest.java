package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.io.Npz;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tutorial.mnist.data.HostileFiles;
import picocli.CommandLine;

class LogisticSgdCliTest {
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);
    CommandLine cli = LogisticSgd.commandLine(new LogisticSgd(log));
    cli.setOut(new PrintWriter(log, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  @Test
  void shortRunWritesEveryOutputFile(@TempDir Path dir) throws Exception {
    Run r = run("--epochs", "2", "--out", dir.toString());
    assertThat(r.exit).as(r.err).isZero();
    assertThat(r.out).contains("... loading data", "train_set_x [5000, 784]",
        "epoch 2, minibatch 83/83, validation error", "Optimization complete",
        "The code run for 2 epochs", "Ran for ",
        "Predicted values for the first 25 examples in test set (digit, probability):");
    for (String png : new String[] {"sample.png", "predicted.png", "weight.png",
        "learning_curve.png"}) {
      assertThat(ImageIO.read(dir.resolve(png).toFile())).as(png).isNotNull();
    }
    // iteration = minibatches trained on since the start: 83 per epoch of the mini set
    assertThat(Files.readAllLines(dir.resolve("training_log.csv"))).hasSize(3)
        .first().isEqualTo(
            "epoch,iteration,validation_error_pct,test_error_pct,elapsed_s,since_jvm_start_s");
    List<String[]> rows = Files.readAllLines(dir.resolve("training_log.csv")).subList(1, 3)
        .stream().map(l -> l.split(",", -1)).collect(Collectors.toList());
    assertThat(rows).satisfiesExactly(row -> assertThat(row).startsWith("1", "83"),
        row -> assertThat(row).startsWith("2", "166"));
    for (String[] row : rows) {
      // the time since the JVM started includes the whole training so far and this JVM's
      // own start-up before the test, so it is larger than the training's elapsed time
      assertThat(Double.parseDouble(row[5])).isGreaterThan(Double.parseDouble(row[4]));
    }
    Map<String, NDArray> model = Npz.read(dir.resolve("best_model.npz"));
    assertThat(model.get("W").shape()).containsExactly(784, 10);
    assertThat(model.get("b").shape()).containsExactly(10);
  }

  @Test
  void benchModePrintsMillisecondsPerEpoch(@TempDir Path dir) {
    Run r = run("--bench", "--bench-warmup", "0", "--bench-warmup-seconds", "0",
        "--bench-epochs", "2", "--out",
        dir.toString());
    assertThat(r.exit).as(r.err).isZero();
    assertThat(r.out).contains("... warming up train_model (at least 0 epochs and 0.0 s)")
        .containsPattern("bench: [0-9.]+ ms/epoch median \\(min [0-9.]+");
  }

  @Test
  void badOptionsGiveClearErrors(@TempDir Path dir) {
    Run device = run("--device", "tpu", "--out", dir.toString());
    assertThat(device.exit).isNotZero();
    assertThat(device.err).contains("--device must be cpu or cuda, got 'tpu'");
    Run dataset = run("--dataset", "cifar", "--out", dir.toString());
    assertThat(dataset.err).contains("unknown --dataset 'cifar'");
    Run path = run("--dataset", "mnist-idx", "--out", dir.toString());
    assertThat(path.err).contains("--dataset mnist-idx takes a path");
    Run cuda = run("--device", "cuda", "--epochs", "1", "--out", dir.toString());
    assertThat(cuda.exit).isNotZero();
    assertThat(cuda.err).contains("CUDA backend unavailable: ");
  }

  @Test
  void optionsTheLoopCannotRunWithAreRejectedByName(@TempDir Path dir) {
    assertThat(run("--batch-size", "0", "--out", dir.toString()).err)
        .contains("--batch-size must be at least 1, got 0");
    assertThat(run("--patience", "1", "--out", dir.toString()).err)
        .contains("--patience must be at least 2");
    assertThat(run("--epochs", "0", "--out", dir.toString()).err)
        .contains("--epochs must be at least 1, got 0");
    assertThat(run("--learning-rate", "NaN", "--out", dir.toString()).err)
        .contains("--learning-rate must be a finite number");
  }

  @Test
  void missingDataIsOneLineNamingTheFile(@TempDir Path dir) {
    Run pkl = run("--dataset", "pkl", dir.resolve("nope.pkl.gz").toString(), "--out",
        dir.toString());
    assertThat(pkl.exit).isNotZero();
    assertThat(pkl.err).contains("error: ").contains("nope.pkl.gz").doesNotContain("\tat ");
    Run idx = run("--dataset", "mnist-idx", dir.toString(), "--out", dir.resolve("o").toString());
    assertThat(idx.err).contains("train-images-idx3-ubyte").contains(dir.toString());
  }

  /** A refusal of the CLI: non-zero exit and one line "error: ..." without a stack trace. */
  static String oneLineError(Run r) {
    assertThat(r.exit).as(r.out + r.err).isNotZero();
    assertThat(r.err.strip().lines()).as(r.err).hasSize(1);
    assertThat(r.err).startsWith("error: ");
    return r.err.strip();
  }

  @Test
  void hostileDataFilesAreOneLineErrors(@TempDir Path dir) throws Exception {
    Path idx = Files.createDirectory(dir.resolve("idx"));
    Files.write(idx.resolve("train-images-idx3-ubyte"),
        Arrays.copyOf(HostileFiles.idxHeader(2, 28, 28), 16 + 2 * 784));
    HostileFiles.idxLabelBomb(idx.resolve("train-labels-idx1-ubyte.gz"));
    assertThat(oneLineError(run("--dataset", "mnist-idx", idx.toString(), "--out",
        dir.resolve("o").toString())))
        .isEqualTo("error: " + idx.resolve("train-labels-idx1-ubyte.gz") + ": header says 100"
            + " items of 1 bytes (dimensions [100], 100 bytes of data) but the file has more than"
            + " 1048676 bytes of data (trailing bytes)");

    Path marks = HostileFiles.markBomb(dir.resolve("marks.pkl.gz"));
    assertThat(oneLineError(run("--dataset", "pkl", marks.toString(), "--out",
        dir.resolve("o").toString()))).contains("pickle stack exceeds 100000 entries");

    Path key = Files.write(dir.resolve("key.pkl"), HostileFiles.selfReferentialKey());
    assertThat(oneLineError(run("--dataset", "pkl", key.toString(), "--out",
        dir.resolve("o").toString()))).contains("unhashable type: 'list'");

    Path deep = Files.write(dir.resolve("deep.pkl"), HostileFiles.nestedTuples(1_000_000));
    assertThat(oneLineError(run("--dataset", "pkl", deep.toString(), "--out",
        dir.resolve("o").toString()))).contains("nested more than 1000 deep");

    Path memo = Files.write(dir.resolve("memo.pkl"), HostileFiles.memoBomb(120));
    assertThat(oneLineError(run("--dataset", "pkl", memo.toString(), "--out",
        dir.resolve("o").toString()))).contains("more than 10000000 objects");
  }

  @Test
  void aPathOfTheWrongKindIsRefusedNotReadAsANamedSet(@TempDir Path dir) throws Exception {
    // "mini" names the embedded set only as --dataset mini; after pkl or mnist-idx it is a path.
    assertThat(oneLineError(run("--dataset", "pkl", "mini", "--out", dir.toString())))
        .isEqualTo("error: pickle file not found: mini");
    assertThat(oneLineError(run("--dataset", "mnist-idx", "fashion", "--out", dir.toString())))
        .isEqualTo("error: fashion does not exist (expected a directory holding the four"
            + " MNIST IDX files)");
    assertThat(oneLineError(run("--dataset", "pkl", dir.toString(), "--out", dir.toString())))
        .isEqualTo("error: not a pickle file: " + dir + " is a directory");
    Path file = Files.write(dir.resolve("mnist.pkl"), new byte[] {'N', '.'});
    assertThat(oneLineError(run("--dataset", "mnist-idx", file.toString(), "--out",
        dir.toString()))).isEqualTo("error: not a directory: " + file + " is a file (expected a"
            + " directory holding the four MNIST IDX files)");
    assertThat(oneLineError(run("--dataset", "mini", "extra", "--out", dir.toString())))
        .isEqualTo("error: --dataset mini takes no path, got [mini, extra]");
  }

  @Test
  void aMissingDataPathIsSaidNotToExist(@TempDir Path dir) {
    Path missing = dir.resolve("nonexistent");
    assertThat(oneLineError(run("--dataset", "mnist-idx", missing.toString(), "--out",
        dir.resolve("o").toString()))).isEqualTo("error: " + missing + " does not exist"
            + " (expected a directory holding the four MNIST IDX files)");
  }

  @Test
  void anOutThatCannotBeWrittenIsOneLineBeforeLoading(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("taken"), "not a directory");
    Run existing = run("--out", file.toString());
    assertThat(oneLineError(existing)).isEqualTo("error: --out " + file + " is an existing file;"
        + " expected a directory (created if missing)");
    assertThat(existing.out).doesNotContain("loading data");
    Run under = run("--out", file.resolve("sub").toString());
    assertThat(oneLineError(under)).startsWith("error: --out " + file.resolve("sub")
        + ": cannot write there (");
    assertThat(under.out).doesNotContain("loading data");
    assertThat(Files.readString(file)).isEqualTo("not a directory");
  }

  @Test
  void optionErrorsComeBeforeLoadingTheData(@TempDir Path dir) {
    for (String[] args : new String[][] {{"--device", "tpu"}, {"--dataset", "cifar"},
        {"--dataset", "pkl"}, {"--dataset", "mini", "x"}, {"--epochs", "0"}}) {
      String[] withOut = Arrays.copyOf(args, args.length + 2);
      withOut[args.length] = "--out";
      withOut[args.length + 1] = dir.resolve("o").toString();
      Run r = run(withOut);
      oneLineError(r);
      assertThat(r.out).as(Arrays.toString(args)).isEmpty();
    }
    assertThat(dir.resolve("o")).doesNotExist();
  }

  @Test
  void versionIsTheProjectVersion() throws Exception {
    // the version of the parent POM, read here independently of TutorialVersion
    String pom = Files.readString(Path.of("pom.xml"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "<artifactId>theano4j-(?:module-)?parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(pom);
    assertThat(m.find()).as("parent version in pom.xml").isTrue();
    for (String flag : new String[] {"-V", "--version"}) {
      Run r = run(flag);
      assertThat(r.exit).isZero();
      assertThat(r.out.strip()).isEqualTo("logistic-sgd (Theano4J) " + m.group(1));
    }
  }

  @Test
  void fashionPredictionsAreClassNames() {
    int[] predicted = {9, 2, 1, 1, 6, 1};
    double[] prob = {0.9, 0.5, 1, 0.99, 0.25, 0.875};
    assertThat(LogisticSgd.predictionLines(predicted, prob,
        org.theano4j.tutorial.mnist.data.FashionMnist.CLASS_NAMES)).isEqualTo(
            "Predicted values for the first 6 examples in test set (class, probability):\n"
            + "(Ankle boot, 0.900) (Pullover, 0.500) (Trouser, 1.000) (Trouser, 0.990) "
            + "(Shirt, 0.250)\n(Trouser, 0.875)\n");
    assertThat(LogisticSgd.predictionLines(predicted, prob, null)).startsWith(
        "Predicted values for the first 6 examples in test set (digit, probability):\n"
            + "(9, 0.900) (2, 0.500)");
    LogisticSgd fashion = new LogisticSgd();
    new CommandLine(fashion).parseArgs("--dataset", "fashion");
    assertThat(fashion.classNames()).containsExactly("T-shirt/top", "Trouser", "Pullover",
        "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    LogisticSgd mini = new LogisticSgd();
    new CommandLine(mini).parseArgs();
    assertThat(mini.classNames()).isNull();
  }
}
