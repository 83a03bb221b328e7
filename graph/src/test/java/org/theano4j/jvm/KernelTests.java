package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;

/** Shared helpers for the kernel tests: checked compilation and exactly representable data. */
final class KernelTests {
  private KernelTests() {}

  /**
   * A function compiled twice, in FAST_RUN and in DEBUG mode (which checks every value
   * against its node's static type); each call runs both and requires equal results.
   */
  static final class Checked {
    private final Function fast;
    private final Function debug;

    Checked(List<Variable> inputs, Variable output) {
      this.fast = Theano.compile(inputs, List.of(output));
      this.debug = Theano.function(inputs, List.of(output)).mode(Mode.DEBUG).build();
    }

    NDArray call(Object... args) {
      NDArray r = fast.call(args).get(0);
      assertThat(debug.call(args).get(0)).isEqualTo(r);
      return r;
    }
  }

  static Checked compile(List<Variable> inputs, Variable output) {
    return new Checked(inputs, output);
  }

  /** {@code n} multiples of 0.25 in [-12, 12]: exact in float32, so sums compare exactly. */
  static double[] values(int n, long seed) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (r.nextInt(97) - 48) / 4.0;
    }
    return v;
  }

  static float[] floats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /** A float32 array of {@code shape} holding {@code data} row-major. */
  static NDArray f32(double[] data, int... shape) {
    return NDArray.of(floats(data), shape);
  }

  /** Asserts shape and elements exactly (as doubles). */
  static void assertArray(NDArray actual, int[] shape, double[] expected) {
    assertThat(actual.shape()).containsExactly(shape);
    assertThat(actual.toDoubleArray()).containsExactly(expected);
  }
}
