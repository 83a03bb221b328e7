package org.theano4j.datasets;

/**
 * A data set file could not be obtained: no network, an HTTP error status, a truncated
 * transfer, or bytes whose SHA-256 is not the pinned one. The message is one line naming the
 * URL and what went wrong; nothing partial is left in the cache.
 */
public class DownloadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failed download, described by {@code message}. */
  public DownloadException(String message) {
    super(message);
  }

  /** A failed download, described by {@code message}, caused by {@code cause}. */
  public DownloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
