package org.theano4j.graph;

import java.util.List;

/**
 * An operation: an immutable value (usually a record) that checks its inputs and gives the
 * types of its outputs.
 *
 * <p>Ops do not know how to run or differentiate themselves: backends keep tables of
 * implementations keyed by op class, and autodiff keeps a table of gradient rules. Two equal
 * ops applied to the same inputs compute the same values.
 */
public interface Op {
  /**
   * The output types for these inputs.
   *
   * @throws IllegalArgumentException describing what is wrong with the inputs; the caller
   *     adds the user's source line
   */
  List<TensorType> outputTypes(List<Variable> inputs);

  /** Short name, e.g. {@code Elemwise{add}} or {@code Sum{axes=[1]}}. */
  default String describe() {
    return getClass().getSimpleName();
  }
}
