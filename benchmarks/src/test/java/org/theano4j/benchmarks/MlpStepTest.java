package org.theano4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.Alloc;
import org.theano4j.tensor.Gemm;
import org.theano4j.tensor.ShapeI;

/**
 * The benchmarked mlp.py step computes what it says: three calls of the compiled Theano4J
 * function against a float64 reference written out by hand here (forward pass, the gradients
 * of NLL + L2 derived on paper, SGD), from the same initial float32 weights and data. The
 * hyper-parameters are larger than mlp.py's (learning rate 0.1, L2 0.01), so that every term
 * moves the weights well above float32 rounding in three steps: with mlp.py's, a wrong L2
 * gradient would change W1 by less than its rounding.
 */
class MlpStepTest {
  private static final int N = MlpStep.INPUTS;
  private static final int H = MlpStep.HIDDEN;
  private static final int C = MlpStep.CLASSES;
  private static final int B = MlpStep.BATCH;
  private static final double LR = 0.1;
  private static final double L2 = 0.01;

  @Test
  void splitMix64MatchesThePublishedSequence() {
    // SplitMix64 from state 0 (Steele, Lea, Flood 2014; java.util.SplittableRandom's mixer):
    // the first two outputs.
    assertThat(MlpStep.splitMix64(0, 0)).isEqualTo(0xE220A8397B1DCDAFL);
    assertThat(MlpStep.splitMix64(0, 1)).isEqualTo(0x6E789E6AA1B965F4L);
  }

  @Test
  void initialWeightsAndDataHaveMlpPysRanges() {
    double bound = Math.sqrt(6.0 / (N + H));
    float[] w1 = MlpStep.initialW1();
    float lo = Float.MAX_VALUE;
    float hi = -Float.MAX_VALUE;
    for (float v : w1) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    assertThat((double) lo).isBetween(-bound, -0.99 * bound);
    assertThat((double) hi).isBetween(0.99 * bound, bound);
    int[] counts = new int[C];
    for (int label : MlpStep.labels(MlpStep.SEED_Y, MlpStep.EXAMPLES, C)) {
      counts[label]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(400, 600); // 500 expected per class
    }
  }

  @Test
  void threeStepsEqualAFloat64Reference() {
    MlpStep step = new MlpStep(false, LR, L2);
    double[] x = toDouble(MlpStep.uniform(MlpStep.SEED_X, MlpStep.EXAMPLES * N));
    int[] y = MlpStep.labels(MlpStep.SEED_Y, MlpStep.EXAMPLES, C);
    double[] w1 = toDouble(MlpStep.initialW1());
    double[] w1Initial = w1.clone();
    double[] b1 = new double[H];
    double[] w2 = new double[H * C];
    double[] b2 = new double[C];
    // A few steps with W2 = 0 first move only W1 by its L2 term; by step 3 every path is live.
    for (int s = 0; s < 3; s++) {
      double expected = referenceStep(x, y, s, w1, b1, w2, b2);
      double got = step.train.call(s).get(0).getDouble();
      assertThat(got).as("cost of step %d", s).isCloseTo(expected, within(1e-5));
    }
    // Compared: each parameter's change (W1's from its initial value; the others start at 0),
    // to 1e-4 of its largest magnitude: W1's change (about 7e-4) is stored in float32 values
    // near 0.07, whose rounding step (7.5e-9) is 1e-5 of it; a wrong term moves it by percents.
    List<double[]> reference = List.of(minus(w1, w1Initial), b1, w2, b2);
    for (int p = 0; p < 4; p++) {
      double[] ours = step.params.get(p).getValue().toDoubleArray();
      if (p == 0) {
        ours = minus(ours, w1Initial);
      }
      double[] ref = reference.get(p);
      double scale = 0;
      double diff = 0;
      for (int i = 0; i < ref.length; i++) {
        scale = Math.max(scale, Math.abs(ref[i]));
        diff = Math.max(diff, Math.abs(ours[i] - ref[i]));
      }
      assertThat(scale).as("parameter %d moved", p).isGreaterThan(0);
      assertThat(diff).as("parameter %s", step.params.get(p).name())
          .isLessThanOrEqualTo(1e-4 * scale);
    }
  }

