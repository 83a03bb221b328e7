package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.theano4j.tensor.Scalar;

/**
 * {@link FloatFunctions} against the scalar table's double lane rounded to float32, bit for
 * bit (NaN as NaN), through the float loop the kernels run ({@link FloatFunctions#apply}): on
 * every 257th float32 bit pattern and the neighbourhoods of each function's switch points, or
 * on all 2^32 patterns with {@code -Dtheano4j.exhaustive=true} (about a minute per function on
 * the development machine, erf longer: its lane is a series; the times are printed and
 * recorded in docs/performance.md).
 */
class FloatFunctionsTest {
  private static final int CHUNK = 1024;

  /**
   * Per function, the points where its fast path switches (domain ends, range-reduction steps,
   * saturation); 10,000 bit patterns either side of each and of its negation are checked.
   */
  private static final Map<Scalar, float[]> SWITCH_POINTS = Map.of(
      Scalar.TANH, new float[] {0x1p-12f, 9.1f, 1f, 0.5f, 0.1732868f, 0.5198604f},
      Scalar.EXP, new float[] {-87.3f, 88.7f, 0.3465736f, 1.0397208f, 1f, 0x1p-20f},
      Scalar.EXPM1, new float[] {-88f, 88.7f, 0.3465736f, 1.0397208f, -17.3f, 0x1p-20f},
      Scalar.LOG, new float[] {1f, 0.70710677f, 1.4142135f, 2f, Float.MIN_NORMAL,
          Float.MAX_VALUE},
      Scalar.LOG1P, new float[] {0x1p-29f, -0.29289323f, 0.41421357f, 1f, -1f, 0x1p29f},
      Scalar.SIGMOID, new float[] {120f, 87.3f, 103.9f, 17.3f, 0.3465736f, 0x1p-20f},
      Scalar.SOFTPLUS, new float[] {120f, 87.3f, 103.9f, 17.3f, 0.3465736f, 0x1p-20f},
      Scalar.ERF, new float[] {4f, 3.96875f, 1f / 32, 0.5f + 1f / 32, 1f, 0x1p-20f});

  private static void check(Scalar op, float[] in, int n) {
    float[] out = new float[n];
    FloatFunctions.apply(op, new float[][] {in}, out, n);
    Scalar.DoubleLane lane = op.doubleLane();
    for (int i = 0; i < n; i++) {
      float want = (float) lane.apply(in[i], 0, 0);
      if (Float.floatToIntBits(out[i]) != Float.floatToIntBits(want)) {
        throw new AssertionError(op + "(" + in[i] + " = 0x" + Integer.toHexString(
            Float.floatToRawIntBits(in[i])) + "): got " + out[i] + ", the lane gives " + want);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"TANH", "EXP", "EXPM1", "LOG", "LOG1P", "SIGMOID", "SOFTPLUS", "ERF"})
  void isTheLaneRoundedToFloat32OnEveryInput(Scalar op) {
    assertThat(FloatFunctions.has(op)).isTrue();
    long step = Boolean.getBoolean("theano4j.exhaustive") ? 1 : 257;
    long start = System.nanoTime();
    float[] in = new float[CHUNK];
    int k = 0;
    long checked = 0;
    for (long bits = 0; bits <= 0xFFFF_FFFFL; bits += step) {
      in[k++] = Float.intBitsToFloat((int) bits);
      if (k == CHUNK) {
        check(op, in, k);
        checked += k;
        k = 0;
      }
    }
    check(op, in, k);
    checked += k;
    for (float p : SWITCH_POINTS.get(op)) {
      for (int sign = -1; sign <= 1; sign += 2) {
        int base = Float.floatToRawIntBits(sign * p);
        float[] around = new float[20_001];
        for (int d = -10_000; d <= 10_000; d++) {
          around[d + 10_000] = Float.intBitsToFloat(base + d);
        }
        check(op, around, around.length);
      }
    }
    System.out.printf("FloatFunctionsTest %s: %,d bit patterns (every %d-th) in %.1f s%n", op,
        checked, step, (System.nanoTime() - start) / 1e9);
    assertThat(checked).isEqualTo((0xFFFF_FFFFL) / step + 1);
  }

  @ParameterizedTest
  @EnumSource(names = {"TANH", "EXP", "EXPM1", "LOG", "LOG1P", "SIGMOID", "SOFTPLUS", "ERF"})
  void specialValuesAreTheLanes(Scalar op) {
    check(op, new float[] {0f, -0f, 1e-30f, -1e-30f, Float.MIN_VALUE, -Float.MIN_VALUE, 0.3f,
        -2f, 20f, -20f, -1f, 1f, 100f, -100f, -200f, 200f, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}, 21);
  }

  @ParameterizedTest
  @EnumSource(names = {"SQRT", "SIN", "ADD", "ERFC"})
  void otherOpsHaveNoFloatLoop(Scalar op) {
    assertThat(FloatFunctions.has(op)).isFalse();
  }
}
