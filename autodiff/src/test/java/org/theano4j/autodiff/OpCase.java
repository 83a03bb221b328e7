package org.theano4j.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.theano4j.graph.Variable;

/** One row of the gradient-check table: a function of float inputs and where to check it. */
final class OpCase {
  final String name;
  final Function<List<Variable>, Variable> fn;
  final List<int[][]> shapeSets = new ArrayList<>();
  double lo = 0.2;
  double hi = 1.0;
  boolean signed = true;

  private OpCase(String name, Function<List<Variable>, Variable> fn) {
    this.name = name;
    this.fn = fn;
  }

  static OpCase of(String name, Function<List<Variable>, Variable> fn) {
    return new OpCase(name, fn);
  }

  /** Magnitudes in [lo, hi); {@code signed} gives random signs. */
  OpCase range(double l, double h, boolean s) {
    lo = l;
    hi = h;
    signed = s;
    return this;
  }

  /** One set of input shapes. */
  OpCase shapes(int[]... perInput) {
    shapeSets.add(perInput);
    return this;
  }

  static int[] s(int... dims) {
    return dims;
  }

  @Override
  public String toString() {
    return name;
  }
}
