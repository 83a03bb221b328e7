package org.theano4j.tutorial.mnist.data;

/**
 * Thrown when a data set's files are not where they were looked for.
 *
 * <p>The message says where the files were looked for and how to get them (for Fashion-MNIST:
 * {@code apt-get install dataset-fashion-mnist}).
 */
public class DatasetNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A missing data set, described by {@code message}. */
  public DatasetNotFoundException(String message) {
    super(message);
  }
}
