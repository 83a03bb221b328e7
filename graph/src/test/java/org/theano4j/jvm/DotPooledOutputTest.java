package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Storage;
import org.theano4j.ndarray.StoragePool;
import org.theano4j.tensor.T;

/**
 * Dot takes its output from the storage pool without zeroing it: a pooled buffer full of NaN
 * (or 77) must not show through, for float and integer products and an empty inner dimension
 * (a product of zeros), against a direct loop.
 */
class DotPooledOutputTest {
  private static NDArray random(DType t, long seed, int... shape) {
    NDArray a = NDArray.zeros(t, shape);
    Random r = new Random(seed);
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = t.isFloat() ? r.nextGaussian() : r.nextInt(9) - 4;
    }
    a.writeDoubles(0, v, 0, v.length);
    return a;
  }

  private static void poisonPool(StoragePool pool, DType t, int size) {
    Storage s = Storage.allocate(t, size);
    for (int i = 0; i < size; i++) {
      s.setDouble(i, t.isFloat() ? Double.NaN : 77);
    }
    pool.give(s);
  }

  @Test
  void productsIgnoreWhatAPooledBufferHeld() {
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
      for (int[] mkn : new int[][] {{7, 5, 9}, {3, 0, 4}}) {
        int m = mkn[0];
        int k = mkn[1];
        int n = mkn[2];
        Variable a = T.tensor(t, 2, "a");
        Variable b = T.tensor(t, 2, "b");
        Apply dot = T.dot(a, b).owner();
        NDArray x = random(t, 1, m, k);
        NDArray y = random(t, 2, k, n);
        StoragePool pool = new StoragePool();
        StoragePool previous = pool.enter();
        NDArray c;
        try {
          poisonPool(pool, t, m * n);
          c = BlasKernels.dot(dot, new NDArray[] {x, y})[0];
        } finally {
          StoragePool.exit(previous);
        }
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            double want = 0;
            for (int q = 0; q < k; q++) {
              want += x.getDouble(i, q) * y.getDouble(q, j);
            }
            assertThat(c.getDouble(i, j)).as("%s %s (%d, %d)", t, List.of(m, k, n), i, j)
                .isCloseTo(want, org.assertj.core.data.Offset.offset(1e-4));
          }
        }
      }
    }
  }
}
