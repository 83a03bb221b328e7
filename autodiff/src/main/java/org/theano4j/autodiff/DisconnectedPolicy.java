package org.theano4j.autodiff;

/**
 * What {@link Grad} does when asked for the gradient with respect to a variable the cost does
 * not depend on (Theano's {@code disconnected_inputs}).
 */
public enum DisconnectedPolicy {
  /** Throw a {@link org.theano4j.TheanoException} naming the variable (the default). */
  RAISE,
  /** Return zeros shaped like the variable. */
  IGNORE,
  /** Log a warning naming the variable and return zeros. */
  WARN
}
