package org.theano4j.tensor;

import java.util.List;

/**
 * A rows file of the op table: the rows of one op family and the gradient checks of its ops.
 * Every concrete class of {@code org.theano4j.tensor}'s test sources implementing it (with a
 * no-argument constructor) is found by {@link RowFamilies}, so a new family needs no line
 * anywhere else.
 */
interface RowFamily {
  /** The op-table rows (each run by {@code OpTableTest} and {@code CudaOpTableTest}). */
  List<Row> rows();

  /**
   * Gradient-check cases beyond those the rows declare themselves ({@link Row#gradChecks()}),
   * e.g. an expression that keeps the points inside the op's domain; none by default.
   */
  default List<GradCase> gradChecks() {
    return List.of();
  }
}
