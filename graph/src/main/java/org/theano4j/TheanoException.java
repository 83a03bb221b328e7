package org.theano4j;

/**
 * An error in how the library was used: a bad graph, a bad compile request or a bad call.
 *
 * <p>Messages name the offending variable and the user's source line that created it.
 */
public class TheanoException extends RuntimeException {
  public TheanoException(String message) {
    super(message);
  }

  public TheanoException(String message, Throwable cause) {
    super(message, cause);
  }
}
