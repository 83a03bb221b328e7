package org.theano4j.tutorial.mnist.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** MD5 digests as lower-case hex, for checking data files. */
public final class Md5 {
  private Md5() {}

  /** The MD5 of {@code data} as 32 lower-case hex digits. */
  public static String hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every Java platform", e);
    }
  }
}
