package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link DoubleMath}'s float64 exp, expm1, tanh, sigmoid and softplus against mpmath (40 digits, 7,132 arguments
 * in {@code double_math_reference.csv}, made by {@code double_math_reference.py}), log and
 * log1p likewise ({@code double_log_reference.csv}, 6,564 arguments), and their special values
 * against the definitions.
 */
class DoubleMathTest {
  /** softplus's bound: 1.18 measured (the Math.exp/fdlibm log1p composition before: 1.26). */
  private static final double SOFTPLUS_BOUND = 1.5;
  /** The asserted bounds in ulps of the reference: exp, expm1, tanh, sigmoid, softplus. */
  private static final double[] BOUND = {1.0, 1.0, 1.5, 2.0, SOFTPLUS_BOUND};
  private static final String[] NAME = {"exp", "expm1", "tanh", "sigmoid", "softplus"};
  private static final DoubleUnaryOperator[] F = {DoubleMath::exp, DoubleMath::expm1,
      DoubleMath::tanh, DoubleMath::sigmoid, DoubleMath::softplus};

  /** The error of {@code got} in units of the double spacing at {@code want}. */
  static double ulps(double got, BigDecimal want) {
    double w = want.doubleValue();
    if (Double.isInfinite(w) || Double.isNaN(got) || Double.isInfinite(got)) {
      return got == w ? 0 : Double.POSITIVE_INFINITY;
    }
    double spacing = w == 0 ? Double.MIN_VALUE : Math.ulp(w);
    return new BigDecimal(got).subtract(want).abs()
        .divide(new BigDecimal(spacing), MathContext.DECIMAL64).doubleValue();
  }

