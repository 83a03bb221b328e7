package org.theano4j.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.GradCase;

/**
 * Runs {@link GradCheck#verify} for every case of {@link GradOpTable} (those the op-table rows
 * declare included): each shape set, with contiguous and with strided (non-contiguous) inputs,
 * in float64 and float32.
 */
class GradCheckTableTest {
  static Stream<Arguments> rows() {
    List<Arguments> rows = new ArrayList<>();
    for (GradCase c : GradOpTable.cases()) {
      for (int k = 0; k < c.shapeSets().size(); k++) {
        String shapes = Arrays.stream(c.shapeSets().get(k)).map(Arrays::toString)
            .reduce((a, b) -> a + "x" + b).orElse("");
        rows.add(Arguments.of(c.name() + " " + shapes + " float64", c, k, DType.FLOAT64, false));
        rows.add(Arguments.of(c.name() + " " + shapes + " float64 strided", c, k, DType.FLOAT64,
            true));
        rows.add(Arguments.of(c.name() + " " + shapes + " float32", c, k, DType.FLOAT32, false));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void gradientMatchesFiniteDifferences(String label, GradCase c, int shapeSet, DType dtype,
      boolean strided) {
    Random rnd = new Random(label.hashCode());
    List<NDArray> points = new ArrayList<>();
    for (int[] shape : c.shapeSets().get(shapeSet)) {
      NDArray p = Points.uniform(rnd, dtype, shape, c.lo(), c.hi(), c.signed());
      points.add(strided ? Points.nonContiguous(p) : p);
    }
    GradCheck.verify(c.fn(), points);
  }
}