  /**
   * The L2 term's gradient, which autodiff writes as {@code alloc(c, shape(W)) · 2 · W}, no
   * longer fills an array of W1's (or W2's) size once the alloc rules run (issue 14's MLP
   * profile: 213 µs per step for the fill, plus a multiply over it), and the step computes the
   * same as with those rules excluded, bit for bit. Both are compiled without the gemm rules:
   * once the alloc rules have made the L2 coefficient a scalar, those fold it into BLAS's
   * beta, which rounds differently from the elementwise multiply ({@link
   * #eachWeightUpdateIsOneGemmInPlace} compares that to float32 rounding).
   */
  @Test
  void theL2GradientFillsNoArrayOfTheWeightsShape() {
    MlpStep fast = new MlpStep(false, LR, L2, "gemm", "gemm-update");
    MlpStep kept = new MlpStep(false, LR, L2, "alloc-elemwise", "alloc-sink", "useless-alloc",
        "gemm", "gemm-update");
    for (int p : new int[] {0, 2}) {
      assertThat(allocsShapedLike(kept, p)).as("without the rules").isPositive();
      assertThat(allocsShapedLike(fast, p)).as("with the rules").isZero();
    }
    for (int s = 0; s < 3; s++) {
      assertThat(fast.train.call(s).get(0).getDouble())
          .isEqualTo(kept.train.call(s).get(0).getDouble());
    }
    for (int p = 0; p < 4; p++) {
      assertThat(fast.params.get(p).getValue().toDoubleArray())
          .as("parameter %s", fast.params.get(p).name())
          .containsExactly(kept.params.get(p).getValue().toDoubleArray());
    }
  }

  /**
   * The L2 term's {@code Σ(W1²)} and {@code Σ(W2²)} are each one pass over the weights
   * (reduce-fusion: a {@code FusedReduce} of {@code sqr}): no {@code Elemwise{sqr}} feeds a
   * {@code Sum}, and the step computes bit for bit what it computes with the
   * rule excluded (the elementwise array written, then summed).
   */
  @Test
  void theL2TermSumsTheSquaresInOnePass() {
    MlpStep fused = new MlpStep(false, LR, L2);
    MlpStep unfused = new MlpStep(false, LR, L2, "fuse-reduce");
    assertThat(sqrFeedingASum(fused)).as("with the rule").isZero();
    assertThat(sqrFeedingASum(unfused)).as("without the rule").isEqualTo(2);
    long fusedSquares = fused.train.graph().nodes().stream()
        .filter(a -> a.op() instanceof org.theano4j.tensor.FusedReduce f
            && f.scalar() == org.theano4j.tensor.Scalar.SQR).count();
    assertThat(fusedSquares).as("FusedReduce nodes of sqr (W1, W2)").isEqualTo(2);
    for (int s = 0; s < 3; s++) {
      assertThat(fused.train.call(s).get(0).getDouble()).as("cost of step %d", s)
          .isEqualTo(unfused.train.call(s).get(0).getDouble());
    }
    for (int p = 0; p < 4; p++) {
      assertThat(fused.params.get(p).getValue().toDoubleArray())
          .as("parameter %s", fused.params.get(p).name())
          .containsExactly(unfused.params.get(p).getValue().toDoubleArray());
    }
  }

  /** The {@code Sum} nodes whose input is an {@code Elemwise{sqr}}. */
  private static long sqrFeedingASum(MlpStep step) {
    return step.train.graph().nodes().stream()
        .filter(a -> a.op() instanceof org.theano4j.tensor.Reduce r
            && r.kind() == org.theano4j.tensor.ReduceKind.SUM
            && a.input(0).owner() != null
            && a.input(0).owner().op() instanceof org.theano4j.tensor.Elemwise e
            && e.scalar() == org.theano4j.tensor.Scalar.SQR).count();
  }

  /**
   * The weights' updates {@code W − lr·(xᵀδ + 2·l2·W)} are each one {@code Gemm} on the weight
   * (gemm-update), written into the shared variable's buffer, and compute what the step
   * without that rule computes, to float32 rounding.
   */
  @Test
  void eachWeightUpdateIsOneGemmInPlace() {
    MlpStep folded = new MlpStep(false, LR, L2);
    MlpStep unfolded = new MlpStep(false, LR, L2, "gemm-update");
    List<Variable> outputs = folded.train.graph().outputs();
    for (int p : new int[] {0, 2}) {
      // outputs: the cost, then the updates of W1, b1, W2, b2
      org.theano4j.graph.Apply update = outputs.get(1 + p).owner();
      assertThat(update.op()).as("update of parameter %d", p).isInstanceOf(Gemm.class);
      assertThat(update.input(2)).isSameAs(folded.params.get(p));
      assertThat(unfolded.train.graph().outputs().get(1 + p).owner().op())
          .isNotInstanceOf(Gemm.class);
    }
    Object w1Storage = folded.params.get(0).getValue(true).storage();
    for (int s = 0; s < 3; s++) {
      assertThat(folded.train.call(s).get(0).getDouble())
          .isCloseTo(unfolded.train.call(s).get(0).getDouble(), within(1e-5));
    }
    assertThat(folded.params.get(0).getValue(true).storage()).as("W1 updated in place")
        .isSameAs(w1Storage);
    for (int p = 0; p < 4; p++) {
      float[] a = folded.params.get(p).getValue().toFloatArray();
      float[] b = unfolded.params.get(p).getValue().toFloatArray();
      for (int i = 0; i < a.length; i++) {
        assertThat(a[i]).as("parameter %d element %d", p, i).isCloseTo(b[i], within(1e-6f));
      }
    }
  }

