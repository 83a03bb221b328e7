package org.theano4j.rewrite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.theano4j.graph.SourceSite;

/**
 * What the optimiser did to one graph: node counts before and after, time and passes per
 * phase, and (when tracing was requested) every rule application.
 */
public final class RewriteReport {
  /** One rule application: {@code before} (a node) became {@code after} in {@code phase}. */
  public record TraceEntry(String phase, String rule, String before, String after,
      SourceSite site) {
    @Override
    public String toString() {
      return phase + "/" + rule + ": " + before + " -> " + after + "  (node from " + site + ")";
    }
  }

  /** Time, passes and rule counts of one phase. */
  public record PhaseStats(String phase, long nanos, int passes, int nodesAfter,
      Map<String, Integer> fired) {}

  private final boolean tracing;
  private final List<TraceEntry> trace = new ArrayList<>();
  private final List<PhaseStats> phases = new ArrayList<>();
  private int nodesBefore = -1;
  private int nodesAfter = -1;

  RewriteReport(boolean tracing) {
    this.tracing = tracing;
  }

  boolean tracing() {
    return tracing;
  }

  void add(TraceEntry e) {
    trace.add(e);
  }

  void add(PhaseStats s) {
    phases.add(s);
  }

  void setCounts(int before, int after) {
    nodesBefore = before;
    nodesAfter = after;
  }

  /** Every rule application in order; empty unless tracing was requested. */
  public List<TraceEntry> trace() {
    return List.copyOf(trace);
  }

  public List<PhaseStats> phases() {
    return List.copyOf(phases);
  }

  public int nodesBefore() {
    return nodesBefore;
  }

  public int nodesAfter() {
    return nodesAfter;
  }

  /** Phase name to nanoseconds, in run order. */
  public Map<String, Long> phaseNanos() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (PhaseStats p : phases) {
      m.merge(p.phase(), p.nanos(), Long::sum);
    }
    return m;
  }

  /** A readable summary: counts, then one line per phase, then the trace if any. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append("nodes: ").append(nodesBefore).append(" -> ").append(nodesAfter).append('\n');
    for (PhaseStats p : phases) {
      sb.append(String.format(Locale.ROOT, "  %-12s %8.3f ms  %2d passes  %4d nodes  %s%n",
          p.phase(), p.nanos() / 1e6, p.passes(), p.nodesAfter(), p.fired()));
    }
    for (TraceEntry e : trace) {
      sb.append("  ").append(e).append('\n');
    }
    return sb.toString();
  }
}
