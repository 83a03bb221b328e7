package org.theano4j.benchmarks;

import java.util.List;
import java.util.Random;
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
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * Single ops through compiled functions at the tutorial's sizes: {@code dot} of a 600×784
 * minibatch with 784×10 weights, softmax over 600×10, and elementwise functions over 600×784
 * (one {@code add}, one {@code exp}, and a fused {@code tanh(x * y + x)}), all float32. The time includes the
 * call overhead (argument checks, interpreter dispatch, output allocation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KernelBenchmark {
  /** Floating-point operations of one 600×784 · 784×10 product (a multiply and an add each). */
  public static final long DOT_FLOPS = 2L * 600 * 784 * 10;

  private Function dot;
  private Function softmax;
  private Function add;
  private Function exp;
  private Function fused;
  private NDArray y;
  private NDArray x;
  private NDArray w;
  private NDArray logits;

  @Setup
  public void setUp() {
    Random rng = new Random(1234);
    x = RandomArrays.uniform(rng, 600, 784);
    w = RandomArrays.normal(rng, 784, 10);
    logits = RandomArrays.normal(rng, 600, 10);
    Variable a = T.fmatrix("x");
    Variable b = T.fmatrix("W");
    dot = Theano.compile(List.of(a, b), List.of(T.dot(a, b)));
    Variable z = T.fmatrix("z");
    softmax = Theano.compile(List.of(z), List.of(T.softmax(z)));
    y = RandomArrays.uniform(rng, 600, 784);
    Variable p = T.fmatrix("p");
    Variable q = T.fmatrix("q");
    add = Theano.compile(List.of(p, q), List.of(T.add(p, q)));
    exp = Theano.compile(List.of(p), List.of(T.exp(p)));
    fused = Theano.compile(List.of(p, q), List.of(T.tanh(T.add(T.mul(p, q), p))));
  }

  /** {@code dot(x, W)}: 600×784 · 784×10 float32 (OpenBLAS sgemm behind the interpreter). */
  @Benchmark
  public List<NDArray> dot600x784x10() {
    return dot.call(x, w);
  }

  /** {@code softmax(z)} over the last axis of a 600×10 float32 matrix. */
  @Benchmark
  public List<NDArray> softmax600x10() {
    return softmax.call(logits);
  }

  /** {@code add(x, y)} of two 600×784 float32 matrices: one elementwise kernel. */
  @Benchmark
  public List<NDArray> add600x784() {
    return add.call(x, y);
  }

  /** {@code exp(x)} of a 600×784 float32 matrix. */
  @Benchmark
  public List<NDArray> exp600x784() {
    return exp.call(x);
  }

  /** {@code tanh(x * y + x)} over 600×784 float32: one fused elementwise kernel of three steps. */
  @Benchmark
  public List<NDArray> fusedTanh600x784() {
    return fused.call(x, y);
  }
}
