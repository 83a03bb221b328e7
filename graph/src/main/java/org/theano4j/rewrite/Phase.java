package org.theano4j.rewrite;

import java.util.List;

/**
 * An ordered list of rules run together to a fixed point: each pass visits every node in
 * topological order and applies the first rule that fires; passes repeat until none fires, or
 * fail after {@code maxPasses}, naming the rules that kept firing.
 */
public record Phase(String name, List<Rule> rules, int maxPasses) {
  /** The default pass cap. */
  public static final int MAX_PASSES = 50;

  public Phase {
    rules = List.copyOf(rules);
    if (maxPasses < 1) {
      throw new IllegalArgumentException("maxPasses must be positive, got " + maxPasses);
    }
  }

  public static Phase of(String name, Rule... rules) {
    return new Phase(name, List.of(rules), MAX_PASSES);
  }

  public static Phase of(String name, List<Rule> rules) {
    return new Phase(name, rules, MAX_PASSES);
  }
}
