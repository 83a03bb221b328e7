package org.theano4j.cuda.runtime;

import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;
import static org.bytedeco.cuda.global.cublas.cublasCreate_v2;
import static org.bytedeco.cuda.global.cublas.cublasDgemmStridedBatched;
import static org.bytedeco.cuda.global.cublas.cublasDgemm_v2;
import static org.bytedeco.cuda.global.cublas.cublasSgemmStridedBatched;
import static org.bytedeco.cuda.global.cublas.cublasSgemm_v2;

import static org.bytedeco.cuda.global.cublas.cublasSetStream_v2;
import static org.bytedeco.cuda.global.cublas.cublasSetWorkspace_v2;
import static org.bytedeco.cuda.global.cudart.cuMemAlloc;

import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.theano4j.TheanoException;
import org.theano4j.cuda.lower.ArrayRef;
import org.theano4j.cuda.lower.GemmCall;
import org.theano4j.ndarray.DType;

/**
 * The cuBLAS handle of the process's CUDA context (device 0), created on first use, and the
 * GEMM calls: {@link GemmCall}'s arguments are passed through unchanged (its mapping from
 * row-major operands is unit-tested on the CPU); a batch of more than one uses the strided
 * batched call. Scalars are host values (cuBLAS's default pointer mode).
 *
 * <p>Run on an H100 (sm_90, driver 580, CUDA 13.0's cuBLAS): the op table's products equal
 * the JVM backend's.
 */
final class Cublas {
  private static final long WORKSPACE = 32L << 20;
  private static cublasContext handle;

  private Cublas() {}

  /** The handle, or a TheanoException saying why cuBLAS cannot be used. */
  static synchronized cublasContext handle() {
    if (handle == null) {
      try {
        Loader.load(org.bytedeco.cuda.global.cublas.class);
      } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
        throw new TheanoException("CUDA backend unavailable: cuBLAS (libcublas.so.13) could "
            + "not be loaded; install the CUDA toolkit's runtime libraries");
      }
      cublasContext h = new cublasContext();
      int rc = cublasCreate_v2(h);
      if (rc != 0) {
        throw new TheanoException("CUDA backend unavailable: cublasCreate failed (status " + rc
            + ")");
      }
      // A workspace of our own, so that cuBLAS allocates nothing while a graph is captured.
      LongPointer ws = new LongPointer(1);
      if (cuMemAlloc(ws, WORKSPACE) == 0) {
        cublasSetWorkspace_v2(h, new DeviceAddress(ws.get(0)), WORKSPACE);
      }
      handle = h;
    }
    return handle;
  }

  /** Queues {@code g} on {@code stream} (recordable into a CUDA graph). */
  static synchronized void gemm(GemmCall g, CUstream_st stream) {
    cublasContext h = handle();
    cublasSetStream_v2(h, stream);
    int ta = g.transa() ? CUBLAS_OP_T : CUBLAS_OP_N;
    int tb = g.transb() ? CUBLAS_OP_T : CUBLAS_OP_N;
    boolean single = g.batch() == 1;
    int rc;
    if (g.c().dtype() == DType.FLOAT32) {
      FloatPointer alpha = new FloatPointer(1).put((float) g.alpha());
      FloatPointer beta = new FloatPointer(1).put((float) g.beta());
      FloatPointer a = new FloatPointer(device(g.first()));
      FloatPointer b = new FloatPointer(device(g.second()));
      FloatPointer c = new FloatPointer(device(g.c()));
      rc = single ? cublasSgemm_v2(h, ta, tb, g.m(), g.n(), g.k(), alpha, a, g.lda(), b,
          g.ldb(), beta, c, g.ldc())
          : cublasSgemmStridedBatched(h, ta, tb, g.m(), g.n(), g.k(), alpha, a, g.lda(),
              g.strideA(), b, g.ldb(), g.strideB(), beta, c, g.ldc(), g.strideC(), g.batch());
    } else if (g.c().dtype() == DType.FLOAT64) {
      DoublePointer alpha = new DoublePointer(1).put(g.alpha());
      DoublePointer beta = new DoublePointer(1).put(g.beta());
      DoublePointer a = new DoublePointer(device(g.first()));
      DoublePointer b = new DoublePointer(device(g.second()));
      DoublePointer c = new DoublePointer(device(g.c()));
      rc = single ? cublasDgemm_v2(h, ta, tb, g.m(), g.n(), g.k(), alpha, a, g.lda(), b,
          g.ldb(), beta, c, g.ldc())
          : cublasDgemmStridedBatched(h, ta, tb, g.m(), g.n(), g.k(), alpha, a, g.lda(),
              g.strideA(), b, g.ldb(), g.strideB(), beta, c, g.ldc(), g.strideC(), g.batch());
    } else {
      throw new IllegalStateException("cuBLAS GEMM for " + g.c().dtype()
          + ": the lowering sends only float32/float64 products here");
    }
    if (rc != 0) {
      throw new TheanoException("cuBLAS " + (single ? "" : "strided batched ") + "gemm failed "
          + "(status " + rc + ") for m=" + g.m() + " n=" + g.n() + " k=" + g.k() + " lda="
          + g.lda() + " ldb=" + g.ldb() + " ldc=" + g.ldc());
    }
  }

  /** A JavaCPP pointer holding the device address of {@code a}'s first element. */
  private static Pointer device(ArrayRef a) {
    return new DeviceAddress((Long) a.memory() + (long) a.offset() * a.dtype().byteSize());
  }

  /** A device address as a JavaCPP pointer; never dereferenced on the host. */
  private static final class DeviceAddress extends Pointer {
    DeviceAddress(long address) {
      this.address = address;
    }
  }
}
