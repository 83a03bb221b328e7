package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.theano4j.tensor.Scalar;

/**
 * The fast-math float32 loops ({@link FastFloatPasses}, {@code fastMath(true)}) against an
 * independent float64 reference (the rows of {@link FloatAccuracyTest}: {@code StrictMath}
 * and textbook formulas in double), through the loop the kernels run
 * ({@link FloatFunctions#apply(Scalar, float[][], float[], int, boolean)}): the largest error in
 * float32 ulps ({@link FloatAccuracyTest#ulps}) must not exceed the bound documented in
 * docs/performance.md ("Fast-math float32 transcendentals"), and wherever the correctly
 * rounded result (the double lane rounded) is NaN, an infinity, a zero (either sign),
 * {@code ±1} or subnormal, the fast result must be that float bit for bit: special values,
 * overflow and underflow thresholds, signed zeros, saturation and subnormal results are exact.
 * Inputs: every 257th float32 bit pattern and 10,000 patterns either side of each switch point
 * and of its negation, or all 2^32 patterns with {@code -Dtheano4j.exhaustive=true} (the
 * measured maxima and times are in docs/performance.md).
 */
class FastFloatPassesTest {
  private static final int CHUNK = 1024;
  private static final int AROUND = 10_000;

  /**
   * The documented bound in ulps against the float64 reference, per function: the maximum
   * measured on all 2^32 inputs (docs/performance.md), rounded up. Java's float arithmetic is
   * exact IEEE (no fused operations), so the results, and these maxima, are the same on every
   * JVM and processor.
   */
  static final Map<Scalar, Double> BOUND_ULPS = Map.of(
      Scalar.EXP, 1.0, // measured 0.9516
      Scalar.EXPM1, 1.5, // 1.4504
      Scalar.TANH, 2.5, // 2.4984
      Scalar.SIGMOID, 2.5, // 2.4807
      Scalar.LOG, 0.9, // 0.8580
      Scalar.LOG1P, 0.9, // 0.8704
      Scalar.SOFTPLUS, 1.7); // 1.6362

  /** Where a fast path switches: clamps, mark thresholds, range-reduction steps. */
  private static final Map<Scalar, float[]> SWITCH_POINTS = Map.of(
      Scalar.EXP, new float[] {FastFloatPasses.EXP_LO, FastFloatPasses.EXP_HI, 0.3465736f,
          1.0397208f, 88.72284f, -103.97208f, 0x1p-25f, 0f},
      Scalar.EXPM1, new float[] {-17.4f, -17.32868f, FastFloatPasses.EXP_HI, 0.3465736f,
          1.0397208f, FastFloatPasses.TINY, 0f},
      Scalar.TANH, new float[] {FastFloatPasses.TANH_BELOW_ONE, 9.1f, 0.1732868f, 0.5198604f,
          FastFloatPasses.TINY, 0f},
      Scalar.SIGMOID, new float[] {FastFloatPasses.EXP_LO, 17.4f, 16.635532f, 17.32868f,
          -103.97208f, 0.3465736f, 0f},
      Scalar.LOG, new float[] {1f, 0.70710677f, 1.4142135f, Float.MIN_NORMAL,
          Float.MAX_VALUE, 0f},
      Scalar.LOG1P, new float[] {-1f, -0.29289323f, 0.41421357f, 1f, FastFloatPasses.TINY,
          0x1p24f, 0f},
      Scalar.SOFTPLUS, new float[] {FastFloatPasses.EXP_LO, -103.97208f, 17.32868f,
          0.3465736f, 87.3f, 0f});

  /** The largest error found and where, and how many inputs were checked. */
  record Worst(double ulps, float at, long points) {}

  /** Accumulates the worst error of one function over blocks of inputs. */
  private static final class Check {
    final Scalar op;
    final FloatAccuracyTest.Row ref;
    final float[] out = new float[CHUNK];
    double worst;
    float at = Float.NaN;
    long points;
    final List<String> failures = new ArrayList<>();

    Check(Scalar op) {
      this.op = op;
      this.ref = FloatAccuracyTest.ROWS.stream().filter(r -> r.op() == op).findFirst()
          .orElseThrow();
    }

    void block(float[] in, int n) {
      FloatFunctions.apply(op, new float[][] {in}, out, n, true);
      for (int i = 0; i < n; i++) {
        float x = in[i];
        float got = out[i];
        double want = ref.ref().applyAsDouble(x);
        double e = FloatAccuracyTest.ulps(got, want);
        if (e > worst || Double.isNaN(e)) {
          worst = e;
          at = x;
        }
        if (!nearExactValue(want)) {
          continue; // the lane (slow) is asked only where it may round to an exact-only value
        }
        float exact = FloatFunctions.lane(op, x);
        if (mustBeExact(exact)
            && Float.floatToIntBits(got) != Float.floatToIntBits(exact)
            && failures.size() < 10) {
          failures.add(String.format(Locale.ROOT, "%s(%s = 0x%08x) = %s, the correctly rounded "
              + "result is %s", op, x, Float.floatToRawIntBits(x), got, exact));
        }
      }
      points += n;
    }
  }

