package org.theano4j.tensor;

import java.util.function.Supplier;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/**
 * A static type a rows file expects ({@link RowFamily#types()}): the expression, built when the
 * case runs, and its expected dtype and static shape ({@code -1} for a dim unknown until run
 * time); checked by {@code RowFamilyCasesTest}.
 */
record TypeCase(String name, Supplier<Variable> build, DType dtype, int[] shape) {

  /** {@code build()} has dtype {@code dtype} and static shape {@code shape}. */
  static TypeCase type(String name, Supplier<Variable> build, DType dtype, int... shape) {
    return new TypeCase(name, build, dtype, shape);
  }
}
