package org.theano4j.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.autodiff.Grad;
import org.theano4j.compile.Mode;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * The training step of Theano's {@code mlp.py} (issue 14): a 784–500–10 perceptron with a tanh
 * hidden layer and a softmax output, cost = negative log-likelihood + L2 × (ΣW1² + ΣW2²),
 * gradients from {@link Grad#grad}, SGD updates, the minibatch of 20 selected from shared
 * training data through {@code givens}; 250 steps = one epoch of 5,000 examples.
 *
 * <p>mlp.py's L1 coefficient is 0.00; its term contributes exactly zero to the cost and the
 * gradients, so it is left out here and in the NumPy/PyTorch references
 * ({@code benchmarks/scripts/mlp_ref.py}) alike.
 *
 * <p>The data and the initial weights are deterministic and synthetic (the embedded mini MNIST
 * lives in the tutorial module, which the benchmarks do not depend on): SplitMix64 streams that
 * {@code mlp_ref.py} reproduces bit for bit, so the three implementations start from the same
 * numbers. W1 is uniform in ±sqrt(6/(784+500)) as in mlp.py, the biases and W2 are zeros.
 *
 * <p>{@code main} runs epochs and writes the results for the side-by-side check of
 * {@code benchmarks/scripts/mlp-step.sh}; {@link MlpStepBenchmark} times the epoch.
 */
public final class MlpStep {
  static final int INPUTS = 784;
  static final int HIDDEN = 500;
  static final int CLASSES = 10;
  static final int BATCH = 20;
  static final int EXAMPLES = 5000;
  static final int STEPS = EXAMPLES / BATCH;
  static final double LEARNING_RATE = 0.01;
  static final double L2 = 0.0001;
  /** SplitMix64 seeds of the three streams (x, y, W1); mlp_ref.py uses the same. */
  static final long SEED_X = 1;
  static final long SEED_Y = 2;
  static final long SEED_W1 = 3;

  /** The parameters, in the order the check files are written: W1, b1, W2, b2. */
  final List<SharedVariable> params;
  /** {@code train(index)}: the minibatch's cost; updates the parameters. */
  final Function train;
  /** The argument array of {@code train(i)} for each minibatch i. */
  private final Object[][] indexArgs = new Object[STEPS][];

  /** mlp.py's step: learning rate 0.01, L2 0.0001. */
  MlpStep(boolean profile) {
    this(profile, LEARNING_RATE, L2);
  }

  /**
   * The same step with other hyper-parameters (the test uses larger ones), compiled without
   * the rewrites named in {@code excluding}.
   */
  MlpStep(boolean profile, double learningRate, double l2Coefficient, String... excluding) {
    this(Mode.FAST_RUN, profile, false, false, learningRate, l2Coefficient, excluding);
  }

  /**
   * mlp.py's step; with {@code borrowOutputs} the cost array (and its list) is lent until the
   * next call ({@code Theano.function(...).borrowOutputs(true)}).
   */
  MlpStep(boolean profile, boolean borrowOutputs) {
    this(profile, borrowOutputs, false);
  }

  /**
   * As above; with {@code fastMath} the step is compiled with
   * {@code Theano.function(...).fastMath(true)} (its float32 tanh, exp and log take the
   * fast-math loops of bounded error).
   */
  MlpStep(boolean profile, boolean borrowOutputs, boolean fastMath) {
    this(Mode.FAST_RUN, profile, borrowOutputs, fastMath, LEARNING_RATE, L2);
  }

  /**
   * mlp.py's step compiled in {@code mode}: {@code FAST_RUN} (fused elementwise groups, GEMM
   * rewrites) or {@code FAST_COMPILE} (the graph as written, one kernel per op), its cost
   * lent until the next call with {@code borrowOutputs}.
   */
  MlpStep(Mode mode, boolean borrowOutputs) {
    this(mode, false, borrowOutputs, false, LEARNING_RATE, L2);
  }

  private MlpStep(Mode mode, boolean profile, boolean borrowOutputs, boolean fastMath,
      double learningRate, double l2Coefficient, String... excluding) {
    SharedVariable trainX = Theano.shared(NDArray.of(uniform(SEED_X, EXAMPLES * INPUTS),
        EXAMPLES, INPUTS), "train_x");
    SharedVariable trainY = Theano.shared(NDArray.of(labels(SEED_Y, EXAMPLES, CLASSES),
        EXAMPLES), "train_y");
    SharedVariable w1 = Theano.shared(NDArray.of(initialW1(), INPUTS, HIDDEN), "W1");
    SharedVariable b1 = Theano.shared(NDArray.zeros(Theano.floatX(), HIDDEN), "b1");
    SharedVariable w2 = Theano.shared(NDArray.zeros(Theano.floatX(), HIDDEN, CLASSES), "W2");
    SharedVariable b2 = Theano.shared(NDArray.zeros(Theano.floatX(), CLASSES), "b2");
    params = List.of(w1, b1, w2, b2);

    Variable index = T.lscalar("index");
    Variable x = T.matrix("x");
    Variable y = T.ivector("y");
    Variable hidden = T.tanh(T.dot(x, w1).add(b1));
    Variable p = T.softmax(T.dot(hidden, w2).add(b2));
    Variable nll = T.log(p).get(T.arange(y.shape(0)), y).mean().neg();
    Variable l2 = T.sqr(w1).sum().add(T.sqr(w2).sum());
    Variable cost = nll.add(l2.mul(l2Coefficient));

    List<Variable> grads = Grad.grad(cost, params);
    Map<SharedVariable, Variable> updates = new LinkedHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      updates.put(params.get(i), params.get(i).sub(grads.get(i).mul(learningRate)));
    }
    Variable lo = index.mul(BATCH);
    Variable hi = index.add(1).mul(BATCH);
    Map<Variable, Variable> givens = new LinkedHashMap<>();
    givens.put(x, trainX.slice(lo, hi));
    givens.put(y, trainY.slice(lo, hi));
    train = Theano.function(List.of(index), List.of(cost)).updates(updates).givens(givens)
        .mode(mode).profile(profile).excluding(excluding).borrowOutputs(borrowOutputs)
        .fastMath(fastMath).build();
    for (int i = 0; i < STEPS; i++) {
      indexArgs[i] = new Object[] {(long) i};
    }
  }

  /** One epoch: 250 calls of {@code train(index)}; returns the 250 costs. */
  double[] epoch() {
    return epoch(new double[STEPS]);
  }

  /**
   * One epoch into {@code costs} (returned): the arguments are made once, so that the loop
   * allocates nothing of its own (a varargs array and a boxed index per call would).
   */
  double[] epoch(double[] costs) {
    for (int i = 0; i < STEPS; i++) {
      costs[i] = train.call(indexArgs[i]).get(0).getDouble();
    }
    return costs;
  }

  /** The i-th output of the SplitMix64 stream {@code seed}, i counted from 0. */
  static long splitMix64(long seed, long i) {
    long z = seed + (i + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The stream's i-th double in [0, 1): its top 53 bits. */
  static double unit(long seed, long i) {
    return (splitMix64(seed, i) >>> 11) * 0x1.0p-53;
  }

  /** n float32 values in [0, 1): each stream double rounded to float. */
  static float[] uniform(long seed, int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) unit(seed, i);
    }
    return out;
  }

  /** n int32 labels in [0, classes): the top 31 bits of each stream value, modulo classes. */
  static int[] labels(long seed, int n, int classes) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = (int) ((splitMix64(seed, i) >>> 33) % classes);
    }
    return out;
  }

  /** mlp.py's W1: uniform in ±sqrt(6/(784+500)), computed in double, rounded to float. */
  static float[] initialW1() {
    double bound = Math.sqrt(6.0 / (INPUTS + HIDDEN));
    float[] out = new float[INPUTS * HIDDEN];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (bound * (2.0 * unit(SEED_W1, i) - 1.0));
    }
    return out;
  }

  /**
   * {@code MlpStep [--epochs N] [--out DIR] [--profile] [--fast-math]}: trains N epochs
   * (default 1; with {@code --fast-math} compiled with {@code fastMath(true)}) and
   * prints each epoch's mean cost; with {@code --out}, writes the last epoch's 250 costs
   * ({@code costs.txt}) and the parameters as raw little-endian float32 ({@code W1.f32},
   * {@code b1.f32}, {@code W2.f32}, {@code b2.f32}); with {@code --profile}, prints the
   * function's profile (per op and per node) of the last epoch.
   */
  public static void main(String[] args) {
    int epochs = 1;
    Path out = null;
    boolean profile = false;
    boolean fastMath = false;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--epochs" -> epochs = positive("--epochs", value(args, ++i, "--epochs"));
          case "--out" -> out = Path.of(value(args, ++i, "--out"));
          case "--profile" -> profile = true;
          case "--fast-math" -> fastMath = true;
          default -> throw new IllegalArgumentException("unknown argument '" + args[i]
              + "'; expected --epochs N, --out DIR, --profile or --fast-math");
        }
      }
      run(epochs, out, profile, fastMath, System.out);
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
  }

  /** {@code args[i]}, the value of {@code option}; one error line when it is missing. */
  static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  /** {@code text} as a positive integer, the value of {@code option}. */
  static int positive(String option, String text) {
    try {
      int v = Integer.parseInt(text);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " expects a positive integer, got '" + text
        + "'");
  }

  static void run(int epochs, Path out, boolean profile, PrintStream log) throws IOException {
    run(epochs, out, profile, false, log);
  }

  /** As above; {@code fastMath}: the step compiled with {@code fastMath(true)}. */
  static void run(int epochs, Path out, boolean profile, boolean fastMath, PrintStream log)
      throws IOException {
    MlpStep step = new MlpStep(false, false, fastMath);
    MlpStep profiled = profile ? new MlpStep(true, false, fastMath) : null;
    double[] costs = null;
    for (int e = 0; e < epochs; e++) {
      long t0 = System.nanoTime();
      costs = step.epoch();
      long t1 = System.nanoTime();
      double mean = 0;
      for (double c : costs) {
        mean += c / costs.length;
      }
      log.printf(Locale.ROOT, "epoch %d: mean cost %.6f, %.1f ms%n", e + 1, mean,
          (t1 - t0) / 1e6);
    }
    if (out != null) {
      Files.createDirectories(out);
      List<String> lines = new ArrayList<>();
      for (double c : costs) {
        lines.add(Double.toString(c));
      }
      Files.write(out.resolve("costs.txt"), lines);
      for (SharedVariable p : step.params) {
        float[] data = p.getValue().toFloatArray();
        ByteBuffer buf = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        Files.write(out.resolve(p.name() + ".f32"), buf.array());
      }
    }
    if (profiled != null) {
      for (int e = 0; e < epochs; e++) {
        profiled.epoch();
      }
      log.print(profiled.train.profile().summary());
    }
  }
}
