package org.theano4j.benchmarks;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.theano4j.jvm.Blas;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * The GEMM limit of issue 14's steps (docs/performance.md, "Where the GEMM limit lies"): every
 * matrix product of the NumPy references' steps ({@code benchmarks/scripts/mlp_ref.py},
 * {@code mnist-tutorial/scripts/logreg_ref.py}) timed alone, one call at a time, through
 * Theano4J's {@link Blas#gemm} (the call the JVM backend's {@code Gemm} and {@code Dot} kernels
 * make) and as one bare OpenBLAS call through JavaCPP with the same arguments. In the forward
 * products x is the step's minibatch view of a data array of the step's size, one minibatch
 * after the other, so that it comes from memory as in the step; in the updates' xᵀ it is in
 * cache, as after the forward product. {@code benchmarks/scripts/gemm-limit.sh} times the
 * same products in NumPy ({@code gemm_ref.py} reads the cases from this program's output) and
 * prints the table.
 *
 * <p>{@code GemmLimit [--seconds S]}: S seconds of timed calls per case and dtype (default 0.5,
 * after a quarter as much warm-up); prints one JSON line per case and dtype (median and fastest
 * µs per call) after a header line with the OpenBLAS version.
 */
public final class GemmLimit {
  private GemmLimit() {}

  /**
   * One product {@code c = alpha·a·b + beta·c}, a m×k (read transposed from a k×m array when
   * {@code aT}), b k×n (likewise with {@code bT}), with the alpha and beta of Theano4J's step
   * ({@code beta = 1}: the bias copied into c, or a plain SGD update; {@code beta = 0}: a
   * {@code Dot}). {@code examples > 0}: a is the minibatch of a data set of {@code examples}
   * rows of 784 pixels, a new one each call (the forward products); {@code examples == 0}: one
   * a, in cache (the weight updates' xᵀ, which the step's forward product has just read); {@code numpy} is the product as the NumPy reference writes it (names in
   * ASCII, for any console's encoding).
   */
  record Case(String step, String name, String numpy, int m, int k, int n, boolean aT,
      boolean bT, double alpha, double beta, int examples) {}

  /** The in-place update's beta of the MLP step: 1 − 2·lr·L2 (the L2 gradient folded in). */
  private static final double MLP_BETA = 1 - 2 * MlpStep.LEARNING_RATE * MlpStep.L2;
  /** Logistic regression (logreg_ref.py, LogisticSgd): lr 0.13, 5,000 or 50,000 examples. */
  private static final double LOGREG_LR = 0.13;

  /** The products of mlp_ref.py's step (MlpStep's sizes) and of logreg_ref.py's. */
  static final List<Case> CASES = mlpCases(MlpStep.BATCH, MlpStep.INPUTS, MlpStep.HIDDEN,
      MlpStep.CLASSES, MlpStep.LEARNING_RATE, MlpStep.EXAMPLES);

  private static List<Case> mlpCases(int b, int in, int hid, int out, double lr, int examples) {
    return List.of(
        new Case("mlp", "b1 + x.W1", "xb @ w1", b, in, hid, false, false, 1, 1, examples),
        new Case("mlp", "W1 <- beta*W1 - lr*x^T.dh", "xb.T @ dh", in, b, hid, true, false, -lr,
            MLP_BETA, 0),
        new Case("mlp", "b2 + h.W2", "h @ w2", b, hid, out, false, false, 1, 1, 0),
        new Case("mlp", "W2 <- beta*W2 - lr*h^T.d", "h.T @ d2", hid, b, out, true, false, -lr,
            MLP_BETA, 0),
        new Case("mlp", "d.W2^T", "d2 @ w2.T", b, out, hid, false, true, 1, 0, 0),
        logreg("mini", 60, false, 5000), logreg("mini", 60, true, 5000),
        logreg("full", 600, false, 50000), logreg("full", 600, true, 50000));
  }

  /** logreg_ref.py's forward product {@code b + x·W} or its update {@code W ← W − lr·xᵀ·δ}. */
  private static Case logreg(String set, int batch, boolean update, int examples) {
    return update
        ? new Case(set, "W <- W - lr*x^T.d", "xb.T @ p", 784, batch, 10, true, false, -LOGREG_LR,
            1, 0)
        : new Case(set, "b + x.W", "xb @ W", batch, 784, 10, false, false, 1, 1, examples);
  }

  /** The operands of one case in one dtype: a per minibatch, b, c. */
  private static final class Operands {
    final NDArray[] a;
    final NDArray b;
    final NDArray c;
    /** a[i]'s, b's, c's storage buffers positioned at their first element (bare calls). */
    final Buffer[] pa;
    final Buffer pb;
    final Buffer pc;
    final int lda;
    final int ldb;

    Operands(Case cs, DType dt, Random rng) {
      int rows = cs.aT ? cs.k : cs.m;
      int cols = cs.aT ? cs.m : cs.k;
      int batches = cs.examples > 0 ? cs.examples / rows : 1;
      NDArray data = values(dt, rng, batches * rows, cols);
      a = new NDArray[batches];
      pa = new Buffer[batches];
      for (int i = 0; i < batches; i++) {
        NDArray stored = data.slice(0, i * rows, (i + 1) * rows, 1);
        a[i] = cs.aT ? stored.transpose() : stored;
        pa[i] = positioned(stored);
      }
      NDArray bStored = values(dt, rng, cs.bT ? cs.n : cs.k, cs.bT ? cs.k : cs.n);
      b = cs.bT ? bStored.transpose() : bStored;
      pb = positioned(bStored);
      c = values(dt, rng, cs.m, cs.n);
      pc = positioned(c);
      lda = cols;
      ldb = bStored.shape(1);
    }

    private static NDArray values(DType dt, Random rng, int rows, int cols) {
      float[] v = new float[rows * cols];
      for (int i = 0; i < v.length; i++) {
        v[i] = rng.nextFloat() - 0.5f;
      }
      NDArray f = NDArray.of(v, rows, cols);
      return dt == DType.FLOAT32 ? f : f.astype(dt);
    }

    private static Buffer positioned(NDArray m) {
      Buffer whole = m.dtype() == DType.FLOAT32 ? m.storage().floats() : m.storage().doubles();
      return whole.duplicate().position(m.offset());
    }
  }

  /** Theano4J's call: {@link Blas#gemm}, as the backend's kernels make it. */
  private static void theano4j(Case cs, Operands o, int i) {
    Blas.gemm(o.a[i], o.b, o.c, 0, cs.alpha, cs.beta);
  }

  /** The same product as one bare OpenBLAS call (beta applied by OpenBLAS itself). */
  private static void bare(Case cs, Operands o, int i, boolean f32) {
    int ta = cs.aT ? CblasTrans : CblasNoTrans;
    int tb = cs.bT ? CblasTrans : CblasNoTrans;
    if (f32) {
      openblas_nolapack.cblas_sgemm(CblasRowMajor, ta, tb, cs.m, cs.n, cs.k, (float) cs.alpha,
          (FloatBuffer) o.pa[i], o.lda, (FloatBuffer) o.pb, o.ldb, (float) cs.beta,
          (FloatBuffer) o.pc, cs.n);
    } else {
      openblas_nolapack.cblas_dgemm(CblasRowMajor, ta, tb, cs.m, cs.n, cs.k, cs.alpha,
          (DoubleBuffer) o.pa[i], o.lda, (DoubleBuffer) o.pb, o.ldb, cs.beta,
          (DoubleBuffer) o.pc, cs.n);
    }
  }

  /** Median and fastest µs per call of {@code call} over {@code seconds} after warm-up. */
  private static double[] time(java.util.function.IntConsumer call, int batches, double seconds) {
    long warm = (long) (seconds * 0.25e9);
    long t0 = System.nanoTime();
    int i = 0;
    while (System.nanoTime() - t0 < warm) {
      call.accept(i++ % batches);
    }
    long[] ns = new long[1 << 16];
    int calls = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while ((System.nanoTime() < end || calls < 50) && calls < ns.length) {
      long s = System.nanoTime();
      call.accept(i++ % batches);
      ns[calls++] = System.nanoTime() - s;
    }
    long[] got = Arrays.copyOf(ns, calls);
    Arrays.sort(got);
    return new double[] {got[calls / 2] / 1e3, got[0] / 1e3, calls};
  }

  /** Times every case in float32 and float64; one JSON line each on {@code out}. */
  static void run(double seconds, java.io.PrintStream out) {
    // the first call loads OpenBLAS and sets its threads (-Dtheano4j.blas.threads)
    NDArray one = NDArray.of(new float[] {1}, 1, 1);
    Blas.gemm(one, one, NDArray.of(new float[] {0}, 1, 1), 0, 1, 0);
    out.printf(Locale.ROOT, "{\"impl\": \"theano4j\", \"openblas\": \"%s\", \"blas_threads\": %d,"
        + " \"java\": \"%s\"}%n", openblas_nolapack.OPENBLAS_VERSION.trim(),
        Integer.getInteger("theano4j.blas.threads", 1), System.getProperty("java.version"));
    Random rng = new Random(14);
    for (Case cs : CASES) {
      for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        Operands o = new Operands(cs, dt, rng);
        boolean f32 = dt == DType.FLOAT32;
        double[] ours = time(i -> theano4j(cs, o, i), o.a.length, seconds);
        double[] lib = time(i -> bare(cs, o, i, f32), o.a.length, seconds);
        out.printf(Locale.ROOT, "{\"step\": \"%s\", \"name\": \"%s\", \"numpy\": \"%s\", "
            + "\"dtype\": \"%s\", \"m\": %d, \"k\": %d, \"n\": %d, \"aT\": %b, \"bT\": %b, "
            + "\"alpha\": %s, \"beta\": %s, \"examples\": %d, \"theano4j_us\": %.2f, "
            + "\"theano4j_min_us\": %.2f, \"openblas_us\": %.2f, \"openblas_min_us\": %.2f, "
            + "\"calls\": %d}%n", cs.step, cs.name, cs.numpy, f32 ? "float32" : "float64",
            cs.m, cs.k, cs.n, cs.aT, cs.bT, cs.alpha, cs.beta, cs.examples, ours[0], ours[1],
            lib[0], lib[1], (long) ours[2]);
      }
    }
  }

  /** {@code GemmLimit [--seconds S]}; an argument error is one {@code error:} line, exit 2. */
  public static void main(String[] args) {
    double seconds = 0.5;
    try {
      for (int i = 0; i < args.length; i++) {
        if (!args[i].equals("--seconds")) {
          throw new IllegalArgumentException("unknown argument '" + args[i]
              + "'; expected --seconds S");
        }
        String text = MlpStep.value(args, ++i, "--seconds");
        try {
          seconds = Double.parseDouble(text);
        } catch (NumberFormatException e) {
          seconds = Double.NaN;
        }
        if (!(seconds > 0 && seconds <= 60)) {
          throw new IllegalArgumentException("--seconds expects a number of seconds in (0, 60],"
              + " got '" + text + "'");
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
    run(seconds, System.out);
  }
}
