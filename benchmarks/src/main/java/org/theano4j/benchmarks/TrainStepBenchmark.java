package org.theano4j.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * One SGD step of the MNIST logistic-regression tutorial with hand-written gradients: the
 * minibatch is selected from shared training sets through {@code givens} and an
 * {@code lscalar} index, and {@code W}, {@code b} are updated in the same call.
 *
 * <pre>
 * p    = softmax(x·W + b)
 * cost = -mean(log(p)[arange(n), y])
 * gW   = xᵀ(p − onehot(y)) / n,  gb = mean(p − onehot(y), axis 0)
 * W ← W − 0.13 gW,  b ← b − 0.13 gb
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TrainStepBenchmark {
  static final int BATCH = 600;
  static final int BATCHES = 10;
  static final int FEATURES = 784;
  static final int CLASSES = 10;
  static final double LEARNING_RATE = 0.13;

  /** The compile mode: all rewrites, or merge only (docs/performance.md reports their ratio). */
  @Param({"FAST_RUN", "FAST_COMPILE"})
  public String mode;

  /** Whether the cost is lent until the next call ({@code borrowOutputs(true)}). */
  @Param({"false"})
  public boolean borrowOutputs;

  private Function train;
  private int index;
  /** The argument array of each minibatch, made once (the call allocates none of its own). */
  private final Object[][] args = new Object[BATCHES][];

  @Setup
  public void setUp() {
    Random rng = new Random(1234);
    SharedVariable trainX = Theano.shared(
        RandomArrays.uniform(rng, BATCH * BATCHES, FEATURES), "train_x");
    SharedVariable trainY = Theano.shared(
        RandomArrays.labels(rng, BATCH * BATCHES, CLASSES), "train_y");
    DType floatX = Theano.floatX();
    SharedVariable w = Theano.shared(NDArray.zeros(floatX, FEATURES, CLASSES), "W");
    SharedVariable b = Theano.shared(NDArray.zeros(floatX, CLASSES), "b");

    Variable idx = T.lscalar("index");
    Variable x = T.matrix("x");
    Variable y = T.ivector("y");
    Variable p = T.softmax(T.dot(x, w).add(b));
    Variable n = y.shape(0);
    Variable cost = T.log(p).get(T.arange(n), y).mean().neg();
    Variable onehot = T.eq(T.arange(CLASSES).dimshuffle("x", 0), y.dimshuffle(0, "x"))
        .astype(floatX);
    Variable err = p.sub(onehot);
    Variable gW = T.dot(x.T(), err).div(n.astype(floatX));
    Variable gb = err.mean(0);

    Map<SharedVariable, Variable> updates = new LinkedHashMap<>();
    updates.put(w, w.sub(gW.mul(LEARNING_RATE)));
    updates.put(b, b.sub(gb.mul(LEARNING_RATE)));
    Variable lo = idx.mul(BATCH);
    Variable hi = idx.add(1).mul(BATCH);
    Map<Variable, Variable> givens = new LinkedHashMap<>();
    givens.put(x, trainX.slice(lo, hi));
    givens.put(y, trainY.slice(lo, hi));
    train = Theano.function(List.of(idx), List.of(cost)).updates(updates).givens(givens)
        .mode(org.theano4j.compile.Mode.valueOf(mode)).borrowOutputs(borrowOutputs).build();
    for (int i = 0; i < BATCHES; i++) {
      args[i] = new Object[] {(long) i};
    }
  }

  /** One call of {@code train_model(index)}, cycling over the 10 minibatches. */
  @Benchmark
  public List<NDArray> trainStep() {
    index = (index + 1) % BATCHES;
    return train.call(args[index]);
  }
}
