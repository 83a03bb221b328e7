package org.theano4j.cuda.lower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Storage;
import org.theano4j.tensor.CudaOpTableTest;
import org.theano4j.tensor.T;

/**
 * The cuBLAS arguments computed by {@link GemmCall} for row-major operands in many layouts
 * (dense, transposed views, row slices of wider matrices, column vectors, batches), fed to a
 * plain column-major GEMM written here with cuBLAS's documented meaning, give the JVM backend's
 * {@code dot} / {@code batched_dot}. The same arguments go unchanged to cuBLAS on a GPU.
 */
class GemmCallTest {
  private final Random rnd = new Random(7);

  /** {@code op(X)[row, col]} of a column-major operand at {@code base} with leading dim ld. */
  private static double element(Storage s, long base, boolean trans, int ld, int row, int col) {
    long at = trans ? base + col + (long) row * ld : base + row + (long) col * ld;
    return s.getDouble(Math.toIntExact(at));
  }

  /** cuBLAS gemmStridedBatched, column-major, as documented: C = alpha op(A) op(B) + beta C. */
  private static void referenceGemm(GemmCall g) {
    Storage a = (Storage) g.first().memory();
    Storage b = (Storage) g.second().memory();
    Storage c = (Storage) g.c().memory();
    for (int p = 0; p < g.batch(); p++) {
      for (int row = 0; row < g.m(); row++) {
        for (int col = 0; col < g.n(); col++) {
          double acc = 0;
          for (int t = 0; t < g.k(); t++) {
            acc += element(a, g.first().offset() + p * g.strideA(), g.transa(), g.lda(), row, t)
                * element(b, g.second().offset() + p * g.strideB(), g.transb(), g.ldb(), t,
                col);
          }
          int at = Math.toIntExact(g.c().offset() + p * g.strideC() + row
              + (long) col * g.ldc());
          double prior = g.beta() == 0 ? 0 : g.beta() * c.getDouble(at);
          c.setDouble(at, g.alpha() * acc + prior);
        }
      }
    }
  }

