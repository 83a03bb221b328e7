package org.theano4j.benchmarks;

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
import org.theano4j.autodiff.Grad;
import org.theano4j.autodiff.GradOptions;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * LeNet's pooling layers ({@code convolutional_mlp.py}, batch 500): 2×2 max pooling of
 * float32 (500, 20, 24, 24) and (500, 50, 8, 8) feature maps, forward alone and forward with
 * its backward pass (the pooled output and the input gradient for a given output gradient, as
 * a training step computes them), through compiled functions; {@code pool-bench.sh} runs it
 * next to PyTorch's {@code max_pool2d} on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PoolBenchmark {
  /** The feature maps' shape, comma-separated. */
  @Param({"500,20,24,24", "500,50,8,8"})
  public String shape;

  private Function forward;
  private Function forwardBackward;
  private NDArray x;
  private NDArray gz;

  @Setup
  public void setUp() {
    String[] parts = shape.split(",");
    int[] s = new int[parts.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = Integer.parseInt(parts[i].trim());
    }
    Random rng = new Random(1234);
    x = RandomArrays.normal(rng, s);
    gz = RandomArrays.normal(rng, s[0], s[1], s[2] / 2, s[3] / 2);
    Variable in = T.ftensor4("x");
    Variable g = T.ftensor4("gz");
    Variable pooled = T.pool2d(in, new int[] {2, 2});
    forward = Theano.compile(List.of(in), List.of(pooled));
    // the backward pass from a given output gradient (Theano's known_grads), as PyTorch's
    // y.backward(gz): one MaxPoolGrad(x, pooled, gz) node
    Variable gx = Grad.grad(null, in, GradOptions.defaults().knownGrads(Map.of(pooled, g)));
    forwardBackward = Theano.compile(List.of(in, g), List.of(pooled, gx));
  }

  /** The pooled maps. */
  @Benchmark
  public List<NDArray> forward() {
    return forward.call(x);
  }

  /** The pooled maps and the gradient with respect to the input maps. */
  @Benchmark
  public List<NDArray> forwardBackward() {
    return forwardBackward.call(x, gz);
  }
}
