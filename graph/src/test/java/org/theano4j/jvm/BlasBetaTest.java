package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Random;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * {@link Blas#gemm} with a {@code beta} other than 0 and 1 scales c with {@code ?scal} and then
 * runs GEMM with {@code beta = 1}: the result must be bit for bit what one OpenBLAS GEMM call with
 * that beta gives (the same roundings), equal a float64 loop to rounding, and leave c's elements
 * outside the product alone. Shapes: the MLP's in-place update ({@code W ← β·W − α·xᵀδ}: a read
 * transposed, c at an offset inside a larger array) and a small row-major product.
 */
class BlasBetaTest {
  /** One OpenBLAS call with beta, on a copy of c: what Blas.gemm gave before it scaled first. */
  private static double[] libraryBeta(NDArray a, boolean aT, NDArray b, NDArray c, int off,
      int m, int k, int n, double alpha, double beta) {
    NDArray out = c.copy();
    int ta = aT ? CblasTrans : CblasNoTrans;
    int lda = aT ? m : k;
    if (c.dtype() == DType.FLOAT32) {
      FloatBuffer pc = out.storage().floats().duplicate().position(off);
      openblas_nolapack.cblas_sgemm(CblasRowMajor, ta, CblasNoTrans, m, n, k, (float) alpha,
          a.storage().floats(), lda, b.storage().floats(), n, (float) beta, pc, n);
    } else {
      DoubleBuffer pc = out.storage().doubles().duplicate().position(off);
      openblas_nolapack.cblas_dgemm(CblasRowMajor, ta, CblasNoTrans, m, n, k, alpha,
          a.storage().doubles(), lda, b.storage().doubles(), n, beta, pc, n);
    }
    return out.toDoubleArray();
  }

  @Test
  void scaledInPlaceEqualsOneLibraryCallAndAFloat64Loop() {
    // {m, k, n, a transposed}: W1's update 784x20·20x500 read through xᵀ (c scaled first), a
    // large c of a product under 100³ multiply-adds and a small product (both one library call)
    int[][] shapes = {{784, 20, 500, 1}, {300, 4, 300, 0}, {7, 5, 9, 0}};
    assertThat(Blas.scalesFirst(784, 20, 500)).isTrue();
    assertThat(Blas.scalesFirst(300, 4, 300)).isFalse();
    assertThat(Blas.scalesFirst(7, 5, 9)).isFalse();
    for (int[] shape : shapes) {
      int m = shape[0];
      int k = shape[1];
      int n = shape[2];
      boolean aT = shape[3] == 1;
      for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        for (double beta : new double[] {0.999998, -2.5}) {
          double alpha = -0.01;
          NDArray stored = IntraOpThreadsTest.random(t, new Random(1), aT ? k : m, aT ? m : k);
          NDArray a = aT ? stored.transpose() : stored;
          NDArray b = IntraOpThreadsTest.random(t, new Random(2), k, n);
          int off = 3;
          NDArray c = IntraOpThreadsTest.random(t, new Random(3), m * n + 2 * off);
          double[] c0 = c.toDoubleArray();
          double[] expected = libraryBeta(stored, aT, b, c, off, m, k, n, alpha, beta);

          Blas.gemm(a, b, c, off, alpha, beta);

          double[] got = c.toDoubleArray();
          String what = t + " " + m + "x" + k + "x" + n + " beta " + beta;
          double[] av = a.copy().toDoubleArray();
          double[] bv = b.toDoubleArray();
          double tol = t == DType.FLOAT32 ? 1e-5 : 1e-13;
          int unequal = 0;
          double worst = 0;
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              double s = 0;
              for (int p = 0; p < k; p++) {
                s += av[i * k + p] * bv[p * n + j];
              }
              int at = off + i * n + j;
              unequal += got[at] == expected[at] ? 0 : 1;
              double ref = beta * c0[at] + alpha * s;
              worst = Math.max(worst, Math.abs(got[at] - ref) / (1 + Math.abs(ref)));
            }
          }
          assertThat(unequal).as(what + ": elements unlike one library call").isZero();
          assertThat(worst).as(what + ": relative error against a float64 loop")
              .isLessThan(tol);
          for (int i : new int[] {0, 1, 2, off + m * n, off + m * n + 1, off + m * n + 2}) {
            assertThat(got[i]).as(what + ": element " + i + " outside c").isEqualTo(c0[i]);
          }
        }
      }
    }
  }
}
