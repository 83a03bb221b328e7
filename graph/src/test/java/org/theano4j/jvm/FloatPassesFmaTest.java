package org.theano4j.jvm;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.tensor.Scalar;

/**
 * {@link FloatPasses} with {@link Math#fma} and without: bit for bit the same results, each
 * the scalar double lane's rounded to float32, over random bit patterns, a wide uniform
 * sample, special values and dense sweeps of consecutive floats around the clamp limits, the
 * ends of the normal range and 0 and 1.
 */
class FloatPassesFmaTest {
  private static final Scalar[] OPS = {Scalar.EXP, Scalar.EXPM1, Scalar.TANH, Scalar.SIGMOID,
      Scalar.LOG, Scalar.LOG1P, Scalar.SOFTPLUS};

  /** Centres of the sweeps: clamp limits, overflow and underflow edges, 0, ±1. */
  private static final float[] TRICKY = {0f, 1f, -1f, 0.5f, 2f, 9.1f, -9.1f, 88.7f, -87.3f,
      -88f, 88.72283f, -87.33655f, -103.972f, 120f, -120f, 16.6f, -16.6f, 1e-7f, -1e-7f,
      Float.MIN_NORMAL, -0.99999994f, 1e-30f, Float.MAX_VALUE, 8.5f, 0.001f};

  private static final int SWEEP = 4096;

  private static float[] inputs() {
    Random r = new Random(20261201L);
    int random = 1 << 20;
    int uniform = 1 << 19;
    float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.intBitsToFloat(0x7fc12345)};
    float[] x = new float[random + uniform + special.length + TRICKY.length * 4 * SWEEP + 7];
    int k = 0;
    for (int i = 0; i < random; i++) {
      x[k++] = Float.intBitsToFloat(r.nextInt());
    }
    for (int i = 0; i < uniform; i++) {
      x[k++] = (float) (r.nextDouble() * 260 - 130);
    }
    for (float s : special) {
      x[k++] = s;
    }
    for (float c : TRICKY) {
      for (float centre : new float[] {c, -c}) {
        float up = centre;
        float down = centre;
        for (int i = 0; i < SWEEP; i++) {
          x[k++] = up;
          x[k++] = down;
          up = Math.nextUp(up);
          down = Math.nextDown(down);
        }
      }
    }
    while (k < x.length) { // an odd tail, not a whole block
      x[k++] = (float) r.nextGaussian();
    }
    return x;
  }

  @Test
  void fmaAndSeparateOperationsGiveTheLanesFloats() {
    float[] x = inputs();
    float[] plain = new float[x.length];
    float[] fused = new float[x.length];
    for (Scalar op : OPS) {
      FloatPasses.apply(op, x, plain, x.length, false);
      FloatPasses.apply(op, x, fused, x.length, true);
      Scalar.DoubleLane lane = op.doubleLane();
      for (int i = 0; i < x.length; i++) {
        float want = (float) lane.apply(x[i], 0, 0);
        if (Float.floatToIntBits(plain[i]) != Float.floatToIntBits(want)
            || Float.floatToIntBits(fused[i]) != Float.floatToIntBits(want)) {
          fail(op + "(" + x[i] + " = 0x" + Integer.toHexString(Float.floatToRawIntBits(x[i]))
              + "): lane " + want + ", separate " + plain[i] + ", fma " + fused[i]);
        }
      }
    }
  }
}
