package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.Erf;
import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.InverseErf;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.numbers.gamma.Trigamma;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.T;

/**
 * The accuracy of each float32 transcendental of the scalar table as the JVM backend computes
 * it (a compiled {@code T.elemwise(op, x)} on float32 vectors: the float loops of
 * {@link FloatFunctions} where they exist, else the double lane rounded once): the largest
 * error in float32 ulps against a float64 reference computed independently of the lane
 * ({@code StrictMath}'s fdlibm where the lane uses the JIT's {@code Math}, Apache Commons
 * Numbers for erf, erfc, erfinv, lgamma, digamma and trigamma, textbook formulas for sigmoid,
 * softplus, the inverse hyperbolics, log2 and elu). An ulp is float32's spacing at the
 * reference, {@code 2^(exponent - 23)} (2^-149 for subnormal results); a result that overflows
 * counts 0 when the reference rounds to the same infinity; NaN must meet NaN. Every 4,099th bit
 * pattern of the function's domain by default; all of them with
 * {@code -Dtheano4j.exhaustive=true} (also {@code -Dtheano4j.accuracy.ops=EXP,LOG} to pick
 * functions). The bounds asserted are the table of docs/performance.md ("float32
 * transcendentals: accuracy").
 */
class FloatAccuracyTest {
  private static final int BLOCK = 1 << 20;

  /** A function, its reference, the inputs it is measured on and the documented bound. */
  record Row(Scalar op, String reference, DoubleUnaryOperator ref, boolean positiveOnly,
      double boundUlps) {}

  private static final double LN2 = 0.6931471805599453;

  static final List<Row> ROWS = List.of(
      new Row(Scalar.EXP, "StrictMath.exp", StrictMath::exp, false, 0.5000001),
      new Row(Scalar.EXPM1, "StrictMath.expm1", StrictMath::expm1, false, 0.5000001),
      new Row(Scalar.EXP2, "StrictMath.pow(2, x)", x -> StrictMath.pow(2, x), false, 0.5000001),
      new Row(Scalar.LOG, "StrictMath.log", StrictMath::log, false, 0.5000001),
      new Row(Scalar.LOG1P, "StrictMath.log1p", StrictMath::log1p, false, 0.5000001),
      new Row(Scalar.LOG2, "StrictMath.log(x) / ln 2", x -> StrictMath.log(x) / LN2, false,
          0.5000001),
      new Row(Scalar.LOG10, "StrictMath.log10", StrictMath::log10, false, 0.5000001),
      new Row(Scalar.TANH, "StrictMath.tanh", StrictMath::tanh, false, 0.5000001),
      new Row(Scalar.SIGMOID, "1 / (1 + StrictMath.exp(-x))",
          x -> 1 / (1 + StrictMath.exp(-x)), false, 0.5000001),
      new Row(Scalar.SOFTPLUS, "x > 0: x + log1p(exp(-x)), else log1p(exp(x)) (StrictMath)",
          x -> x > 0 ? x + StrictMath.log1p(StrictMath.exp(-x))
              : StrictMath.log1p(StrictMath.exp(x)), false, 0.5000001),
      new Row(Scalar.ELU, "x > 0 ? x : StrictMath.expm1(x) (alpha 1)",
          x -> x > 0 ? x : StrictMath.expm1(x), false, 0.5000001),
      new Row(Scalar.ERF, "Commons Numbers Erf", Erf::value, false, 0.5000001),
      new Row(Scalar.ERFC, "Commons Numbers Erfc", Erfc::value, false, 0.5000001),
      new Row(Scalar.ERFINV, "Commons Numbers InverseErf", InverseErf::value, false,
          0.5000001),
      new Row(Scalar.GAMMALN, "Commons Numbers LogGamma (x > 0)", LogGamma::value, true,
          0.5000001),
      new Row(Scalar.PSI, "Commons Numbers Digamma (x > 0; below 1e-4 its series)",
          FloatAccuracyTest::digamma, true, 0.5000001),
      new Row(Scalar.TRIGAMMA, "Commons Numbers Trigamma (x > 0; below 1e-4 its series)",
          FloatAccuracyTest::trigamma, true, 0.5000001),
      new Row(Scalar.SIN, "StrictMath.sin", StrictMath::sin, false, 0.5000001),
      new Row(Scalar.COS, "StrictMath.cos", StrictMath::cos, false, 0.5000001),
      new Row(Scalar.TAN, "StrictMath.tan", StrictMath::tan, false, 0.5000001),
      new Row(Scalar.ARCSIN, "StrictMath.asin", StrictMath::asin, false, 0.5000001),
      new Row(Scalar.ARCCOS, "StrictMath.acos", StrictMath::acos, false, 0.5000001),
      new Row(Scalar.ARCTAN, "StrictMath.atan", StrictMath::atan, false, 0.5000001),
      new Row(Scalar.SINH, "StrictMath.sinh", StrictMath::sinh, false, 0.5000001),
      new Row(Scalar.COSH, "StrictMath.cosh", StrictMath::cosh, false, 0.5000001),
      new Row(Scalar.ARCSINH, "sign(x) log1p(|x| + x^2 / (1 + sqrt(1 + x^2)))",
          FloatAccuracyTest::asinh, false, 0.5000001),
      new Row(Scalar.ARCCOSH, "log1p((x - 1) + sqrt((x - 1)(x + 1))), NaN below 1",
          x -> x < 1 ? Double.NaN
              : StrictMath.log1p((x - 1) + StrictMath.sqrt((x - 1) * (x + 1))), false,
          0.5000001),
      new Row(Scalar.ARCTANH, "log1p(2x / (1 - x)) / 2", x -> StrictMath.log1p(2 * x / (1 - x)) / 2,
          false, 0.5000001),
      new Row(Scalar.CBRT, "StrictMath.cbrt", StrictMath::cbrt, false, 0.5000001));

