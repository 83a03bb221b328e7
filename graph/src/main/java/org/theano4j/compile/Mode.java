package org.theano4j.compile;

/** How much work compile() does to the graph, and how much checking a call does. */
public enum Mode {
  /** All graph rewrites (as they become available). The default. */
  FAST_RUN,
  /** Merge only: the quickest compile. */
  FAST_COMPILE,
  /**
   * No rewrites; every op's output is checked against its static type (rank, known dims,
   * dtype) and for NaN/Inf, and a failure names the node and the user's source line.
   */
  DEBUG
}
