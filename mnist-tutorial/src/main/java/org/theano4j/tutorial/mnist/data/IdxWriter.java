package org.theano4j.tutorial.mnist.data;

import java.nio.ByteBuffer;

/** Writes unsigned-byte IDX files, the inverse of {@link IdxReader#parse}. */
public final class IdxWriter {
  private IdxWriter() {}

  /** The bytes of an uncompressed IDX file holding {@code array}. */
  public static byte[] toBytes(IdxArray array) {
    int[] dims = array.dims();
    if (dims.length > 255) {
      throw new IllegalArgumentException("IDX allows at most 255 dimensions, got " + dims.length);
    }
    byte[] data = array.data();
    ByteBuffer buf = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    buf.put((byte) 0).put((byte) 0).put((byte) IdxReader.UNSIGNED_BYTE).put((byte) dims.length);
    for (int d : dims) {
      buf.putInt(d);
    }
    buf.put(data);
    return buf.array();
  }
}
