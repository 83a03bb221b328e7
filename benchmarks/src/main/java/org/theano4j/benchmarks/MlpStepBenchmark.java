package org.theano4j.benchmarks;

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

/**
 * One epoch of Theano's {@code mlp.py} step ({@link MlpStep}): 250 calls of one compiled
 * training function, batch 20. Each JMH iteration times exactly one epoch (single-shot mode),
 * so the JSON's raw data are epoch times and {@code mlp-step.sh} reports their median, like
 * the NumPy and PyTorch references. Training goes on across iterations, as in mlp.py.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 6)
@Measurement(iterations = 10)
public class MlpStepBenchmark {
  /**
   * The compilation mode: {@code FAST_RUN} (the optimiser's fused elementwise groups and GEMM
   * rewrites, the default) or {@code FAST_COMPILE} (unfused: one kernel per op as written).
   */
  @Param({"FAST_RUN", "FAST_COMPILE"})
  public String mode;

  /** Whether the cost is lent until the next call ({@code borrowOutputs(true)}). */
  @Param({"false"})
  public boolean borrowOutputs;

  private MlpStep step;
  /** The costs of an epoch, refilled by each (sunk by JMH). */
  private final double[] costs = new double[MlpStep.STEPS];

  @Setup
  public void setUp() {
    step = new MlpStep(org.theano4j.compile.Mode.valueOf(mode), borrowOutputs);
  }

  /** One epoch: 250 calls of {@code train(index)}; returns the costs (sunk by JMH). */
  @Benchmark
  public double[] epoch() {
    return step.epoch(costs);
  }
}