  @Test
  void matchesMpmathWithinTheDocumentedBounds() throws Exception {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        DoubleMathTest.class.getResourceAsStream("double_math_reference.csv"),
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        rows.add(line.split(","));
      }
    }
    assertThat(rows).hasSize(7132);
    List<String> bad = new ArrayList<>();
    for (int f = 0; f < NAME.length; f++) {
      double worst = 0;
      for (String[] row : rows) {
        double x = Double.parseDouble(row[0]);
        double got = F[f].applyAsDouble(x);
        double e = ulps(got, new BigDecimal(row[1 + f]));
        worst = Math.max(worst, e);
        if (e > BOUND[f]) {
          bad.add(String.format("%s(%s) = %s, mpmath %s: %.3f ulps", NAME[f], x, got, row[1 + f],
              e));
        }
      }
      System.out.printf("%s: %d points, largest error %.3f ulps%n", NAME[f], rows.size(), worst);
    }
    assertThat(bad).isEmpty();
  }

  @Test
  void logarithmsMatchMpmathWithinAnUlp() throws Exception {
    List<String> bad = new ArrayList<>();
    int rows = 0;
    double[] worst = new double[2];
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        DoubleMathTest.class.getResourceAsStream("double_log_reference.csv"),
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; rows++) {
        String[] row = line.split(",");
        double x = Double.parseDouble(row[0]);
        for (int f = 0; f < 2; f++) {
          if (row[1 + f].equals("nan")) {
            continue;
          }
          double got = f == 0 ? DoubleMath.log(x) : DoubleMath.log1p(x);
          double e = ulps(got, new BigDecimal(row[1 + f]));
          worst[f] = Math.max(worst[f], e);
          if (e > 1.0) {
            bad.add(String.format("%s(%s) = %s, mpmath %s: %.3f ulps", f == 0 ? "log" : "log1p",
                x, got, row[1 + f], e));
          }
        }
      }
    }
    System.out.printf("log: largest error %.3f ulps; log1p: %.3f ulps%n", worst[0], worst[1]);
    assertThat(rows).isEqualTo(6564);
    assertThat(bad).isEmpty();
  }

  @Test
  void logarithmsSpecialValues() {
    assertThat(DoubleMath.log(0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(DoubleMath.log(-0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(DoubleMath.log(-1e-300)).isNaN();
    assertThat(DoubleMath.log(Double.NEGATIVE_INFINITY)).isNaN();
    assertThat(DoubleMath.log(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(DoubleMath.log(Double.NaN)).isNaN();
    assertThat(DoubleMath.log(1.0)).isEqualTo(0.0);
    assertThat(Double.doubleToRawLongBits(DoubleMath.log(1.0))).isZero(); // +0
    assertThat(DoubleMath.log(Double.MIN_VALUE)).isCloseTo(-744.4400719213812,
        org.assertj.core.data.Offset.offset(2e-13));
    assertThat(DoubleMath.log1p(-1.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(DoubleMath.log1p(-1.5)).isNaN();
    assertThat(DoubleMath.log1p(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(DoubleMath.log1p(Double.NaN)).isNaN();
    for (double z : new double[] {0.0, -0.0, Double.MIN_VALUE, -0x1p-60, 0x1p-55}) {
      assertThat(Double.doubleToRawLongBits(DoubleMath.log1p(z)))
          .as("log1p(%s)", z).isEqualTo(Double.doubleToRawLongBits(z));
    }
    // powers of two, subnormal ones included: k ln 2 (ln 2 to 40 digits)
    BigDecimal ln2 = new BigDecimal("0.6931471805599453094172321214581765680755");
    for (int k = -1074; k <= 1023; k += 7) {
      double got = DoubleMath.log(Math.scalb(1.0, k));
      assertThat(ulps(got, ln2.multiply(BigDecimal.valueOf(k)))).as("log(2^%d) = %s", k, got)
          .isLessThanOrEqualTo(1.0);
    }
  }

  @Test
  void specialValuesFollowTheDefinitions() {
    for (double z : new double[] {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 0x1p-60,
        -0x1p-60, 0x1.fffffffffffffp-55}) {
      assertThat(DoubleMath.expm1(z)).as("expm1(%s)", z).isEqualTo(z);
      assertThat(DoubleMath.tanh(z)).as("tanh(%s)", z).isEqualTo(z);
      assertThat(DoubleMath.exp(z)).as("exp(%s)", z).isEqualTo(1.0);
    }
    assertThat(Double.doubleToRawLongBits(DoubleMath.expm1(-0.0)))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(Double.doubleToRawLongBits(DoubleMath.tanh(-0.0)))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
    for (DoubleUnaryOperator f : F) {
      assertThat(f.applyAsDouble(Double.NaN)).isNaN();
    }
    assertThat(DoubleMath.exp(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(DoubleMath.exp(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
    assertThat(DoubleMath.expm1(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(DoubleMath.expm1(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
    assertThat(DoubleMath.tanh(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
    assertThat(DoubleMath.tanh(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
    assertThat(DoubleMath.tanh(22.0)).isEqualTo(1.0);
    assertThat(DoubleMath.sigmoid(0.0)).isEqualTo(0.5);
    assertThat(DoubleMath.sigmoid(-0.0)).isEqualTo(0.5);
    assertThat(DoubleMath.sigmoid(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
    assertThat(DoubleMath.sigmoid(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
    assertThat(DoubleMath.sigmoid(40.0)).isEqualTo(1.0);
    assertThat(DoubleMath.sigmoid(-745.0)).isEqualTo(Double.MIN_VALUE);
    assertThat(DoubleMath.sigmoid(-800.0)).isEqualTo(0.0);
    assertThat(DoubleMath.softplus(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
    assertThat(DoubleMath.softplus(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(DoubleMath.softplus(0.0)).isEqualTo(Math.log(2));
    assertThat(DoubleMath.softplus(1e300)).isEqualTo(1e300);
    assertThat(DoubleMath.softplus(-800.0)).isEqualTo(0.0);
    assertThat(DoubleMath.tanh(-1e300)).isEqualTo(-1.0);
    // overflow and underflow where StrictMath's fdlibm has them
    double top = 7.09782712893383973096e+02;
    assertThat(DoubleMath.exp(top)).isFinite();
    assertThat(DoubleMath.exp(Math.nextUp(top))).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(DoubleMath.expm1(Math.nextUp(top))).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(DoubleMath.exp(-745.13321910194110842)).isEqualTo(Double.MIN_VALUE);
    assertThat(DoubleMath.exp(-746)).isEqualTo(0.0);
    assertThat(DoubleMath.expm1(-800)).isEqualTo(-1.0);
    assertThat(DoubleMath.expm1(-40)).isEqualTo(-1.0);
    // exact at integers where e^x is exact: e^0; and 2^k scaling at the range's ends
    assertThat(DoubleMath.exp(0)).isEqualTo(1.0);
    assertThat(DoubleMath.exp(708)).isCloseTo(StrictMath.exp(708), org.assertj.core.data.Offset
        .offset(2 * Math.ulp(StrictMath.exp(708))));
    assertThat(DoubleMath.exp(-708)).isCloseTo(StrictMath.exp(-708), org.assertj.core.data
        .Offset.offset(2 * Math.ulp(StrictMath.exp(-708))));
  }

  /**
   * The subnormal and near-overflow results (the two-step scaling outside the passes' range)
   * agree with fdlibm's to within an ulp of the result's spacing.
   */
  @Test
  void subnormalAndNearOverflowResultsAgreeWithFdlibm() {
    java.util.Random rng = new java.util.Random(14);
    for (int i = 0; i < 20_000; i++) {
      double x = i % 2 == 0 ? -708 - 37.14 * rng.nextDouble() : 708 + 1.78 * rng.nextDouble();
      double got = DoubleMath.exp(x);
      double want = StrictMath.exp(x);
      double spacing = Math.max(Math.ulp(want), Double.MIN_VALUE);
      assertThat(Math.abs(got - want)).as("exp(%s)", x).isLessThanOrEqualTo(spacing);
    }
  }
}
