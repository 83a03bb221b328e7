package org.theano4j.jvm;

import java.util.Map;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.CrossentropyCategorical1Hot;
import org.theano4j.tensor.Softmax;

/** Softmax, log-softmax (along the last axis, max-shifted) and categorical cross-entropy. */
final class NNKernels {
  private NNKernels() {}

  static void register(Map<Class<? extends Op>, JvmKernel> table) {
    table.put(Softmax.class, NNKernels::softmax);
    table.put(CrossentropyCategorical1Hot.class, NNKernels::crossentropy);
  }

  static NDArray[] softmax(Apply node, NDArray[] in) {
    boolean log = ((Softmax) node.op()).log();
    NDArray x = in[0];
    DType dt = node.output(0).dtype();
    NDArray out = NDArray.zeros(dt, x.shape());
    int cols = x.shape(x.ndim() - 1);
    int n = x.size();
    int rows = cols == 0 ? 0 : n / cols;
    // Whole rows per chunk: one bulk read and one bulk write per chunk, not per row.
    int rowsPerChunk = Math.max(1, ElemwiseKernel.CHUNK * 4 / Math.max(cols, 1));
    double[] buf = Scratch.doubles(0, Math.min(rows, rowsPerChunk) * cols);
    for (int r0 = 0; r0 < rows; r0 += rowsPerChunk) {
      int nr = Math.min(rowsPerChunk, rows - r0);
      x.readDoubles(r0 * cols, buf, 0, nr * cols);
      for (int r = 0; r < nr; r++) {
        softmaxRow(buf, r * cols, cols, log);
      }
      out.writeDoubles(r0 * cols, buf, 0, nr * cols);
    }
    return new NDArray[] {out};
  }

  /** Max-shifted softmax (or log-softmax) of {@code row[off .. off+cols)} in place. */
  private static void softmaxRow(double[] row, int off, int cols, boolean log) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = off; j < off + cols; j++) {
      max = Math.max(max, row[j]);
    }
    double sum = 0;
    for (int j = off; j < off + cols; j++) {
      double e = Math.exp(row[j] - max);
      sum += e;
      if (!log) {
        row[j] = e;
      }
    }
    if (log) {
      double lse = max + Math.log(sum);
      for (int j = off; j < off + cols; j++) {
        row[j] -= lse;
      }
    } else {
      for (int j = off; j < off + cols; j++) {
        row[j] /= sum;
      }
    }
  }

  static NDArray[] crossentropy(Apply node, NDArray[] in) {
    NDArray p = in[0];
    NDArray y = in[1];
    int n = p.shape(0);
    int k = p.shape(1);
    if (y.shape(0) != n) {
      throw new IllegalArgumentException(n + " rows of probabilities but " + y.shape(0)
          + " labels");
    }
    NDArray out = NDArray.zeros(node.output(0).dtype(), n);
    for (int i = 0; i < n; i++) {
      long label = y.getLong(i);
      if (label < 0 || label >= k) {
        throw new IllegalArgumentException("label " + label + " at position " + i
            + " is out of range for " + k + " classes");
      }
      out.setDouble(-Math.log(p.getDouble(i, (int) label)), i);
    }
    return new NDArray[] {out};
  }
}
