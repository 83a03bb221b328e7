package org.theano4j.ndarray;

import java.util.Arrays;

/**
 * Element copies between arrays of one shape ({@link NDArray#copyInto}): one native memory copy
 * for equal contiguous layouts, square tiles for a transposed float source, float32 runs read
 * and written as floats between float32 arrays, and chunks read and written as longs (exact for
 * integer dtypes) or doubles otherwise.
 */
final class ArrayCopy {
  private ArrayCopy() {}

  /** Copies {@code src} into {@code dst} element by element (same shape), converting dtype. */
  static void copyInto(NDArray src, NDArray dst) {
    if (!src.sameShape(dst)) {
      throw new IllegalArgumentException("cannot copy shape " + Arrays.toString(src.shape())
          + " into shape " + Arrays.toString(dst.shape()));
    }
    int n = src.size();
    if (src.dtype() == dst.dtype() && src.isContiguous() && dst.isContiguous() && n > 0) {
      // Same layout and type: one native memory copy.
      // (absolute bulk put: no buffer duplicates, so no object per copy)
      int bytes = src.dtype().byteSize();
      dst.storage().bytes().put(dst.offset() * bytes, src.storage().bytes(),
          src.offset() * bytes, n * bytes);
      return;
    }
    if (src.dtype() == dst.dtype() && dst.isContiguous() && src.ndim() == 2 && n > 0
        && src.stride(1) != 1 && src.stride(1) != 0 && src.dtype().isFloat()) {
      copyStrided2d(src, dst);
      return;
    }
    if (src.dtype() == DType.FLOAT32 && dst.dtype() == DType.FLOAT32 && dst.isContiguous()
        && n > 0) {
      // a broadcast, reversed or stepped float32 view: floats read run by run, written in bulk
      // (through doubles, each element was converted twice)
      float[] buf = COPY_FLOATS.get();
      java.nio.FloatBuffer to = dst.storage().floats();
      for (int s = 0; s < n; s += COPY_CHUNK) {
        int m = Math.min(COPY_CHUNK, n - s);
        src.readFloats(s, buf, 0, m);
        to.put(dst.offset() + s, buf, 0, m);
      }
      return;
    }
    boolean exact =
        src.dtype().isDiscrete() || dst.dtype().isDiscrete() && !src.dtype().isFloat();
    if (exact) {
      long[] buf = COPY_LONGS.get();
      for (int s = 0; s < n; s += COPY_CHUNK) {
        int m = Math.min(COPY_CHUNK, n - s);
        src.readLongs(s, buf, 0, m);
        dst.writeLongs(s, buf, 0, m);
      }
    } else {
      double[] buf = COPY_DOUBLES.get();
      for (int s = 0; s < n; s += COPY_CHUNK) {
        int m = Math.min(COPY_CHUNK, n - s);
        src.readDoubles(s, buf, 0, m);
        dst.writeDoubles(s, buf, 0, m);
      }
    }
  }

  /** The side of the square tiles of {@link #copyStrided2d}: 32×32 elements. */
  private static final int COPY_TILE = 32;

  /**
   * Copies a 2-D float {@code src} whose last axis is not unit-stride (a transposed or
   * dimshuffled view) into the contiguous {@code dst} of the same dtype, tile by tile, so
   * that both sides stay in cache: a row-by-row copy reads one element per cache line of a
   * transposed source. The values are copied unchanged (no conversion), bit for bit.
   */
  private static void copyStrided2d(NDArray src, NDArray dst) {
    int rows = src.shape(0);
    int cols = src.shape(1);
    int s0 = src.stride(0);
    int s1 = src.stride(1);
    TileRow row;
    if (src.dtype() == DType.FLOAT32) {
      java.nio.FloatBuffer from = src.storage().floats();
      java.nio.FloatBuffer to = dst.storage().floats();
      row = (p, q, j0, j1) -> {
        for (int j = j0; j < j1; j++) {
          to.put(q + j, from.get(p + j * s1));
        }
      };
    } else {
      java.nio.DoubleBuffer from = src.storage().doubles();
      java.nio.DoubleBuffer to = dst.storage().doubles();
      row = (p, q, j0, j1) -> {
        for (int j = j0; j < j1; j++) {
          to.put(q + j, from.get(p + j * s1));
        }
      };
    }
    for (int i0 = 0; i0 < rows; i0 += COPY_TILE) {
      int i1 = Math.min(rows, i0 + COPY_TILE);
      for (int j0 = 0; j0 < cols; j0 += COPY_TILE) {
        int j1 = Math.min(cols, j0 + COPY_TILE);
        for (int i = i0; i < i1; i++) {
          row.copy(src.offset() + i * s0, dst.offset() + i * cols, j0, j1);
        }
      }
    }
  }

  /** Copies source elements {@code p + j·stride} to {@code q + j}, {@code j0 <= j < j1}. */
  @FunctionalInterface
  private interface TileRow {
    void copy(int p, int q, int j0, int j1);
  }

  private static final int COPY_CHUNK = 4096;
  private static final ThreadLocal<long[]> COPY_LONGS =
      ThreadLocal.withInitial(() -> new long[COPY_CHUNK]);
  private static final ThreadLocal<float[]> COPY_FLOATS =
      ThreadLocal.withInitial(() -> new float[COPY_CHUNK]);
  private static final ThreadLocal<double[]> COPY_DOUBLES =
      ThreadLocal.withInitial(() -> new double[COPY_CHUNK]);
}
