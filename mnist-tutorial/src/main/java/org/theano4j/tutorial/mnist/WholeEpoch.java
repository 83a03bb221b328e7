package org.theano4j.tutorial.mnist;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.scan.Scan;
import org.theano4j.tensor.T;
import org.theano4j.tutorial.mnist.TutorialCommand.Benchmark;

/**
 * A whole training epoch as one compiled call: a {@link Scan} over a vector of minibatch
 * indices whose step is {@code train_model}'s graph (the minibatch sliced from the shared
 * training set by the index, as {@code train_model}'s {@code givens} do, the cost, its
 * gradients) and applies the SGD updates <em>inside</em> the loop, so that each step sees the
 * weights the previous step wrote, as {@code nBatches} calls of {@code train_model} do. The
 * call returns the per-step costs; its updates write the final parameters to the shared
 * variables. Used by {@code --bench --whole-epoch}, which times it against the per-minibatch
 * calls in the same process to measure the per-call overhead the loop removes
 * (docs/performance.md, "The whole epoch as one call").
 */
final class WholeEpoch {
  private final Function epoch;
  private final NDArray indices;

  /** Compiles the epoch of {@code fns}' network over minibatches {@code 0 .. nBatches-1}. */
  WholeEpoch(TutorialFunctions fns, int nBatches, String backend) {
    if (nBatches < 1) {
      throw new IllegalArgumentException("a whole epoch needs at least one minibatch, got "
          + nBatches);
    }
    indices = NDArray.arange(nBatches);
    Variable index = T.lvector("minibatches");
    Scan.Result loop = Scan.builder().name("Epoch").sequences(index)
        .outputsInfo(Arrays.asList((Object) null)) // the cost, not fed back
        .step(a -> step(fns, a.get(0))).build();
    epoch = Theano.function(List.of(index), List.of(loop.output(0)))
        .updates(loop.updates()).backend(backend).build();
  }

  /**
   * One minibatch: {@code train_model}'s cost and updates with its {@code x} and {@code y}
   * replaced by the rows of minibatch {@code i}.
   */
  private static Scan.Step step(TutorialFunctions fns, Variable i) {
    int bs = fns.batchSize;
    Variable lo = i.mul(bs);
    Variable hi = i.add(1).mul(bs);
    Map<SharedVariable, Variable> updates = fns.network.updates(fns.cost, fns.learningRate);
    List<Variable> outs = new ArrayList<>();
    outs.add(fns.cost);
    outs.addAll(updates.values());
    List<Variable> given = Graphs.substitute(outs,
        Map.of(fns.x, fns.data.trainX().slice(lo, hi), fns.y, fns.data.trainY().slice(lo, hi)),
        "the minibatch slices of the whole epoch");
    Map<SharedVariable, Variable> stepUpdates = new LinkedHashMap<>();
    int k = 1;
    for (SharedVariable p : updates.keySet()) {
      stepUpdates.put(p, given.get(k++));
    }
    return Scan.Step.of(given.get(0)).updates(stepUpdates);
  }

  /** Trains one epoch; returns each minibatch's cost, in order. */
  double[] run() {
    return epoch.call(indices).get(0).toDoubleArray();
  }

  /**
   * Times, interleaved in the same process (alternating which goes first), epochs of
   * {@code nTrain} calls of {@code trainStep} and epochs of this one call, after a warm-up of
   * both; prints each one's median wall and calling-thread CPU time per epoch and the
   * difference per minibatch. The thread's CPU time holds the GEMMs where BLAS runs on one
   * thread (the benchmark's setting), and is less disturbed by other processes than the wall
   * clock.
   */
  void compare(IntConsumer trainStep, int nTrain, int warmup, double warmupSeconds,
      int epochs, PrintStream log) {
    Runnable calls = () -> {
      for (int i = 0; i < nTrain; i++) {
        trainStep.accept(i);
      }
    };
    Runnable whole = this::run;
    log.println(String.format(Locale.ROOT, "... warming up train_model calls and the whole-"
        + "epoch scan (at least %d epochs each and %.1f s)", warmup, warmupSeconds));
    long start = System.nanoTime();
    int done = 0;
    while (done < warmup || (System.nanoTime() - start) / 1e9 < warmupSeconds) {
      calls.run();
      whole.run();
      done++;
    }
    log.println(String.format(Locale.ROOT, "... benchmarking: %d warm-up epochs each (%.1f s), "
        + "then %d timed epochs of %d minibatches each, interleaved", done,
        (System.nanoTime() - start) / 1e9, epochs, nTrain));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[][] wall = new double[2][epochs];
    double[][] cpu = new double[2][epochs];
    Runnable[] modes = {calls, whole};
    for (int e = 0; e < epochs; e++) {
      for (int k = 0; k < 2; k++) {
        int m = (e + k) % 2;
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        modes[m].run();
        wall[m][e] = (System.nanoTime() - t0) / 1e6;
        cpu[m][e] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
      }
    }
    String[] names = {"train_model calls", "whole-epoch scan "};
    double[] wallMedian = new double[2];
    double[] cpuMedian = new double[2];
    for (int m = 0; m < 2; m++) {
      Arrays.sort(wall[m]);
      Arrays.sort(cpu[m]);
      wallMedian[m] = Benchmark.median(wall[m]);
      cpuMedian[m] = Benchmark.median(cpu[m]);
      log.println(String.format(Locale.ROOT, "bench %s: %.2f ms/epoch median (min %.2f, max "
          + "%.2f); thread CPU %.2f ms/epoch median (min %.2f)", names[m], wallMedian[m],
          wall[m][0], wall[m][epochs - 1], cpuMedian[m], cpu[m][0]));
    }
    log.println(String.format(Locale.ROOT, "whole epoch as one call: %.1f us less per "
        + "minibatch (wall), %.1f us (thread CPU); scan/calls %.3f (wall), %.3f (CPU)",
        (wallMedian[0] - wallMedian[1]) * 1000 / nTrain,
        (cpuMedian[0] - cpuMedian[1]) * 1000 / nTrain, wallMedian[1] / wallMedian[0],
        cpuMedian[1] / cpuMedian[0]));
  }
}
