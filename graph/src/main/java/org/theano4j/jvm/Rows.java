package org.theano4j.jvm;

import org.theano4j.ndarray.NDArray;

/**
 * Row-wise kernels (softmax, cross-entropy): the rows of the last axis are read in chunks of
 * whole rows into a scratch buffer, one bulk read (and write) per chunk, and each row is
 * handed to a visitor; plus the max-shifted exponential shared by those kernels.
 */
final class Rows {
  /** Receives one row: {@code buf[off .. off+cols)} holds row {@code index}. */
  @FunctionalInterface
  interface Visitor {
    void row(double[] buf, int off, int cols, int index);
  }

  private Rows() {}

  /**
   * Visits every row of {@code x} (rows of length {@code cols}); when {@code out} is not null,
   * the buffer, as the visitor left it, is written to {@code out} at the same positions.
   */
  static void forEach(NDArray x, int cols, NDArray out, Visitor v) {
    int rows = cols == 0 ? 0 : x.size() / cols;
    int rowsPerChunk = Math.max(1, ElemwiseKernel.CHUNK * 4 / Math.max(cols, 1));
    double[] buf = Scratch.doubles(0, Math.min(rows, rowsPerChunk) * cols);
    for (int r0 = 0; r0 < rows; r0 += rowsPerChunk) {
      int nr = Math.min(rowsPerChunk, rows - r0);
      x.readDoubles(r0 * cols, buf, 0, nr * cols);
      for (int r = 0; r < nr; r++) {
        v.row(buf, r * cols, cols, r0 + r);
      }
      if (out != null) {
        out.writeDoubles(r0 * cols, buf, 0, nr * cols);
      }
    }
  }

  static double max(double[] b, int off, int cols) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = off; j < off + cols; j++) {
      max = Math.max(max, b[j]);
    }
    return max;
  }

  /**
   * The sum of {@code exp(b[j] - max)} over the row; with {@code store} each element is
   * replaced by its exponential.
   */
  static double sumExp(double[] b, int off, int cols, double max, boolean store) {
    double sum = 0;
    for (int j = off; j < off + cols; j++) {
      double e = Math.exp(b[j] - max);
      sum += e;
      if (store) {
        b[j] = e;
      }
    }
    return sum;
  }

  /** Divides the row by {@code sum} (exponentials into probabilities). */
  static void divide(double[] b, int off, int cols, double sum) {
    for (int j = off; j < off + cols; j++) {
      b[j] /= sum;
    }
  }
}
