package org.theano4j.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.ScalarMath;
import org.theano4j.tensor.T;

/**
 * The distributions of {@link RandomStreams}' draws, with fixed seeds and tolerances derived
 * from the sample size: moments within {@value #Z} standard errors, Kolmogorov-Smirnov on
 * 10^6 draws below the critical value of significance {@value #ALPHA} (Dvoretzky-Kiefer-
 * Wolfowitz-Massart: P(D > c/sqrt(n)) <= 2 exp(-2c^2)), frequencies within {@value #Z}
 * binomial standard errors.
 */
class RandomStatisticsTest {
  private static final int N = 1_000_000;
  private static final double Z = 5;
  private static final double ALPHA = 1e-4;

  private static double[] draw(Variable v) {
    Function f = Theano.compile(List.of(), List.of(v));
    return f.call().get(0).toDoubleArray();
  }

  /** The KS critical value for n samples at significance ALPHA. */
  private static double ksCritical(int n) {
    return Math.sqrt(Math.log(2 / ALPHA) / 2) / Math.sqrt(n);
  }

  private static double ks(double[] x, DoubleUnaryOperator cdf) {
    double[] s = x.clone();
    Arrays.sort(s);
    double d = 0;
    for (int i = 0; i < s.length; i++) {
      double f = cdf.applyAsDouble(s[i]);
      d = Math.max(d, Math.max((i + 1.0) / s.length - f, f - (double) i / s.length));
    }
    return d;
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** The k-th central moment. */
  private static double moment(double[] x, int k) {
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += Math.pow(v - m, k);
    }
    return s / x.length;
  }

  @Test
  void uniformFloat64IsUniformOnTheUnitInterval() {
    double[] x = draw(new RandomStreams(1).uniform(new int[] {N}, 0, 1, DType.FLOAT64));
    assertThat(Arrays.stream(x).min().getAsDouble()).isGreaterThanOrEqualTo(0);
    assertThat(Arrays.stream(x).max().getAsDouble()).isLessThan(1);
    assertThat(ks(x, u -> u)).isLessThan(ksCritical(N));
    assertThat(mean(x)).isCloseTo(0.5, within(Math.sqrt(1 / 12.0 / N)));
    // the variance of the sample variance: (mu4 - sigma^4) / n, mu4 = 1/80
    assertThat(moment(x, 2)).isCloseTo(1 / 12.0,
        within(Math.sqrt((1 / 80.0 - 1 / 144.0) / N)));
  }

  @Test
  void uniformFloat32OnAnIntervalIsUniform() {
    double[] x = draw(new RandomStreams(2).uniform(new int[] {1000, 1000}, -1, 2,
        DType.FLOAT32));
    assertThat(Arrays.stream(x).min().getAsDouble()).isGreaterThanOrEqualTo(-1);
    assertThat(Arrays.stream(x).max().getAsDouble()).isLessThan(2);
    assertThat(ks(x, u -> (u + 1) / 3)).isLessThan(ksCritical(N));
    assertThat(mean(x)).isCloseTo(0.5, within(3 * Math.sqrt(1 / 12.0 / N)));
  }

  @Test
  void normalHasTheNormalDistributionAndMoments() {
    double[] x = draw(new RandomStreams(3).normal(new int[] {N}, 0, 1, DType.FLOAT64));
    assertThat(ks(x, z -> 0.5 * (1 + ScalarMath.erf(z / Math.sqrt(2)))))
        .isLessThan(ksCritical(N));
    assertThat(mean(x)).isCloseTo(0, within(1 / Math.sqrt(N)));
    assertThat(moment(x, 2)).isCloseTo(1, within(Math.sqrt(2.0 / N)));
    assertThat(moment(x, 3)).isCloseTo(0, within(Math.sqrt(15.0 / N)));
    // the sample's fourth moment: variance (mu8 - mu4^2) / n = (105 - 9) / n
    assertThat(moment(x, 4)).isCloseTo(3, within(Math.sqrt(96.0 / N)));
  }

  @Test
  void normalFloat32WithMeanAndStd() {
    double[] x = draw(new RandomStreams(4).normal(new int[] {N}, 10, 3));
    assertThat(ks(x, z -> 0.5 * (1 + ScalarMath.erf((z - 10) / 3 / Math.sqrt(2)))))
        .isLessThan(ksCritical(N));
    assertThat(mean(x)).isCloseTo(10, within(3 / Math.sqrt(N)));
    assertThat(moment(x, 2)).isCloseTo(9, within(9 * Math.sqrt(2.0 / N)));
  }

