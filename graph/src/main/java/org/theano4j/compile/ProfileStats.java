package org.theano4j.compile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.theano4j.graph.Apply;

/**
 * Time spent per node and per call of a function compiled with profiling on (as Theano's
 * {@code ProfileStats}); {@link #summary} prints tables sorted by time.
 */
public final class ProfileStats {
  private final List<Apply> nodes;
  private final long[] nanos;
  private final long[] calls;
  private long callCount;
  private long callNanos;
  private Map<String, Long> compilePhases = Map.of();

  public ProfileStats(FunctionGraph graph) {
    this.nodes = graph.nodes();
    this.nanos = new long[nodes.size()];
    this.calls = new long[nodes.size()];
  }

  /** Adds one run of the node at {@code step} in the schedule. */
  public synchronized void recordNode(int step, long elapsedNanos) {
    nanos[step] += elapsedNanos;
    calls[step]++;
  }

  /** Adds one call of the whole function. */
  public synchronized void recordCall(long elapsedNanos) {
    callCount++;
    callNanos += elapsedNanos;
  }

  /** Records the compile time of each optimiser phase (name to nanoseconds). */
  public synchronized void setCompilePhases(Map<String, Long> phases) {
    this.compilePhases = new LinkedHashMap<>(phases);
  }

  public synchronized long calls() {
    return callCount;
  }

  /** Total nanoseconds spent in {@code node} (0 if it is not in the graph). */
  public synchronized long nodeNanos(Apply node) {
    int i = nodes.indexOf(node);
    return i < 0 ? 0 : nanos[i];
  }

  /** Number of times {@code node} ran. */
  public synchronized long nodeCalls(Apply node) {
    int i = nodes.indexOf(node);
    return i < 0 ? 0 : calls[i];
  }

  /**
   * The profile as text: calls and total time; compile time per phase; time per op (summed
   * over its nodes); time per node, slowest first.
   */
  public synchronized String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Function profile: %d calls, %.3f ms total%n",
        callCount, callNanos / 1e6));
    if (!compilePhases.isEmpty()) {
      sb.append("Compile time per phase:\n");
      compilePhases.forEach((k, v) -> sb.append(String.format(Locale.ROOT,
          "  %-14s %9.3f ms%n", k, v / 1e6)));
    }
    long total = 0;
    Map<String, long[]> perOp = new LinkedHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      total += nanos[i];
      long[] acc = perOp.computeIfAbsent(nodes.get(i).op().getClass().getSimpleName(),
          k -> new long[3]);
      acc[0] += nanos[i];
      acc[1] += calls[i];
      acc[2]++;
    }
    long all = Math.max(total, 1);
    sb.append("Ops, by time:\n  <% time> <sum %> <time ms> <calls> <nodes> <op>\n");
    List<Map.Entry<String, long[]>> ops = new ArrayList<>(perOp.entrySet());
    ops.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0]));
    double cum = 0;
    for (Map.Entry<String, long[]> e : ops) {
      long[] v = e.getValue();
      cum += 100.0 * v[0] / all;
      sb.append(String.format(Locale.ROOT, "  %6.1f%% %6.1f%% %9.3f %7d %7d %s%n",
          100.0 * v[0] / all, cum, v[0] / 1e6, v[1], v[2], e.getKey()));
    }
    sb.append("Nodes, by time:\n  <% time> <sum %> <time ms> <calls> <step> <node>\n");
    Integer[] order = new Integer[nodes.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.comparingLong(i -> -nanos[i]));
    cum = 0;
    for (int i : order) {
      cum += 100.0 * nanos[i] / all;
      sb.append(String.format(Locale.ROOT, "  %6.1f%% %6.1f%% %9.3f %7d %6d %s%n",
          100.0 * nanos[i] / all, cum, nanos[i] / 1e6, calls[i], i,
          nodes.get(i).op().describe()));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return summary();
  }
}
