package org.theano4j.rewrite;

import java.util.Locale;
import org.theano4j.compile.Mode;

/**
 * Prints the time to compile the tutorial's three functions: the first compile in this JVM
 * (cold), then the median of 50 after 200 warm-up compiles, for FAST_RUN and FAST_COMPILE;
 * then the FAST_RUN compile time of chains of 1,000 to 8,000 elementwise adds (median of
 * {@code -Dchain.reps} compiles, default 3, after ten warm-up compiles of the 1,000 chain;
 * {@code -Dchain.only=true} skips the tutorial),
 * which should grow about linearly.
 *
 * <pre>
 * mvn -q -B -o -pl graph test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.theano4j.rewrite.CompileTimeBenchmark
 * </pre>
 */
public final class CompileTimeBenchmark {
  private CompileTimeBenchmark() {}

  public static void main(String[] args) {
    if (!Boolean.getBoolean("chain.only")) {
      tutorial();
    }
    chains(Integer.getInteger("chain.reps", 3));
  }

  /** {@code x + 1 + 1 + ... + 1} with {@code n} adds over a float64 vector. */
  static org.theano4j.graph.Variable addChain(org.theano4j.graph.Variable x, int n) {
    org.theano4j.graph.Variable y = x;
    for (int i = 0; i < n; i++) {
      y = y.add(1.0);
    }
    return y;
  }

  private static void chains(int reps) {
    org.theano4j.graph.Variable x = org.theano4j.tensor.T.dvector("x");
    java.util.List<org.theano4j.graph.Variable> in = java.util.List.of(x);
    for (int i = 0; i < 10; i++) {
      RewriteFixtures.compile(Mode.FAST_RUN, in, java.util.List.of(addChain(x, 1000)));
    }
    for (int n : new int[] {1000, 2000, 4000, 8000}) {
      org.theano4j.graph.Variable y = addChain(x, n);
      long[] times = new long[reps];
      for (int i = 0; i < reps; i++) {
        long t0 = System.nanoTime();
        RewriteFixtures.compile(Mode.FAST_RUN, in, java.util.List.of(y));
        times[i] = System.nanoTime() - t0;
      }
      java.util.Arrays.sort(times);
      System.out.printf(Locale.ROOT, "chain of %d adds (FAST_RUN): median of %d compiles "
          + "%.1f ms%n", n, reps, times[reps / 2] / 1e6);
    }
  }

  private static void tutorial() {
    TutorialGraphs t = new TutorialGraphs();
    long cold = t.compileAll(Mode.FAST_RUN);
    System.out.printf(Locale.ROOT, "first compile of the 3 tutorial functions (FAST_RUN, cold "
        + "JVM): %.1f ms%n", cold / 1e6);
    for (Mode m : new Mode[] {Mode.FAST_RUN, Mode.FAST_COMPILE}) {
      for (int i = 0; i < 200; i++) {
        t.compileAll(m);
      }
      long[] times = new long[50];
      for (int i = 0; i < times.length; i++) {
        times[i] = t.compileAll(m);
      }
      java.util.Arrays.sort(times);
      System.out.printf(Locale.ROOT, "warm compile of the 3 tutorial functions (%s): "
          + "median %.2f ms%n", m, times[times.length / 2] / 1e6);
    }
    Optimizer.Result train = t.trainGraph(Mode.FAST_RUN);
    System.out.println("linking included: " + TutorialGraphs.linkable(train));
    System.out.println("train function, FAST_RUN rewrite report:\n" + train.report());
    System.out.println("train function, FAST_RUN schedule:");
    for (org.theano4j.graph.Apply a : train.graph().nodes()) {
      int d = train.graph().destroyedInput(a);
      System.out.println("  " + Rewriter.describe(a) + (d >= 0 ? "  [writes into input " + d
          + "]" : ""));
    }
  }
}
