package org.theano4j.datasets;

import java.util.regex.Pattern;

/**
 * One file of a downloadable data set: its name under the mirror's base URL, its size in bytes
 * and the SHA-256 of its bytes (64 lower-case hex digits), which every copy must match.
 */
public record RemoteFile(String name, long size, String sha256) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** Checks the name (a plain file name) and the checksum (64 lower-case hex digits). */
  public RemoteFile {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a remote file name must be a plain file name"
          + " (letters, digits, '.', '_', '-'), got '" + name + "'");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size of " + name + " must be >= 0, got " + size);
    }
    if (sha256 == null || !HEX64.matcher(sha256).matches()) {
      throw new IllegalArgumentException("SHA-256 of " + name
          + " must be 64 lower-case hex digits, got '" + sha256 + "'");
    }
  }
}
