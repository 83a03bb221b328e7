package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
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
}
