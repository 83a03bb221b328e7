package org.theano4j.io;

/**
 * Thrown when a file ({@code .npy}, {@code .npz}, a data set) is corrupt, truncated or not
 * shaped as expected.
 *
 * <p>The message always names the file (or resource) and the problem, for example
 * {@code "train-images-idx3-ubyte.gz: header says 60000 items of 784 bytes but the file has
 * 1000 bytes of data"}.
 */
public class FileFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;

  /** A format problem in {@code source} (a path or resource name) described by {@code problem}. */
  public FileFormatException(String source, String problem) {
    super(source + ": " + problem);
    this.source = source;
  }

  /** As {@link #FileFormatException(String, String)}, with the underlying cause. */
  public FileFormatException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.source = source;
  }

  /** The file or resource the problem was found in. */
  public String source() {
    return source;
  }
}