  private static final double EULER = 0.5772156649015329;
  private static final double ZETA2 = 1.6449340668482264;
  private static final double ZETA3 = 1.2020569031595942;
  private static final double ZETA4 = 1.0823232337111382;

  /**
   * Commons Numbers' Digamma, but below 1e-4 the series {@code -1/x - γ + ζ(2)x - ζ(3)x^2}:
   * Digamma's own formula there ({@code -γ - 1/x} up to 1e-5) errs by 0.002 float32 ulps.
   */
  private static double digamma(double x) {
    return x < 1e-4 ? -1 / x - EULER + x * (ZETA2 - ZETA3 * x) : Digamma.value(x);
  }

  /** Commons Numbers' Trigamma, but below 1e-4 {@code 1/x^2 + ζ(2) - 2ζ(3)x + 3ζ(4)x^2}. */
  private static double trigamma(double x) {
    return x < 1e-4 ? 1 / (x * x) + ZETA2 + x * (-2 * ZETA3 + 3 * ZETA4 * x)
        : Trigamma.value(x);
  }

  private static double asinh(double x) {
    double a = Math.abs(x);
    if (a > 1e150) {
      return Math.copySign(StrictMath.log(a) + LN2, x);
    }
    double s = a * a;
    return Math.copySign(StrictMath.log1p(a + s / (1 + StrictMath.sqrt(1 + s))), x);
  }

  /** {@code |got - ref|} in float32 ulps at {@code ref} (see the class comment). */
  static double ulps(float got, double ref) {
    if (Double.isNaN(ref) || Float.isNaN(got)) {
      return Double.isNaN(ref) && Float.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
    }
    if (Float.isInfinite(got) || Double.isInfinite(ref)) {
      return (float) ref == got ? 0 : Double.POSITIVE_INFINITY;
    }
    double unit = Math.scalb(1.0, Math.max(Math.getExponent(ref) - 23, -149));
    return Math.abs(got - ref) / unit;
  }

  /** The largest error of one row and where it occurred. */
  record Worst(double ulps, float at, long points) {}

  static Worst measure(Row row, long step) {
    Variable x = T.fvector("x");
    Variable y = row.op() == Scalar.ELU ? T.elemwise(row.op(), x, 1) : T.elemwise(row.op(), x);
    Function f = Theano.function(List.of(x), List.of(y)).build();
    float[] in = new float[BLOCK];
    double worst = 0;
    float at = Float.NaN;
    long points = 0;
    int k = 0;
    long first = row.positiveOnly() ? 1 : 0;
    long last = row.positiveOnly() ? 0x7F80_0000L : 0xFFFF_FFFFL; // up to +inf
    for (long bits = first; bits <= last; bits += step) {
      in[k++] = Float.intBitsToFloat((int) bits);
      if (k == BLOCK || bits + step > last) {
        float[] a = k == BLOCK ? in : java.util.Arrays.copyOf(in, k);
        float[] out = f.call(NDArray.of(a, k)).get(0).toFloatArray();
        for (int i = 0; i < k; i++) {
          double e = ulps(out[i], row.ref().applyAsDouble(a[i]));
          if (e > worst) {
            worst = e;
            at = a[i];
          }
        }
        points += k;
        k = 0;
      }
    }
    return new Worst(worst, at, points);
  }

  @Test
  void everyFloat32TranscendentalIsWithinItsDocumentedBound() {
    boolean exhaustive = Boolean.getBoolean("theano4j.exhaustive");
    long step = exhaustive ? 1 : 4099;
    String only = System.getProperty("theano4j.accuracy.ops", "");
    StringBuilder failures = new StringBuilder();
    int measured = 0;
    for (Row row : ROWS) {
      if (!only.isEmpty() && !List.of(only.split(",")).contains(row.op().name())) {
        continue;
      }
      long start = System.nanoTime();
      Worst w = measure(row, step);
      measured++;
      System.out.printf(Locale.ROOT, "| `%s` | %.7f | %s | %s | %,d (every %d-th) | %.1f s |%n",
          row.op().name().toLowerCase(Locale.ROOT), w.ulps(), Float.toString(w.at()),
          row.reference(), w.points(), step, (System.nanoTime() - start) / 1e9);
      if (!(w.ulps() <= row.boundUlps())) {
        failures.append(String.format(Locale.ROOT, "%s: %.7f ulps at x = %s (0x%08x), bound %s%n",
            row.op(), w.ulps(), w.at(), Float.floatToRawIntBits(w.at()), row.boundUlps()));
      }
    }
    assertThat(measured).isPositive();
    assertThat(failures.toString()).isEmpty();
  }

  @Test
  void ulpsAreMeasuredAtTheReference() {
    assertThat(ulps(1f, 1.0)).isZero();
    assertThat(ulps(1f, 1.0 + 0x1p-24)).isEqualTo(0.5);
    assertThat(ulps(Math.nextUp(1f), 1.0)).isEqualTo(1.0);
    assertThat(ulps(Float.MIN_VALUE, 0.0)).isEqualTo(1.0);
    assertThat(ulps(Float.POSITIVE_INFINITY, 1e39)).isZero();
    assertThat(ulps(Float.MAX_VALUE, 1e39)).isGreaterThan(1e6);
    assertThat(ulps(Float.NaN, Double.NaN)).isZero();
    assertThat(ulps(0f, Double.NaN)).isInfinite();
  }
}
