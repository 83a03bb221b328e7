package org.theano4j.tensor;

import java.util.List;

/**
 * A rows file of the op table: the rows of one op family, the gradient checks of its ops, the
 * nodes they refuse (with their messages) and the static types they infer.
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

  /**
   * Nodes the family's ops refuse when they are built, each with its message (run by
   * {@code RowFamilyCasesTest}); none by default. Values stay ordinary rows.
   */
  default List<ErrorCase> errors() {
    return List.of();
  }

  /** Static types the family's ops infer (run by {@code RowFamilyCasesTest}); none by default. */
  default List<TypeCase> types() {
    return List.of();
  }
}
