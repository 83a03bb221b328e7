package org.theano4j.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.random.RandomStreams;

/**
 * Random draws of 600×784 elements (a dropout mask of the tutorial's minibatch) through
 * compiled functions, JVM backend: float32 uniform, float64 normal, a binomial(1, 0.5) mask
 * (float64 uniform and a comparison), int64 integers. The time includes the default update of
 * the state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RandomBenchmark {
  private static final int[] SIZE = {600, 784};
  private Function uniform;
  private Function normal;
  private Function binomial;
  private Function integers;

  @Setup
  public void setUp() {
    RandomStreams srng = new RandomStreams(1234);
    uniform = Theano.compile(List.of(), List.of(srng.uniform(SIZE)));
    normal = Theano.compile(List.of(), List.of(srng.normal(SIZE, 0, 1, DType.FLOAT64)));
    binomial = Theano.compile(List.of(), List.of(srng.binomial(SIZE, 1, 0.5)));
    integers = Theano.compile(List.of(), List.of(srng.integers(SIZE, 0, 10)));
  }

  @Benchmark
  public NDArray uniformFloat32600x784() {
    return uniform.call().get(0);
  }

  @Benchmark
  public NDArray normalFloat64600x784() {
    return normal.call().get(0);
  }

  @Benchmark
  public NDArray binomialMask600x784() {
    return binomial.call().get(0);
  }

  @Benchmark
  public NDArray integers600x784() {
    return integers.call().get(0);
  }
}
