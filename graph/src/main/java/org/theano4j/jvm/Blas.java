package org.theano4j.jvm;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * OpenBLAS GEMM on arrays in native memory, with no copy when each operand has a unit stride
 * on one axis (row-major, or transposed). Uses one BLAS thread unless the system property
 * {@code theano4j.blas.threads} says otherwise.
 */
public final class Blas {
  private static volatile boolean initialised;

  private Blas() {}

  private static void init() {
    if (!initialised) {
      synchronized (Blas.class) {
        if (!initialised) {
          int threads = Integer.getInteger("theano4j.blas.threads", 1);
          org.bytedeco.javacpp.Loader.load(openblas_nolapack.class);
          org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(threads);
          initialised = true;
        }
      }
    }
  }

  /** A matrix operand: storage position, leading dimension, and whether it is transposed. */
  private record Operand(NDArray base, int offset, int ld, boolean trans) {}

  /** Describes 2-D {@code m} for BLAS, copying it only when no layout fits. */
  private static Operand operand(NDArray m) {
    int rows = m.shape(0);
    int cols = m.shape(1);
    int s0 = m.stride(0);
    int s1 = m.stride(1);
    if ((cols == 1 || s1 == 1) && (rows == 1 || s0 >= Math.max(cols, 1))) {
      return new Operand(m, m.offset(), rows == 1 ? Math.max(cols, 1) : s0, false);
    }
    if ((rows == 1 || s0 == 1) && (cols == 1 || s1 >= Math.max(rows, 1))) {
      return new Operand(m, m.offset(), cols == 1 ? Math.max(rows, 1) : s1, true);
    }
    NDArray c = m.copy();
    return new Operand(c, 0, Math.max(cols, 1), false);
  }

  /**
   * {@code c = a · b} for 2-D float32 or float64 arrays of the same dtype, writing into the
   * contiguous {@code c} at element {@code cOffset} (whose leading dimension is its width).
   */
  static void gemm(NDArray a, NDArray b, NDArray c, int cOffset) {
    gemm(a, b, c, cOffset, 1, 0);
  }

  /**
   * {@code c = alpha · a · b + beta · c} for 2-D float32 or float64 arrays of one dtype, with
   * {@code c} contiguous from element {@code cOffset}. With {@code beta == 0} c is not read.
   */
  static void gemm(NDArray a, NDArray b, NDArray c, int cOffset, double alpha, double beta) {
    init();
    int m = a.shape(0);
    int k = a.shape(1);
    int n = b.shape(1);
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      scale(c, cOffset, m * n, beta);
      return;
    }
    Operand oa = operand(a);
    Operand ob = operand(b);
    int ta = oa.trans ? CblasTrans : CblasNoTrans;
    int tb = ob.trans ? CblasTrans : CblasNoTrans;
    if (a.dtype() == DType.FLOAT32) {
      // direct buffers go to BLAS by address (JavaCPP's buffer overload), no pointer objects
      FloatBuffer pa = at(oa.base.storage().floats(), oa.offset);
      FloatBuffer pb = at(ob.base.storage().floats(), ob.offset);
      FloatBuffer pc = at(c.storage().floats(), cOffset);
      openblas_nolapack.cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, (float) alpha, pa, oa.ld,
          pb, ob.ld, (float) beta, pc, n);
    } else {
      DoubleBuffer pa = at(oa.base.storage().doubles(), oa.offset);
      DoubleBuffer pb = at(ob.base.storage().doubles(), ob.offset);
      DoubleBuffer pc = at(c.storage().doubles(), cOffset);
      openblas_nolapack.cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, alpha, pa, oa.ld, pb,
          ob.ld, beta, pc, n);
    }
  }

  /** {@code b} from element {@code off}: itself at 0 (a storage's views stay at position 0). */
  private static FloatBuffer at(FloatBuffer b, int off) {
    return off == 0 ? b : b.slice(off, b.capacity() - off);
  }

  private static DoubleBuffer at(DoubleBuffer b, int off) {
    return off == 0 ? b : b.slice(off, b.capacity() - off);
  }

  /** {@code c[off .. off+n) *= beta} (zero when beta is zero, as BLAS does). */
  private static void scale(NDArray c, int off, int n, double beta) {
    for (int i = 0; i < n; i++) {
      c.storage().setDouble(off + i, beta == 0 ? 0 : beta * c.storage().getDouble(off + i));
    }
  }
}
