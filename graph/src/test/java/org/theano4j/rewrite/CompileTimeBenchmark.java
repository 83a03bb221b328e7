package org.theano4j.rewrite;

import java.util.Locale;
import org.theano4j.compile.Compiler;
import org.theano4j.compile.Mode;

/**
 * Prints the time to compile the tutorial's three functions: the first compile in this JVM
 * (cold), then the median of 50 after 200 warm-up compiles, for FAST_RUN and FAST_COMPILE.
 *
 * <pre>
 * mvn -q -B -o -pl graph test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.theano4j.rewrite.CompileTimeBenchmark
 * </pre>
 */
public final class CompileTimeBenchmark {
  private CompileTimeBenchmark() {}

  public static void main(String[] args) {
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
    Compiler.Compiled train = t.trainGraph(Mode.FAST_RUN);
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
