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

  /**
   * The loops with a constant operand ({@link ScalarLoops#fastConstant}) against the array
   * loops with that operand repeated, bit for bit up to NaN payloads (Java leaves a NaN
   * result's payload unspecified, and C2 may order the operands of a commutative {@code +} or
   * {@code *} either way: with two NaNs of different payloads as operands the results differ
   * in payload only), both lanes, the constant on either side.
   */
  @Test
  void constantOperandLoopsAgreeWithTheArrayLoops() {
    double nan2 = Double.longBitsToDouble(0x7ff8000000000123L);
    double[] values = new double[SPECIAL.length + 101];
    Random r = new Random(13);
    for (int i = 0; i < values.length; i++) {
      values[i] = i < SPECIAL.length ? SPECIAL[i] : i == SPECIAL.length ? nan2
          : r.nextGaussian() * 100;
    }
    int n = values.length;
    int checked = 0;
    for (Scalar s : new Scalar[] {Scalar.ADD, Scalar.SUB, Scalar.MUL, Scalar.TRUE_DIV}) {
      for (double c : values) {
        for (int k = 0; k < 2; k++) {
          double[][] in = new double[2][];
          in[k] = new double[n];
          java.util.Arrays.fill(in[k], c);
          in[1 - k] = values.clone();
          double[] want = new double[n];
          double[] got = new double[n];
          assertThat(ScalarLoops.fast(s, in, want, n)).isTrue();
          assertThat(ScalarLoops.fastConstant(s, in, k, got, n)).isTrue();
          float[][] fin = new float[2][n];
          for (int i = 0; i < n; i++) {
            fin[0][i] = (float) in[0][i];
            fin[1][i] = (float) in[1][i];
          }
          float[] fwant = new float[n];
          float[] fgot = new float[n];
          ScalarLoops.fast(s, fin, fwant, n);
          assertThat(ScalarLoops.fastConstant(s, fin, k, fgot, n)).isTrue();
          for (int i = 0; i < n; i++) {
            assertThat(Double.doubleToLongBits(got[i])).as("%s(%s, %s)", s, in[0][i],
                in[1][i]).isEqualTo(Double.doubleToLongBits(want[i]));
            assertThat(Float.floatToIntBits(fgot[i])).as("float32 %s(%s, %s)", s, fin[0][i],
                fin[1][i]).isEqualTo(Float.floatToIntBits(fwant[i]));
          }
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(4 * n * 2);
    assertThat(ScalarLoops.fastConstant(Scalar.POW, new double[2][1], 0, new double[1], 1))
        .as("only + - * / have constant-operand loops").isFalse();
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