  /**
   * The benchmark's unfused variant ({@code MlpStepBenchmark}'s {@code mode=FAST_COMPILE}) is
   * the graph as written, one kernel per op (no fused group, no GEMM rewrite), and trains what
   * the optimised step trains, to float32 rounding.
   */
  @Test
  void theUnfusedVariantRunsEveryOpAsWrittenAndTrainsTheSame() {
    MlpStep unfused = new MlpStep(org.theano4j.compile.Mode.FAST_COMPILE, false);
    MlpStep fused = new MlpStep(org.theano4j.compile.Mode.FAST_RUN, false);
    assertThat(kinds(unfused)).doesNotContain("fused group", "Gemm");
    assertThat(kinds(fused)).contains("fused group", "Gemm");
    for (int s = 0; s < 3; s++) {
      assertThat(unfused.train.call(s).get(0).getDouble()).as("cost of step %d", s)
          .isCloseTo(fused.train.call(s).get(0).getDouble(), within(1e-5));
    }
    for (int p = 0; p < 4; p++) {
      float[] a = unfused.params.get(p).getValue().toFloatArray();
      float[] b = fused.params.get(p).getValue().toFloatArray();
      for (int i = 0; i < a.length; i++) {
        assertThat(a[i]).as("parameter %d element %d", p, i).isCloseTo(b[i], within(1e-6f));
      }
    }
  }

  /** Each node's op class name, {@code "fused group"} for an {@code Elemwise(Composite)}. */
  private static List<String> kinds(MlpStep step) {
    return step.train.graph().nodes().stream()
        .map(a -> a.op() instanceof org.theano4j.tensor.Elemwise e
            && e.scalar() instanceof org.theano4j.tensor.Composite
            ? "fused group" : a.op().getClass().getSimpleName())
        .collect(java.util.stream.Collectors.toList());
  }

  /**
   * Java heap allocated by one steady-state call of the step, counted by the JVM
   * ({@code ThreadMXBean.getThreadAllocatedBytes}, exact, not a timing): bounded; the figure is
   * in docs/performance.md "Allocation per call".
   */
  @Test
  void aSteadyStateStepAllocatesOnlyItsReturnedCost() {
    long perCall = bytesPerStep(false);
    System.out.println("mlp step: " + perCall + " bytes per call");
    // measured 432 B here (JDK 17; 12.6 kB before the per-node wrapper arenas, 26.3 kB before
    // issue 14's allocation work): the returned 0-d cost, its native buffer and its list
    assertThat(perCall).isLessThan(1_000);
  }

  @Test
  void withBorrowedOutputsASteadyStateStepAllocatesNothing() {
    long perCall = bytesPerStep(true);
    System.out.println("mlp step, borrowed outputs: " + perCall + " bytes per call");
    // measured 0 B here; a few bytes of bound for a rare JIT or class-loading event
    assertThat(perCall).isLessThan(16);
  }

  @Test
  void withFastMathTheStepFollowsTheDefaultAndAllocatesNothing() {
    double[] exact = new MlpStep(false, false, false).epoch();
    double[] fast = new MlpStep(false, false, true).epoch();
    int differ = 0;
    for (int i = 0; i < exact.length; i++) {
      // tanh, exp and log within a few ulps each: the costs agree to float32 noise
      assertThat(fast[i]).as("cost %d", i).isCloseTo(exact[i], within(1e-5 * exact[i]));
      differ += fast[i] != exact[i] ? 1 : 0;
    }
    assertThat(differ).as("costs that differ (the fast loops are used)").isPositive();
    long perCall = bytesPerStep(new MlpStep(false, true, true));
    System.out.println("mlp step, fast math, borrowed outputs: " + perCall + " bytes per call");
    assertThat(perCall).isLessThan(16);
  }

  /** Java heap this thread allocates per call over one epoch, after six (ThreadMXBean; the JIT's
   * work on the step's loops takes about four). */
  private static long bytesPerStep(boolean borrowOutputs) {
    return bytesPerStep(new MlpStep(false, borrowOutputs));
  }

