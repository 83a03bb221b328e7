package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link ScalarMath#log2} against published values and its special cases. */
class ScalarMathTest {
  /**
   * log2 of exactly representable arguments to 40 digits: the published decimal expansions of
   * log2(3) and log2(10) (log2(5) = log2(10) - 1, log2(0.75) = log2(3) - 2), and log2(7); all
   * also agree with Python's {@code decimal} at 45 digits ({@code D(x).ln() / D(2).ln()}).
   */
  private static final String[][] PUBLISHED = {
      {"3", "1.584962500721156181453738943947816508759"},
      {"10", "3.321928094887362347870319429489390175864"},
      {"5", "2.321928094887362347870319429489390175864"},
      {"0.75", "-0.4150374992788438185462610560521834912401"},
      {"7", "2.807354922057604107441969317231830808641"},
  };

  @Test
  void log2IsWithinOneUlpOfPublishedValues() {
    for (String[] p : PUBLISHED) {
      double x = Double.parseDouble(p[0]);
      double want = new BigDecimal(p[1]).doubleValue();
      double got = ScalarMath.log2(x);
      assertThat(Math.abs(got - want)).as("log2(%s) = %s, published %s", p[0], got, p[1])
          .isLessThanOrEqualTo(Math.ulp(want));
    }
  }

  @Test
  void log2IsExactForPowersOfTwoSubnormalsIncluded() {
    for (int k = -1074; k <= 1023; k++) {
      assertThat(ScalarMath.log2(Math.scalb(1.0, k))).as("log2(2^%d)", k).isEqualTo(k);
    }
  }

  @Test
  void log2SpecialValuesFollowC99() {
    assertThat(ScalarMath.log2(0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(ScalarMath.log2(-0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(ScalarMath.log2(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(ScalarMath.log2(-1.0)).isNaN();
    assertThat(ScalarMath.log2(Double.NaN)).isNaN();
    assertThat(ScalarMath.log2(1.0)).isEqualTo(0.0);
  }

  /**
   * erf, erfc, gammaln, psi, trigamma and erfinv against special_reference.csv (mpmath at 50 digits, made by
   * special_reference.py next to it): poles, infinities and NaN exactly; finite values within
   * {@code ULPS} ulps, or, next to a zero of the function (lgamma near 1 and 2 in the
   * recurrence range, psi's root 1.4616...), within NEAR_ZERO absolute (the error of a difference of O(1) terms).
   */
  @Test
  void specialFunctionsMatchMpmath() throws Exception {
    List<String> bad = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        ScalarMathTest.class.getResourceAsStream("special_reference.csv"),
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split(",");
        double x = Double.parseDouble(f[0]);
        check(bad, "erf", ScalarMath::erf, x, f[1]);
        check(bad, "erfc", ScalarMath::erfc, x, f[2]);
        check(bad, "gammaln", ScalarMath::lgamma, x, f[3]);
        check(bad, "psi", ScalarMath::psi, x, f[4]);
        check(bad, "trigamma", ScalarMath::trigamma, x, f[5]);
        check(bad, "erfinv", ScalarMath::erfinv, x, f[6]);
      }
    }
    assertThat(bad).isEmpty();
  }

  private static final int ULPS = 8;
  private static final double NEAR_ZERO = 1e-15;

  private static void check(List<String> bad, String name, DoubleUnaryOperator f, double x,
      String ref) {
    double want = switch (ref) {
      case "+inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan" -> Double.NaN;
      default -> new BigDecimal(ref).doubleValue();
    };
    double got = f.applyAsDouble(x);
    boolean ok = Double.isNaN(want) ? Double.isNaN(got)
        : !Double.isFinite(want) ? got == want
        : Math.abs(got - want) <= ULPS * Math.ulp(want) || Math.abs(got - want) <= NEAR_ZERO;
    if (!ok) {
      bad.add(String.format("%s(%s) = %s, mpmath %s (%.1f ulps)", name, x, got, ref,
          Math.abs(got - want) / Math.ulp(want)));
    }
  }

  @Test
  void erfKeepsSignedZeroAndLimits() {
    assertThat(ScalarMath.erf(-0.0)).isEqualTo(-0.0);
    assertThat(ScalarMath.erf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
    assertThat(ScalarMath.erfc(Double.NEGATIVE_INFINITY)).isEqualTo(2.0);
    assertThat(ScalarMath.erfc(Double.NaN)).isNaN();
    assertThat(ScalarMath.psi(-0.0)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(ScalarMath.erfinv(-0.0)).isEqualTo(-0.0);
    assertThat(ScalarMath.erfinv(-1.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(ScalarMath.erfinv(1.5)).isNaN();
    assertThat(ScalarMath.lgamma(Double.NEGATIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
  }
}