  private NDArray random(DType dt, int... shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextGaussian();
    }
    return NDArray.of(v, shape).astype(dt);
  }

  /** A {@code rows x cols} operand in one of several layouts. */
  private NDArray layout(DType dt, int rows, int cols, int kind) {
    switch (kind) {
      case 0: return random(dt, rows, cols);
      case 1: return random(dt, cols, rows).transpose();
      case 2: return random(dt, rows, cols + 3).slice(1, 2, 2 + cols, 1);
      default: return random(dt, cols + 2, rows).slice(0, 1, 1 + cols, 1).transpose();
    }
  }

  private static NDArray cuBlas(NDArray a, NDArray b, double alpha, double beta, NDArray c) {
    GemmCall g = GemmCall.of(ArrayRef.of(a), ArrayRef.of(b), ArrayRef.of(c), alpha, beta);
    referenceGemm(g);
    return c;
  }

  @Test
  void matricesInEveryLayoutGiveTheJvmDot() {
    Variable x = T.matrix("x");
    Variable y = T.matrix("y");
    var dot = Theano.function(List.of(x, y), List.of(T.dot(x, y))).backend("jvm").build();
    int[][] sizes = {{3, 5, 4}, {1, 5, 4}, {3, 1, 4}, {3, 5, 1}, {1, 1, 1}, {17, 9, 6}};
    for (int[] s : sizes) {
      for (int ka = 0; ka < 4; ka++) {
        for (int kb = 0; kb < 4; kb++) {
          NDArray a = layout(DType.FLOAT32, s[0], s[1], ka);
          NDArray b = layout(DType.FLOAT32, s[1], s[2], kb);
          NDArray want = dot.call(a, b).get(0);
          NDArray got = cuBlas(a, b, 1, 0, NDArray.zeros(DType.FLOAT32, s[0], s[2]));
          CudaOpTableTest.compare("gemm " + java.util.Arrays.toString(s) + " layouts " + ka
              + "," + kb, got.toDoubleArray(), want.toDoubleArray(), DType.FLOAT32, 20);
        }
      }
    }
  }

  @Test
  void alphaAndBetaScaleTheProductAndTheBias() {
    NDArray a = layout(DType.FLOAT64, 4, 3, 1);
    NDArray b = layout(DType.FLOAT64, 3, 5, 2);
    NDArray bias = random(DType.FLOAT64, 4, 5);
    NDArray got = cuBlas(a, b, 2.5, -0.5, bias.copy());
    Variable x = T.tensor(DType.FLOAT64, 2, "x");
    Variable y = T.tensor(DType.FLOAT64, 2, "y");
    Variable z = T.tensor(DType.FLOAT64, 2, "z");
    NDArray want = Theano.function(List.of(x, y, z), List.of(T.dot(x, y).mul(2.5)
        .sub(z.mul(0.5)))).backend("jvm").build().call(a, b, bias).get(0);
    CudaOpTableTest.compare("alpha/beta", got.toDoubleArray(), want.toDoubleArray(),
        DType.FLOAT64, 10);
  }

  @Test
  void batchesInSeveralLayoutsGiveTheJvmBatchedDot() {
    Variable x = T.tensor3("x");
    Variable y = T.tensor3("y");
    var bdot = Theano.function(List.of(x, y), List.of(T.batchedDot(x, y))).backend("jvm")
        .build();
    NDArray[][] cases = {
        {random(DType.FLOAT32, 4, 3, 5), random(DType.FLOAT32, 4, 5, 2)},
        {random(DType.FLOAT32, 4, 5, 3).dimshuffle(0, 2, 1), random(DType.FLOAT32, 5, 4, 2)
            .dimshuffle(1, 0, 2)},
        {random(DType.FLOAT32, 6, 3, 5).slice(0, 0, 6, 2), random(DType.FLOAT32, 3, 2, 5)
            .dimshuffle(0, 2, 1)}};
    for (NDArray[] c : cases) {
      NDArray want = bdot.call(c[0], c[1]).get(0);
      NDArray got = cuBlas(c[0], c[1], 1, 0, NDArray.zeros(DType.FLOAT32, want.shape()));
      CudaOpTableTest.compare("batched " + ArrayRef.of(c[0]) + " · " + ArrayRef.of(c[1]),
          got.toDoubleArray(), want.toDoubleArray(), DType.FLOAT32, 20);
    }
  }

  @Test
  void mappingOfARowMajorProduct() {
    // C (2x4) = A (2x3) · B (3x4), dense: cuBLAS computes C^T = B^T A^T, no transposes.
    GemmCall g = GemmCall.of(ArrayRef.of(random(DType.FLOAT32, 2, 3)),
        ArrayRef.of(random(DType.FLOAT32, 3, 4)), ArrayRef.of(NDArray.zeros(DType.FLOAT32, 2,
        4)), 1, 0);
    assertThat(List.of(g.transa(), g.transb())).containsExactly(false, false);
    assertThat(new int[] {g.m(), g.n(), g.k(), g.lda(), g.ldb(), g.ldc()})
        .containsExactly(4, 2, 3, 4, 3, 4);
    // A given as the transpose of a dense (3x2): cuBLAS's second operand takes OP_T, ld 2.
    GemmCall t = GemmCall.of(ArrayRef.of(random(DType.FLOAT32, 3, 2).transpose()),
        ArrayRef.of(random(DType.FLOAT32, 3, 4)), ArrayRef.of(NDArray.zeros(DType.FLOAT32, 2,
        4)), 1, 0);
    assertThat(List.of(t.transa(), t.transb())).containsExactly(false, true);
    assertThat(t.ldb()).isEqualTo(2);
  }

  @Test
  void layoutsWithoutAUnitStrideAreRefused() {
    assertThat(GemmCall.layout(3, 4, 4, -1)).isNull();
    assertThat(GemmCall.layout(3, 4, 8, 2)).isNull();
    assertThat(GemmCall.layout(3, 4, 0, 1)).isNull();
    assertThat(GemmCall.layout(3, 4, 4, 1)).isEqualTo(new GemmCall.Layout(false, 4));
    assertThat(GemmCall.layout(3, 4, 1, 3)).isEqualTo(new GemmCall.Layout(true, 3));
    NDArray reversed = random(DType.FLOAT32, 3, 4).slice(1, null, null, -1);
    assertThatThrownBy(() -> GemmCall.of(ArrayRef.of(reversed), ArrayRef.of(random(
        DType.FLOAT32, 4, 2)), ArrayRef.of(NDArray.zeros(DType.FLOAT32, 3, 2)), 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a copy");
  }
}
