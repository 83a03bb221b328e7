package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * {@code cumsum} keeps a leading {@code -0.0}, as NumPy's: the running sum starts from
 * {@code -0.0} ({@link CumOp#floatStart}), not {@code +0.0}, whose sum with {@code -0.0} is
 * {@code +0.0}. Found by the NumPy differential test (seed 2, case 10585:
 * {@code arctan2(n0, cumsum(n0, 1))} with {@code n0 = mod(x, x)} gave {@code -0.0} for NumPy's
 * {@code -pi}). Expected values are NumPy 2.4.6's {@code np.cumsum(x, axis)}.
 */
class CudaCumsumSignedZeroTest {
  private static final double[] X = {-0.0, -0.0, 0.0, -0.0, -0.0, 1.0, -1.0, -0.0};

  @ParameterizedTest
  @CsvSource({"jvm, FLOAT64", "jvm, FLOAT32", "cuda, FLOAT64", "cuda, FLOAT32"})
  void aLeadingNegativeZeroStaysInEveryModeAndBackend(String which, DType dt) {
    String backend = which.equals("jvm") ? "jvm" : CudaOpTableTest.BACKEND;
    Variable x = T.tensor(dt, new int[] {2, 4}, "x");
    for (Mode mode : Mode.values()) {
      Function f = Theano.function(List.of(x), List.of(T.cumsum(x, 1), T.cumsum(x, 0),
          T.cumsum(x), T.cumprod(x, 1))).mode(mode).backend(backend).build();
      List<NDArray> out = f.call(NDArray.of(X, 2, 4).astype(dt));
      String where = backend + " " + mode + " " + dt;
      // np.cumsum(x, axis=1)
      assertThat(Arrays.toString(out.get(0).toDoubleArray())).as(where)
          .isEqualTo("[-0.0, -0.0, 0.0, 0.0, -0.0, 1.0, 0.0, 0.0]");
      // np.cumsum(x, axis=0)
      assertThat(Arrays.toString(out.get(1).toDoubleArray())).as(where)
          .isEqualTo("[-0.0, -0.0, 0.0, -0.0, -0.0, 1.0, -1.0, -0.0]");
      // np.cumsum(x) (flattened)
      assertThat(Arrays.toString(out.get(2).toDoubleArray())).as(where)
          .isEqualTo("[-0.0, -0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0]");
      // np.cumprod(x, axis=1)
      assertThat(Arrays.toString(out.get(3).toDoubleArray())).as(where)
          .isEqualTo("[-0.0, 0.0, 0.0, -0.0, -0.0, -0.0, 0.0, -0.0]");
    }
  }
}