  private static long bytesPerStep(MlpStep step) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
        java.lang.management.ManagementFactory.getThreadMXBean();
    threads.setThreadAllocatedMemoryEnabled(true);
    double[] costs = new double[MlpStep.STEPS];
    for (int e = 0; e < 6; e++) {
      step.epoch(costs);
    }
    // the least of three measured epochs: an allocation made by every call shows in each, while
    // a one-off event (such as a deoptimisation re-creating scalar-replaced objects on the heap)
    // lands in one epoch only (24 B per call in one CI run, 0 in every other run)
    long tid = Thread.currentThread().getId();
    long least = Long.MAX_VALUE;
    for (int e = 0; e < 3; e++) {
      long before = threads.getThreadAllocatedBytes(tid);
      step.epoch(costs);
      least = Math.min(least, threads.getThreadAllocatedBytes(tid) - before);
    }
    return least / MlpStep.STEPS;
  }

  /** The Alloc nodes of the step whose requested shape is read off parameter p. */
  private static long allocsShapedLike(MlpStep step, int p) {
    Variable w = step.params.get(p);
    // every dimension read from w's shape: an array of w's shape (a (batch, classes) zeros
    // whose column count is read from W2's shape is not one)
    return step.train.graph().nodes().stream().filter(n -> n.op() instanceof Alloc)
        .filter(n -> n.inputs().size() > 1 && n.inputs().stream().skip(1).allMatch(d ->
            d.owner() != null && d.owner().op() instanceof ShapeI && d.owner().input(0) == w))
        .count();
  }

  /** One SGD step on minibatch s in float64, in place; returns the cost before the update. */
  private static double referenceStep(double[] x, int[] y, int s, double[] w1, double[] b1,
      double[] w2, double[] b2) {
    double[][] h = new double[B][H];
    double[][] p = new double[B][C];
    double nll = 0;
    for (int r = 0; r < B; r++) {
      int row = s * B + r;
      for (int j = 0; j < H; j++) {
        double a = b1[j];
        for (int k = 0; k < N; k++) {
          a += x[row * N + k] * w1[k * H + j];
        }
        h[r][j] = Math.tanh(a);
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < C; c++) {
        double z = b2[c];
        for (int j = 0; j < H; j++) {
          z += h[r][j] * w2[j * C + c];
        }
        p[r][c] = z;
        max = Math.max(max, z);
      }
      double sum = 0;
      for (int c = 0; c < C; c++) {
        p[r][c] = Math.exp(p[r][c] - max);
        sum += p[r][c];
      }
      for (int c = 0; c < C; c++) {
        p[r][c] /= sum;
      }
      nll -= Math.log(p[r][y[row]]) / B;
    }
    double l2 = 0;
    for (double v : w1) {
      l2 += v * v;
    }
    for (double v : w2) {
      l2 += v * v;
    }
    double cost = nll + L2 * l2;
    // d cost / d logits = (p - onehot(y)) / B; back through W2 and tanh (1 - h^2).
    double[][] d2 = new double[B][C];
    double[][] dh = new double[B][H];
    for (int r = 0; r < B; r++) {
      for (int c = 0; c < C; c++) {
        d2[r][c] = (p[r][c] - (c == y[s * B + r] ? 1 : 0)) / B;
      }
      for (int j = 0; j < H; j++) {
        double g = 0;
        for (int c = 0; c < C; c++) {
          g += d2[r][c] * w2[j * C + c];
        }
        dh[r][j] = g * (1 - h[r][j] * h[r][j]);
      }
    }
    double lr = LR;
    double decay = 2 * L2;
    for (int k = 0; k < N; k++) {
      for (int j = 0; j < H; j++) {
        double g = decay * w1[k * H + j];
        for (int r = 0; r < B; r++) {
          g += x[(s * B + r) * N + k] * dh[r][j];
        }
        w1[k * H + j] -= lr * g;
      }
    }
    for (int j = 0; j < H; j++) {
      double g = 0;
      for (int r = 0; r < B; r++) {
        g += dh[r][j];
      }
      b1[j] -= lr * g;
      for (int c = 0; c < C; c++) {
        double gw = decay * w2[j * C + c];
        for (int r = 0; r < B; r++) {
          gw += h[r][j] * d2[r][c];
        }
        w2[j * C + c] -= lr * gw;
      }
    }
    for (int c = 0; c < C; c++) {
      double g = 0;
      for (int r = 0; r < B; r++) {
        g += d2[r][c];
      }
      b2[c] -= lr * g;
    }
    return cost;
  }

  private static double[] minus(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  private static double[] toDouble(float[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }
}
