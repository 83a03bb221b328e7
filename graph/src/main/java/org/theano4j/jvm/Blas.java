package org.theano4j.jvm;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import java.lang.ref.WeakReference;
import java.nio.Buffer;
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

  /**
   * 2-D {@code m} as BLAS reads it: itself when its layout is row-major or transposed
   * ({@link #transposed}, {@link #leading}), else a contiguous copy.
   */
  private static NDArray operand(NDArray m) {
    return rowMajor(m) || columnMajor(m) ? m : m.copy();
  }

  private static boolean rowMajor(NDArray m) {
    int cols = m.shape(1);
    return (cols == 1 || m.stride(1) == 1) && (m.shape(0) == 1 || m.stride(0) >= Math.max(cols, 1));
  }

  private static boolean columnMajor(NDArray m) {
    int rows = m.shape(0);
    return (rows == 1 || m.stride(0) == 1) && (m.shape(1) == 1 || m.stride(1) >= Math.max(rows, 1));
  }

  /** Whether BLAS reads {@code operand(m)} transposed. */
  private static boolean transposed(NDArray o) {
    return !rowMajor(o);
  }

  /** The leading dimension of {@code operand(m)}. */
  private static int leading(NDArray o) {
    if (rowMajor(o)) {
      return o.shape(0) == 1 ? Math.max(o.shape(1), 1) : o.stride(0);
    }
    return o.shape(1) == 1 ? Math.max(o.shape(0), 1) : o.stride(1);
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
   *
   * <p>On a large product ({@link #scalesFirst}) a {@code beta} other than 0 and 1 (the
   * in-place update {@code W ← β·W − α·xᵀδ}) is applied by BLAS's {@code ?scal} over c before
   * a GEMM with {@code beta = 1}: what OpenBLAS does inside one call (c scaled, then the
   * products added), rounded the same way, but the bundled OpenBLAS scales c with a scalar
   * loop (its {@code ?gemm_beta}: 90 µs for 784×500 float32, {@code sscal} 19 µs;
   * docs/performance.md, "Where the GEMM limit lies").
   *
   * <p>Public for the benchmarks' {@code GemmLimit}, which times this call path against
   * NumPy's; the backend's kernels are its other callers.
   */
  public static void gemm(NDArray a, NDArray b, NDArray c, int cOffset, double alpha,
      double beta) {
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
    NDArray oa = operand(a);
    NDArray ob = operand(b);
    int ta = transposed(oa) ? CblasTrans : CblasNoTrans;
    int tb = transposed(ob) ? CblasTrans : CblasNoTrans;
    boolean scaleFirst = beta != 0 && beta != 1 && scalesFirst(m, k, n);
    if (a.dtype() == DType.FLOAT32) {
      // direct buffers go to BLAS by address (JavaCPP's buffer overload, which adds the
      // buffer's position), no pointer objects
      FloatBuffer pa = (FloatBuffer) at(0, oa.storage().floats(), oa.offset());
      FloatBuffer pb = (FloatBuffer) at(1, ob.storage().floats(), ob.offset());
      FloatBuffer pc = (FloatBuffer) at(2, c.storage().floats(), cOffset);
      if (scaleFirst) {
        openblas_nolapack.cblas_sscal(m * n, (float) beta, pc, 1);
      }
      openblas_nolapack.cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, (float) alpha, pa,
          leading(oa), pb, leading(ob), scaleFirst ? 1f : (float) beta, pc, n);
    } else {
      DoubleBuffer pa = (DoubleBuffer) at(0, oa.storage().doubles(), oa.offset());
      DoubleBuffer pb = (DoubleBuffer) at(1, ob.storage().doubles(), ob.offset());
      DoubleBuffer pc = (DoubleBuffer) at(2, c.storage().doubles(), cOffset);
      if (scaleFirst) {
        openblas_nolapack.cblas_dscal(m * n, beta, pc, 1);
      }
      openblas_nolapack.cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, alpha, pa, leading(oa),
          pb, leading(ob), scaleFirst ? 1 : beta, pc, n);
    }
  }

  /** The fewest elements of c for which {@link #gemm} scales c itself before the GEMM. */
  static final int SCALE_FIRST_MIN_ELEMENTS = 1 << 16;

  /**
   * Whether {@link #gemm} scales c by a beta other than 0 and 1 with {@code ?scal} first: when c
   * has at least {@link #SCALE_FIRST_MIN_ELEMENTS} elements (below, OpenBLAS's scalar pass
   * costs a few µs) and the product has over 100³ multiply-adds, so that OpenBLAS takes its
   * regular path (its small-matrix kernels, taken below that on AVX-512 cores, fold beta into
   * each result with other roundings; there one library call keeps its bits).
   */
  static boolean scalesFirst(int m, int k, int n) {
    return (long) m * n >= SCALE_FIRST_MIN_ELEMENTS && (double) m * n * k > 1e6;
  }

  /** Per thread: duplicates of storage buffers met lately, per operand (a, b, c). */
  private static final ThreadLocal<OperandCache> POSITIONED =
      ThreadLocal.withInitial(OperandCache::new);

  /** One thread's cached duplicates: 16 per operand, and the clock that orders their use. */
  private static final class OperandCache {
    final Positioned[][] slots = new Positioned[3][16];
    long clock;
  }

  /**
   * A duplicate of {@code base} (weakly held, with the key, so that the cache keeps no
   * buffer alive) whose position this thread sets for one BLAS call; {@code used}: the cache's
   * clock at its last use.
   */
  private static final class Positioned {
    final WeakReference<Buffer> base;
    final WeakReference<Buffer> dup;
    long used;

    Positioned(Buffer base, Buffer dup) {
      this.base = new WeakReference<>(base);
      this.dup = new WeakReference<>(dup);
    }
  }

  /**
   * {@code b} from element {@code off}, as operand {@code which}: itself at 0 (a storage's
   * buffers stay at position 0), else this thread's duplicate of it positioned at {@code off}
   * (made again only when the cache has lost it: no object per call in steady state).
   *
   * <p>A buffer's entry is looked for in all 16 slots of its operand; a new one takes an
   * empty slot, else one whose buffer was collected, else the least recently used. (Before,
   * a buffer had one slot, its identity hash's: two buffers of one step whose hashes met, or
   * a table kept full by buffers still alive from earlier work, replaced a duplicate on every
   * call, 144–288 bytes per call of a LeNet-like step in some runs; {@code
   * BlasOperandCacheTest}.) So up to 16 storages per operand used in turn allocate nothing.
   */
  private static Buffer at(int which, Buffer b, int off) {
    if (off == 0) {
      return b;
    }
    OperandCache c = POSITIONED.get();
    Positioned[] cache = c.slots[which];
    // the slot to replace: the lowest score, an empty slot before a collected buffer's before
    // the least recently used live one
    int victim = 0;
    long lowest = Long.MAX_VALUE;
    for (int s = 0; s < cache.length; s++) {
      Positioned p = cache[s];
      Buffer base = p == null ? null : p.base.get();
      if (base == b) {
        Buffer dup = p.dup.get();
        if (dup != null) {
          p.used = ++c.clock;
          return dup.position(off);
        }
        victim = s;
        break;
      }
      long score = p == null ? Long.MIN_VALUE : base == null ? Long.MIN_VALUE + 1 : p.used;
      if (score < lowest) {
        lowest = score;
        victim = s;
      }
    }
    Buffer dup = b.duplicate();
    Positioned p = new Positioned(b, dup);
    p.used = ++c.clock;
    cache[victim] = p;
    return dup.position(off);
  }

  /** {@code c[off .. off+n) *= beta} (zero when beta is zero, as BLAS does). */
  private static void scale(NDArray c, int off, int n, double beta) {
    for (int i = 0; i < n; i++) {
      c.storage().setDouble(off + i, beta == 0 ? 0 : beta * c.storage().getDouble(off + i));
    }
  }
}
