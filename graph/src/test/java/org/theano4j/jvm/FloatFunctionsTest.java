package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.theano4j.tensor.Scalar;

/**
 * {@link FloatFunctions} against the scalar table's double lane rounded to float32, bit for
 * bit (NaN as NaN): on every 97th float32 bit pattern and the neighbourhoods of the switch
 * points, or on all 2^32 patterns with {@code -Dtheano4j.exhaustive=true} (minutes; the
 * result is recorded in docs/performance.md).
 */
class FloatFunctionsTest {
  private static void check(Scalar.DoubleLane lane, float x) {
    float got = FloatFunctions.tanh(x);
    float want = (float) lane.apply(x, 0, 0);
    if (Float.floatToIntBits(got) != Float.floatToIntBits(want)) {
      throw new AssertionError("tanh(" + x + " = 0x" + Integer.toHexString(
          Float.floatToRawIntBits(x)) + "): got " + got + ", the lane gives " + want);
    }
  }

  @Test
  void tanhIsTheLaneRoundedToFloat32OnEveryInput() {
    Scalar.DoubleLane lane = Scalar.TANH.doubleLane();
    long step = Boolean.getBoolean("theano4j.exhaustive") ? 1 : 97;
    long checked = 0;
    for (long bits = 0; bits <= 0xFFFF_FFFFL; bits += step) {
      check(lane, Float.intBitsToFloat((int) bits));
      checked++;
    }
    // the switch points (2^-12, 9.1), the first steps of the range reduction (2|x| = ln 2 / 2,
    // 3 ln 2 / 2) and the values around them, both signs
    for (float p : new float[] {0x1p-12f, 9.1f, 1f, 0.5f, 0.1732868f, 0.5198604f}) {
      for (int k = -5000; k <= 5000; k++) {
        float x = Float.intBitsToFloat(Float.floatToRawIntBits(p) + k);
        check(lane, x);
        check(lane, -x);
      }
    }
    assertThat(checked).isGreaterThan(44_000_000L);
  }

  @Test
  void theFloatLoopAppliesTanh() {
    float[] a = {0f, -0f, 1e-30f, 0.3f, -2f, 20f, Float.NaN, Float.NEGATIVE_INFINITY};
    float[] out = new float[a.length];
    FloatFunctions.apply(Scalar.TANH, new float[][] {a}, out, a.length);
    for (int i = 0; i < a.length; i++) {
      assertThat(Float.floatToIntBits(out[i])).as("tanh(%s)", a[i])
          .isEqualTo(Float.floatToIntBits((float) Math.tanh(a[i])));
    }
  }
}
