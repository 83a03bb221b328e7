package org.theano4j.cuda;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.theano4j.FidelityCases;
import org.theano4j.compile.Mode;
import org.theano4j.tensor.CudaOpTableTest;

/**
 * Issue 16, bugs 1–12 on the CUDA side: every program of {@link FidelityCases} gives NumPy's
 * values through the CUDA lowering and the kernel-IR interpreter ({@code cuda-interp}; the
 * real GPU with {@code -Dtheano4j.test.cuda.backend=cuda}), optimised (FAST_RUN) and not
 * (FAST_COMPILE).
 */
class CudaFidelityTest {
  static Stream<Arguments> cases() {
    return FidelityCases.inModes(Mode.FAST_RUN, Mode.FAST_COMPILE);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void numpyValues(Mode mode, FidelityCases.Case c) {
    c.check(CudaOpTableTest.BACKEND, mode);
  }
}
