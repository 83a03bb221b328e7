package org.theano4j.cuda.interp;

import org.theano4j.ndarray.DType;
import org.theano4j.tensor.Scalar;

/**
 * The primitive scalar functions and conversions in the two lanes the interpreter computes
 * in: {@code double} (float32 results are rounded after every function, as a GPU computing in
 * {@code float} does) and exact {@code long}. The functions are evaluated by the lanes of the
 * scalar table ({@link Scalar#doubleLane}, {@link Scalar#longLane}), the definition the JVM
 * backend uses too.
 */
final class ScalarSemantics {
  private ScalarSemantics() {}

  static double apply(Scalar fn, double a, double b, double c) {
    return fn.doubleLane().apply(a, b, c);
  }

  static long apply(Scalar fn, long a, long b, long c, boolean logicalNot) {
    return fn.longLane(logicalNot).apply(a, b, c);
  }

  /** A double converted to a discrete dtype: truncation toward zero, then wrapping. */
  static long toDiscrete(double v, DType to) {
    return to == DType.BOOL ? (v != 0 ? 1 : 0) : to.wrap((long) v);
  }

}