  /**
   * True if a correctly rounded result near the reference {@code v} may be one of
   * {@link #mustBeExact}'s values: {@code v} not a float32 normal number comfortably away from
   * the overflow threshold and from {@code ±1}.
   */
  static boolean nearExactValue(double v) {
    double a = Math.abs(v);
    return !(a >= 0x1p-125 && a <= 0x1p127 && Math.abs(a - 1) > 0x1p-20);
  }

  /** NaN, infinities, zeros, ±1 and subnormals: results the fast paths must give exactly. */
  static boolean mustBeExact(float exact) {
    float a = Math.abs(exact);
    return Float.isNaN(exact) || Float.isInfinite(exact) || a < Float.MIN_NORMAL || a == 1f;
  }

  static Worst measure(Scalar op, boolean exhaustive, List<String> failures) {
    Check c = new Check(op);
    float[] in = new float[CHUNK];
    int k = 0;
    long step = exhaustive ? 1 : 257;
    for (long bits = 0; bits <= 0xFFFF_FFFFL; bits += step) {
      in[k++] = Float.intBitsToFloat((int) bits);
      if (k == CHUNK) {
        c.block(in, k);
        k = 0;
      }
    }
    if (!exhaustive) {
      for (float p : SWITCH_POINTS.get(op)) {
        for (float s : new float[] {p, -p}) {
          int b = Float.floatToRawIntBits(s);
          for (int d = -AROUND; d <= AROUND; d++) {
            in[k++] = Float.intBitsToFloat(b + d);
            if (k == CHUNK) {
              c.block(in, k);
              k = 0;
            }
          }
        }
      }
      float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
          Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL,
          Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f,
          Float.intBitsToFloat(0x7FC0_0001), Float.intBitsToFloat(0xFF80_0001)};
      for (float s : special) {
        in[k++] = s;
        if (k == CHUNK) {
          c.block(in, k);
          k = 0;
        }
      }
    }
    c.block(in, k);
    failures.addAll(c.failures);
    return new Worst(c.worst, c.at, c.points);
  }

  @ParameterizedTest
  @EnumSource(names = {"EXP", "EXPM1", "TANH", "SIGMOID", "LOG", "LOG1P", "SOFTPLUS"})
  void staysWithinItsDocumentedBoundAndExactWhereItMustBe(Scalar op) {
    assertThat(FastFloatPasses.has(op)).isTrue();
    boolean exhaustive = Boolean.getBoolean("theano4j.exhaustive");
    long start = System.nanoTime();
    List<String> failures = new ArrayList<>();
    Worst w = measure(op, exhaustive, failures);
    System.out.printf(Locale.ROOT, "fast %s: max %.4f ulps at %s (0x%08x), %,d inputs, %.1f s%n",
        op, w.ulps(), w.at(), Float.floatToRawIntBits(w.at()), w.points(),
        (System.nanoTime() - start) / 1e9);
    assertThat(failures).isEmpty();
    assertThat(w.ulps()).as("max ulps of fast %s (at %s)", op, w.at())
        .isLessThanOrEqualTo(BOUND_ULPS.get(op));
  }
  /**
   * Every way a call is cut into blocks gives each element the result it gets alone: whole
   * blocks, the elementwise kernels' chunk of 768 (one block, read and written without copies,
   * marks folded after zeros), short blocks whose marks are scanned one by one, several blocks,
   * and the output being the argument (in place). Inputs mix ordinary values with the marked
   * ones (NaN, infinities, tiny, out of range) at random places, so that marks fall in every
   * column and in the tail after the last whole row of 64.
   */
  @ParameterizedTest
  @EnumSource(names = {"EXP", "EXPM1", "TANH", "SIGMOID", "LOG", "LOG1P", "SOFTPLUS"})
  void blockSizesAndInPlaceCallsGiveEachElementItsOwnResult(Scalar op) {
    java.util.Random r = new java.util.Random(op.ordinal());
    float[] marked = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        Float.MIN_VALUE, 1e-30f, -1e-30f, 100f, -100f, -1f, -2f, 89f, -90f};
    int n = 3000;
    float[] x = new float[n];
    float[] alone = new float[n];
    float[] one = new float[1];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextInt(40) == 0 ? marked[r.nextInt(marked.length)]
          : (float) (r.nextGaussian() * (r.nextBoolean() ? 1 : 20));
      FastFloatPasses.apply(op, new float[] {x[i]}, one, 1);
      alone[i] = one[0];
    }
    for (int size : new int[] {1024, 768, 1000, 257, 255, 100, 1, 2048, 3000}) {
      for (boolean inPlace : new boolean[] {false, true}) {
        for (int from = 0; from < n; from += size) {
          int m = Math.min(size, n - from);
          float[] a = java.util.Arrays.copyOfRange(x, from, from + m);
          float[] out = a;
          if (!inPlace) { // stale values in the output must not show through
            out = new float[m];
            java.util.Arrays.fill(out, 0, m / 2, 7f);
            java.util.Arrays.fill(out, m / 2, m, Float.NaN);
          }
          FastFloatPasses.apply(op, a, out, m);
          for (int i = 0; i < m; i++) {
            assertThat(Float.floatToIntBits(out[i]))
                .as("%s(%s), block of %d at %d, in place %s: %s vs alone %s", op, x[from + i],
                    size, i, inPlace, out[i], alone[from + i])
                .isEqualTo(Float.floatToIntBits(alone[from + i]));
          }
        }
      }
    }
  }
}