  @Test
  void binomialFrequenciesFollowTheBinomialLaw() {
    int n = 10;
    double p = 0.3;
    int count = 200_000;
    double[] x = draw(new RandomStreams(5).binomial(new int[] {count}, n, p));
    long[] freq = new long[n + 1];
    for (double v : x) {
      freq[(int) v]++;
    }
    for (int k = 0; k <= n; k++) {
      double pk = binomialPmf(n, k, p);
      assertThat((double) freq[k]).as("frequency of %d", k)
          .isCloseTo(count * pk, within(Math.sqrt(count * pk * (1 - pk))));
    }
    assertThat(mean(x)).isCloseTo(n * p, within(Math.sqrt(n * p * (1 - p) / count)));
  }

  @Test
  void binomialWithAVariableProbabilityPerColumn() {
    Variable p = T.dvector("p");
    int rows = 100_000;
    Variable b = new RandomStreams(6).binomial(new int[] {rows, 3}, 1, p);
    double[] x = Theano.compile(List.of(p), List.of(b)).call(new double[] {0, 0.25, 1}).get(0)
        .toDoubleArray();
    double[] ones = new double[3];
    for (int i = 0; i < x.length; i++) {
      ones[i % 3] += x[i];
    }
    assertThat(ones[0]).isZero();
    assertThat(ones[2]).isEqualTo(rows);
    assertThat(ones[1]).isCloseTo(rows * 0.25, within(Math.sqrt(rows * 0.25 * 0.75)));
  }

  @Test
  void integersAreUniformOverTheirRange() {
    double[] x = draw(new RandomStreams(7).integers(new int[] {N}, -3, 4));
    long[] freq = new long[7];
    for (double v : x) {
      freq[(int) v + 3]++;
    }
    for (int k = 0; k < 7; k++) {
      assertThat((double) freq[k]).as("frequency of %d", k - 3)
          .isCloseTo(N / 7.0, within(Math.sqrt(N * (1 / 7.0) * (6 / 7.0))));
    }
  }

  @Test
  void permutationPutsEveryValueFirstEquallyOften() {
    RandomStreams srng = new RandomStreams(8);
    Function f = Theano.compile(List.of(), List.of(srng.permutation(10)));
    int calls = 20_000;
    long[] first = new long[10];
    for (int c = 0; c < calls; c++) {
      first[(int) f.call().get(0).toLongArray()[0]]++;
    }
    for (int k = 0; k < 10; k++) {
      assertThat((double) first[k]).as("%d first", k)
          .isCloseTo(calls / 10.0, within(Math.sqrt(calls * 0.1 * 0.9)));
    }
  }

  @Test
  void consecutiveCallsAndStreamsAreUncorrelated() {
    RandomStreams srng = new RandomStreams(9);
    Variable a = srng.uniform(new int[] {N}, 0, 1, DType.FLOAT64);
    Variable b = srng.uniform(new int[] {N}, 0, 1, DType.FLOAT64);
    Function f = Theano.compile(List.of(), List.of(a, b));
    List<NDArray> one = f.call();
    double[] next = f.call().get(0).toDoubleArray();
    // the correlation of independent samples has standard error 1/sqrt(n)
    assertThat(correlation(one.get(0).toDoubleArray(), one.get(1).toDoubleArray()))
        .isCloseTo(0, within(1 / Math.sqrt(N)));
    assertThat(correlation(one.get(0).toDoubleArray(), next))
        .isCloseTo(0, within(1 / Math.sqrt(N)));
  }

  private static double correlation(double[] x, double[] y) {
    double mx = mean(x);
    double my = mean(y);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  private static double binomialPmf(int n, int k, double p) {
    double c = 1;
    for (int i = 0; i < k; i++) {
      c = c * (n - i) / (i + 1);
    }
    return c * Math.pow(p, k) * Math.pow(1 - p, n - k);
  }

  /** Z standard errors. */
  private static org.assertj.core.data.Offset<Double> within(double standardError) {
    return org.assertj.core.data.Offset.offset(Z * standardError);
  }
}
