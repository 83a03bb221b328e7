package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.tensor.Scalar;

/**
 * The hand-written chunk loops of {@link ScalarLoops} (kept for speed) compute exactly what
 * the scalar table's lanes compute, bit for bit, on random values and on the special ones
 * (NaN, infinities, signed zeros, extreme longs).
 */
class ScalarLoopsTest {
  private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, 0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, Double.MAX_VALUE, 0.5};
  private static final long[] SPECIAL_LONG = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 7, -3};

  @Test
  void fastDoubleLoopsAgreeWithTheTable() {
    int n = SPECIAL.length * SPECIAL.length + 200;
    double[][] in = {new double[n], new double[n], new double[n]};
    Random r = new Random(11);
    for (int i = 0; i < n; i++) {
      boolean special = i < SPECIAL.length * SPECIAL.length;
      in[0][i] = special ? SPECIAL[i / SPECIAL.length] : r.nextGaussian() * 100;
      in[1][i] = special ? SPECIAL[i % SPECIAL.length] : r.nextGaussian() * 100;
      in[2][i] = r.nextGaussian();
    }
    List<Scalar> fast = new ArrayList<>();
    for (Scalar s : Scalar.values()) {
      double[] got = new double[n];
      if (!ScalarLoops.fast(s, java.util.Arrays.copyOf(in, s.arity()), got, n)) {
        continue;
      }
      fast.add(s);
      Scalar.DoubleLane f = s.doubleLane();
      for (int i = 0; i < n; i++) {
        double want = f.apply(in[0][i], s.arity() > 1 ? in[1][i] : 0, 0);
        assertThat(Double.doubleToRawLongBits(got[i])).as("%s(%s, %s)", s, in[0][i], in[1][i])
            .isEqualTo(Double.doubleToRawLongBits(want));
      }
    }
    assertThat(fast).as("functions with a hand-written double loop").contains(Scalar.ADD,
        Scalar.MUL);
  }

  @Test
  void fastLongLoopsAgreeWithTheTable() {
    int n = SPECIAL_LONG.length * SPECIAL_LONG.length + 200;
    long[][] in = {new long[n], new long[n], new long[n]};
    Random r = new Random(12);
    for (int i = 0; i < n; i++) {
      boolean special = i < SPECIAL_LONG.length * SPECIAL_LONG.length;
      in[0][i] = special ? SPECIAL_LONG[i / SPECIAL_LONG.length] : r.nextLong();
      in[1][i] = special ? SPECIAL_LONG[i % SPECIAL_LONG.length] : r.nextInt(1000) - 500;
    }
    List<Scalar> fast = new ArrayList<>();
    for (Scalar s : Scalar.values()) {
      long[] got = new long[n];
      if (!ScalarLoops.fast(s, java.util.Arrays.copyOf(in, s.arity()), got, n)) {
        continue;
      }
      fast.add(s);
      Scalar.LongLane f = s.longLane(false);
      for (int i = 0; i < n; i++) {
        assertThat(got[i]).as("%s(%s, %s)", s, in[0][i], in[1][i])
            .isEqualTo(f.apply(in[0][i], s.arity() > 1 ? in[1][i] : 0, 0));
      }
    }
    assertThat(fast).as("functions with a hand-written long loop").contains(Scalar.ADD,
        Scalar.MUL);
  }
}
