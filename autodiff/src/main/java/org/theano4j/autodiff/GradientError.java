package org.theano4j.autodiff;

import org.theano4j.TheanoException;

/**
 * {@link GradCheck#verify} found an analytic gradient that disagrees with finite differences
 * (Theano's {@code GradientError}); the message names the ops and shows both values.
 */
public final class GradientError extends TheanoException {
  private final double analytic;
  private final double numeric;

  GradientError(String message, double analytic, double numeric) {
    super(message);
    this.analytic = analytic;
    this.numeric = numeric;
  }

  /** The analytic value at the worst element. */
  public double analytic() {
    return analytic;
  }

  /** The finite-difference value at the worst element. */
  public double numeric() {
    return numeric;
  }
}
