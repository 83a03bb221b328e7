package org.theano4j.tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;

/**
 * One gradient-check case: a function of float inputs, the input shapes to check it at and the
 * magnitudes of the random points. Declared next to the op rows of a {@link RowFamily} (or in
 * autodiff's {@code GradOpTable}) and run by autodiff's {@code GradCheckTableTest}, which
 * compares the symbolic gradient with finite differences at each shape set, in float64
 * (contiguous and strided) and float32.
 */
public final class GradCase {
  private final String name;
  private final Function<List<Variable>, Variable> fn;
  private final List<int[][]> shapeSets = new ArrayList<>();
  private double lo = 0.2;
  private double hi = 1.0;
  private boolean signed = true;

  private GradCase(String name, Function<List<Variable>, Variable> fn) {
    this.name = name;
    this.fn = fn;
  }

  /** A case named {@code name} (the test's label) for {@code fn}; magnitudes ±[0.2, 1). */
  public static GradCase of(String name, Function<List<Variable>, Variable> fn) {
    return new GradCase(name, fn);
  }

  /** Magnitudes in [lo, hi); {@code signed} gives random signs. */
  public GradCase range(double l, double h, boolean s) {
    lo = l;
    hi = h;
    signed = s;
    return this;
  }

  /** One set of input shapes. */
  public GradCase shapes(int[]... perInput) {
    shapeSets.add(perInput);
    return this;
  }

  public static int[] s(int... dims) {
    return dims;
  }

  /** A 3x4 float64 constant of ones: row 0 without zeros, row 1 with one zero, row 2 with two. */
  public static Variable zeroMask() {
    double[] m = {1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 0, 1};
    return T.constant(NDArray.of(m, 3, 4));
  }

  public String name() {
    return name;
  }

  /** Builds the checked expression from one symbolic input per entry of a shape set. */
  public Function<List<Variable>, Variable> fn() {
    return fn;
  }

  /** The shape sets, each with one shape per input. */
  public List<int[][]> shapeSets() {
    return Collections.unmodifiableList(shapeSets);
  }

  public double lo() {
    return lo;
  }

  public double hi() {
    return hi;
  }

  public boolean signed() {
    return signed;
  }

  @Override
  public String toString() {
    return name;
  }
}
