package org.theano4j.rewrite;

import java.util.List;

/**
 * A named phase of the optimiser. Either an ordered list of rules run together to a fixed
 * point: each pass visits every node in topological order and applies the first rule that
 * fires; passes repeat until none fires, or fail after {@code maxPasses}, naming the rules that
 * kept firing. Or a whole-graph pass ({@link #whole}), run once.
 *
 * @param graphPass the whole-graph pass, or null for a rule phase
 */
public record Phase(String name, List<Rule> rules, int maxPasses, GraphPass graphPass) {
  /** The default pass cap. */
  public static final int MAX_PASSES = 50;

  public Phase {
    rules = List.copyOf(rules);
    if (maxPasses < 1) {
      throw new IllegalArgumentException("maxPasses must be positive, got " + maxPasses);
    }
    if (graphPass != null && !rules.isEmpty()) {
      throw new IllegalArgumentException("phase " + name + " is a whole-graph pass and cannot "
          + "also have rules, got " + rules.size());
    }
  }

  /** A rule phase. */
  public Phase(String name, List<Rule> rules, int maxPasses) {
    this(name, rules, maxPasses, null);
  }

  public static Phase of(String name, Rule... rules) {
    return new Phase(name, List.of(rules), MAX_PASSES);
  }

  public static Phase of(String name, List<Rule> rules) {
    return new Phase(name, rules, MAX_PASSES);
  }

  /** A whole-graph phase. */
  public static Phase whole(String name, GraphPass pass) {
    return new Phase(name, List.of(), 1, java.util.Objects.requireNonNull(pass, "pass"));
  }

  /** Whether this phase is a whole-graph pass rather than a rule set. */
  public boolean isWholeGraph() {
    return graphPass != null;
  }
}
