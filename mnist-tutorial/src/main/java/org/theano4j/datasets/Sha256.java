package org.theano4j.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as 64 lower-case hex digits (the JDK's {@link MessageDigest}). */
public final class Sha256 {
  private Sha256() {}

  /** A fresh SHA-256 digest. */
  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** {@code digest}'s value as 64 lower-case hex digits. */
  static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The SHA-256 of {@code data}. */
  public static String hex(byte[] data) {
    MessageDigest d = digest();
    d.update(data);
    return hex(d);
  }

  /** The SHA-256 of the file at {@code path}, read in 64 KiB blocks. */
  public static String hex(Path path) {
    MessageDigest d = digest();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(path)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
    return hex(d);
  }
}
