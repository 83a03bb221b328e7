package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumpyMeanTest {
  /** Sixteen per-minibatch error rates as the Fashion-MNIST run produces (k / 600). */
  private static double[] rates(int... mistakes) {
    double[] r = new double[mistakes.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = mistakes[i] / 600.0;
    }
    return r;
  }

  @Test
  void sixteenValuesAreSummedAsEightPairsThenATree() {
    double[] a = rates(91, 88, 95, 90, 86, 97, 92, 89, 93, 90, 87, 94, 91, 88, 96, 90);
    double[] r = new double[8];
    for (int j = 0; j < 8; j++) {
      r[j] = a[j] + a[j + 8];
    }
    double expected = (((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))) / 16;
    assertThat(NumpyMean.mean(a)).isEqualTo(expected);
  }

  @Test
  void shortListsAreSummedLeftToRight() {
    double[] a = {0.1, 0.2, 0.3};
    assertThat(NumpyMean.mean(a)).isEqualTo(((0.1 + 0.2) + 0.3) / 3);
  }

  @Test
  void pairwiseAndLeftToRightSumsDifferForSomeInputs() {
    // Why the tutorial needs NumPy's order: the same total of mistakes can give means one
    // ulp apart. Search a family of inputs for a case where the two orders disagree.
    boolean differs = false;
    for (int k = 0; k < 200 && !differs; k++) {
      double[] a = rates(80 + k % 7, 91, 85 + k % 5, 90, 86, 97, 92, 89, 93, 90 + k % 3, 87, 94,
          91, 88, 96, 90);
      double naive = 0;
      for (double v : a) {
        naive += v;
      }
      differs = naive / a.length != NumpyMean.mean(a);
    }
    assertThat(differs).isTrue();
  }

  @Test
  void longListsSplitInHalvesAlignedToEight() {
    double[] a = new double[300];
    for (int i = 0; i < a.length; i++) {
      a[i] = 1.0 / (i + 3);
    }
    // 300 elements: halves of 144 (150 rounded down to a multiple of 8) and 156, each summed
    // with eight partial sums.
    double expected = (NumpyMean.pairwiseSum(a, 0, 144) + NumpyMean.pairwiseSum(a, 144, 156))
        / 300;
    assertThat(NumpyMean.mean(a)).isEqualTo(expected);
    assertThat(NumpyMean.mean(a)).isCloseTo(sum(a) / 300, org.assertj.core.api.Assertions
        .within(1e-15));
  }

  private static double sum(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }
}
