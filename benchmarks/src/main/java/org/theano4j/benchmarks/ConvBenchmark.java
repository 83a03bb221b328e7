package org.theano4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Conv2dOptions;
import org.theano4j.tensor.T;

/**
 * The two convolutions of Theano's LeNet tutorial ({@code convolutional_mlp.py}, batch 500,
 * float32): {@code conv1} is (500, 1, 28, 28) * (20, 1, 5, 5), {@code conv2} is
 * (500, 20, 12, 12) * (50, 20, 5, 5), both {@code valid} with flipped filters. {@code forward}
 * times {@code conv2d}; {@code backward} times both gradients from a given output gradient
 * ({@code conv2dGradInputs} and {@code conv2dGradWeights} in one function, what PyTorch's
 * {@code out.backward(gy)} computes with the input requiring a gradient). ms per call;
 * {@code conv-bench.sh} runs it next to PyTorch's CPU convolution ({@code conv_ref.py}), one
 * thread each.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class ConvBenchmark {
  /** The input and filter shapes of LeNet's two convolutions. */
  static final int[][] CONV1 = {{500, 1, 28, 28}, {20, 1, 5, 5}};
  static final int[][] CONV2 = {{500, 20, 12, 12}, {50, 20, 5, 5}};

  @Param({"conv1", "conv2"})
  public String layer;

  @Param({"forward", "backward"})
  public String pass;

  private Function f;
  private NDArray[] args;

  @Setup
  public void setUp() {
    int[][] s = layer.equals("conv1") ? CONV1 : CONV2;
    Random rng = new Random(1234);
    NDArray x = RandomArrays.uniform(rng, s[0]);
    NDArray w = RandomArrays.uniform(rng, s[1]);
    Variable vx = T.tensor(DType.FLOAT32, s[0], "x");
    Variable vw = T.tensor(DType.FLOAT32, s[1], "w");
    Variable out = T.conv2d(vx, vw);
    if (pass.equals("forward")) {
      f = Theano.function(List.of(vx, vw), List.of(out)).build();
      args = new NDArray[] {x, w};
    } else {
      Conv2dOptions o = Conv2dOptions.defaults();
      Variable gy = T.tensor(DType.FLOAT32, out.type().shape(), "gy");
      f = Theano.function(List.of(vx, vw, gy), List.of(T.conv2dGradInputs(gy, vw, s[0], o),
          T.conv2dGradWeights(vx, gy, s[1], o))).build();
      args = new NDArray[] {x, w, RandomArrays.uniform(rng, out.type().shape())};
    }
  }

  /** One call; returns the outputs (sunk by JMH). */
  @Benchmark
  public List<NDArray> call() {
    return f.call((Object[]) args);
  }

  /**
   * Without JMH, for machines shared with other work: runs each case {@code reps} times
   * (default 20, the first argument) after three untimed calls and prints one JSON line per
   * case with the median and the fastest of the calling thread's CPU time in ms (the
   * {@code cpu_*} fields of {@code conv_ref.py}, which {@code conv_table.py} reads).
   */
  public static void main(String[] a) {
    int reps = a.length > 0 ? Integer.parseInt(a[0]) : 20;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (String l : List.of("conv1", "conv2")) {
      for (String p : List.of("forward", "backward")) {
        ConvBenchmark b = new ConvBenchmark();
        b.layer = l;
        b.pass = p;
        b.setUp();
        for (int i = 0; i < 3; i++) {
          b.call();
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
          long t0 = threads.getCurrentThreadCpuTime();
          b.call();
          ms[i] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "{\"impl\": \"theano4j\", \"layer\": \"%s\", "
            + "\"pass\": \"%s\", \"cpu_median_ms\": %.3f, \"cpu_min_ms\": %.3f, "
            + "\"reps\": %d}%n", l, p, ms[reps / 2], ms[0], reps);
      }
    }
  }
}
