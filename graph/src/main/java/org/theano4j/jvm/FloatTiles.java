package org.theano4j.jvm;

import java.nio.FloatBuffer;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Storage;

/**
 * The rows of a float32 view whose runs lie side by side in memory (a transposed matrix: stride
 * 1 along the axis before the last), read {@value #TILE} at a time: one pass over the source's
 * cache lines serves 8 rows instead of one (a 64-byte line holds 16 float32 elements). One
 * object per input and thread; {@link #reset} at the start of each call. Measured on 1000x1000
 * {@code x.T + y}: 0.87 ms per call against 1.23-1.36 read run by run (docs/performance.md,
 * round ten); float64 gained nothing, so only the float lanes use tiles.
 */
final class FloatTiles {
  /** Rows read together. */
  static final int TILE = 8;
  /** The longest row a tile holds (32 KiB per tile): a row of the layout loops' segments. */
  static final int MAX_COLS = ElemwiseKernel.CHUNK;

  /** The tile's rows (allocated by the first read: 32 KiB). */
  private float[][] rows;
  /** The first row in the tile, or -1; and how many rows it holds. */
  private int first = -1;
  private int count;

  /**
   * True if {@code v}'s rows can be read by tiles: a strided last axis of at most
   * {@link #MAX_COLS} elements whose rows are adjacent in memory, at least {@link #TILE} of
   * them along the axis before it, float32, and a storage other than {@code written} (a tile is
   * read ahead of the rows the call writes; null when the call writes no array).
   */
  static boolean applies(NDArray v, Storage written) {
    int nd = v.ndim();
    if (nd < 2 || v.dtype() != DType.FLOAT32 || v.storage() == written) {
      return false;
    }
    int last = nd - 1;
    return v.shape(last) <= MAX_COLS && Math.abs(v.stride(last)) > 1
        && v.stride(last - 1) == 1 && v.shape(last - 1) >= TILE;
  }

  /** Forgets the tile: the next {@link #read} reads its rows from the view. */
  void reset() {
    first = -1;
  }

  /**
   * Copies elements {@code [col, col + len)} of row {@code row} (along the last axis) of
   * {@code v} ({@link #applies}) into {@code dst} from {@code at}, reading the tile that starts
   * at that row first unless the tile holds it; false (nothing copied) if the row's run is not
   * next to the following row's in memory, so that there is no tile to read.
   */
  boolean read(NDArray v, int row, int col, float[] dst, int at, int len) {
    if (first < 0 || row < first || row >= first + count) {
      if (!load(v, row)) {
        return false;
      }
    }
    System.arraycopy(rows[row - first], col, dst, at, len);
    return true;
  }

  /** Reads the rows from {@code row} whose runs are adjacent in storage; false if only one. */
  private boolean load(NDArray v, int row) {
    int cols = v.shape(v.ndim() - 1);
    int flat = row * cols;
    int pos = v.storageIndex(flat);
    int most = Math.min(TILE, v.size() / cols - row);
    int k = 1;
    while (k < most && v.storageIndex(flat + k * cols) == pos + k) {
      k++;
    }
    if (k < 2) {
      first = -1;
      return false;
    }
    if (rows == null) {
      rows = new float[TILE][MAX_COLS];
    }
    FloatBuffer src = v.storage().floats();
    int stride = v.stride(v.ndim() - 1);
    float[][] t = rows;
    if (k == TILE) {
      for (int j = 0, p = pos; j < cols; j++, p += stride) {
        t[0][j] = src.get(p);
        t[1][j] = src.get(p + 1);
        t[2][j] = src.get(p + 2);
        t[3][j] = src.get(p + 3);
        t[4][j] = src.get(p + 4);
        t[5][j] = src.get(p + 5);
        t[6][j] = src.get(p + 6);
        t[7][j] = src.get(p + 7);
      }
    } else {
      for (int j = 0, p = pos; j < cols; j++, p += stride) {
        for (int q = 0; q < k; q++) {
          t[q][j] = src.get(p + q);
        }
      }
    }
    first = row;
    count = k;
    return true;
  }
}
