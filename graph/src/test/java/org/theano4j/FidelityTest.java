package org.theano4j;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.theano4j.compile.Mode;

/**
 * Issue 16, bugs 1–12: every program of {@link FidelityCases} gives NumPy's values on the JVM
 * backend in FAST_RUN, FAST_COMPILE and DEBUG (where a NaN/inf answer must be DEBUG's error).
 */
class FidelityTest {
  static Stream<Arguments> cases() {
    return FidelityCases.inModes(Mode.values());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void numpyValues(Mode mode, FidelityCases.Case c) {
    c.check("jvm", mode);
  }
}
