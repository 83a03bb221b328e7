package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * {@link Blas#gemm} passes an operand that starts inside its storage (a view at an offset) as
 * this thread's cached duplicate of the storage's buffer: many such storages used in turn
 * allocate nothing per call once each has its duplicate, whatever their identity hashes and
 * whatever live storages filled the cache before, and every product is still right (against
 * a direct float64 loop).
 */
class BlasOperandCacheTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void manyOffsetOperandsInTurnAllocateNothingAndMultiplyRight() {
    // 12 storages, each read from element 3 as a 4x5 matrix; a direct-mapped cache of 16
    // slots would almost surely (probability 1 - 16!/(4!·16^12) > 0.99) put two in one slot
    int count = 12;
    NDArray[] as = new NDArray[count];
    double[][] want = new double[count][];
    java.util.Random r = new java.util.Random(7);
    NDArray b = NDArray.zeros(DType.FLOAT64, 5, 2);
    double[] bv = new double[10];
    for (int i = 0; i < bv.length; i++) {
      bv[i] = r.nextGaussian();
    }
    b.writeDoubles(0, bv, 0, bv.length);
    for (int q = 0; q < count; q++) {
      double[] v = new double[23];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.nextGaussian();
      }
      NDArray flat = NDArray.zeros(DType.FLOAT64, 23);
      flat.writeDoubles(0, v, 0, 23);
      as[q] = flat.slice(0, 3, 23, 1).reshape(4, 5);
      want[q] = new double[8];
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 2; j++) {
          double s = 0;
          for (int k = 0; k < 5; k++) {
            s += v[3 + 5 * i + k] * bv[2 * k + j];
          }
          want[q][2 * i + j] = s;
        }
      }
    }
    NDArray c = NDArray.zeros(DType.FLOAT64, 4, 2);
    double[] got = new double[8];
    // earlier work: 16 other storages, still alive, fill every slot of the cache
    NDArray[] earlier = new NDArray[16];
    for (int q = 0; q < earlier.length; q++) {
      earlier[q] = NDArray.zeros(DType.FLOAT64, 23).slice(0, 3, 23, 1).reshape(4, 5);
      Blas.gemm(earlier[q], b, c, 0);
    }
    for (int round = 0; round < 200; round++) {
      for (int q = 0; q < count; q++) {
        Blas.gemm(as[q], b, c, 0);
      }
    }
    long tid = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(tid);
    for (int round = 0; round < 200; round++) {
      for (int q = 0; q < count; q++) {
        Blas.gemm(as[q], b, c, 0);
      }
    }
    long perCall = (THREADS.getThreadAllocatedBytes(tid) - before) / (200 * count);
    for (int q = 0; q < count; q++) {
      Blas.gemm(as[q], b, c, 0);
      c.readDoubles(0, got, 0, 8);
      for (int i = 0; i < 8; i++) {
        assertThat(got[i]).as("product %d, element %d", q, i)
            .isCloseTo(want[q][i], org.assertj.core.data.Offset.offset(1e-12));
      }
    }
    assertThat(perCall).as("bytes per call").isLessThan(8);
    assertThat(earlier[0].storage()).isNotNull(); // the earlier storages stayed alive
  }
}
