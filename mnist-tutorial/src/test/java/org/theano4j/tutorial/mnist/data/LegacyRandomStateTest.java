package org.theano4j.tutorial.mnist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The draws the tutorials initialise weights with equal NumPy's legacy {@code RandomState}.
 * The expected values were printed by NumPy 2.4.6 and 1.24.2 alike:
 *
 * <pre>
 * r = np.random.RandomState(1234); r.random_sample(3)
 * r = np.random.RandomState(1234); b = np.sqrt(6./(784+500)); r.uniform(-b, b, 3)
 * r = np.random.RandomState(123); r.randint(2**30); b = 4*np.sqrt(6./(500+784)); r.uniform(-b, b, 3)
 * </pre>
 */
class LegacyRandomStateTest {
  @Test
  void randomSampleEqualsNumpy() {
    LegacyRandomState r = new LegacyRandomState(1234);
    assertThat(new double[] {r.randomSample(), r.randomSample(), r.randomSample()})
        .containsExactly(0.1915194503788923, 0.6221087710398319, 0.4377277390071145);
  }

  @Test
  void uniformEqualsNumpyAsMlpPyInitialisesTheHiddenLayer() {
    double b = Math.sqrt(6.0 / (784 + 500));
    assertThat(new LegacyRandomState(1234).uniform(-b, b, 3))
        .containsExactly(-0.0421745924963645, 0.016694367489821157, -0.008513688251748683);
  }

  @Test
  void randintThenUniformEqualNumpyAsDaPyDrawsTheStreamSeedAndW() {
    LegacyRandomState r = new LegacyRandomState(123);
    assertThat(r.randint(1L << 30)).isEqualTo(843828734L);
    double b = 4 * Math.sqrt(6.0 / (500 + 784));
    assertThat(r.uniform(-b, b, 3))
        .containsExactly(0.11645860815576364, -0.039117014585435456, 0.10438896046280455);
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> new LegacyRandomState(1).randint(0))
        .hasMessage("randint: high must be in [1, 2^32], got 0");
    assertThatThrownBy(() -> new LegacyRandomState(1).uniform(0, 1, -1))
        .hasMessage("size must be >= 0, got -1");
    assertThatThrownBy(() -> new LegacyRandomState(1).uniform(-Double.MAX_VALUE,
        Double.MAX_VALUE, 1)).hasMessageContaining("high - low must be finite");
  }
}
