package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.DoubleMath;
import org.theano4j.tensor.T;

/**
 * Fused elementwise groups ({@link CompositeLoops}: float32 operands in {@code float[]}
 * buffers, exact steps in float, constant inputs read once) against a direct float64 loop
 * that rounds every step's result to its dtype, as storing it in an array would, and against
 * the unfused DEBUG-mode function ({@link KernelTests.Checked}); bit for bit, over
 * contiguous, scalar, row-broadcast and transposed inputs.
 */
class CompositeLoopsTest {
  private static NDArray random(DType t, long seed, int... shape) {
    NDArray a = NDArray.zeros(t, shape);
    Random r = new Random(seed);
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian() * 2;
    }
    if (v.length > 3) {
      v[0] = 1e-40;
      v[1] = -0.0;
      v[2] = 60;
    }
    a.writeDoubles(0, v, 0, v.length);
    return a;
  }

  private static void assertBits(NDArray got, double[] want, String what) {
    double[] g = got.toDoubleArray();
    assertThat(g).hasSize(want.length);
    for (int k = 0; k < want.length; k++) {
      assertThat(Double.doubleToLongBits(g[k])).as("%s element %d: %s vs %s", what, k, g[k],
          want[k]).isEqualTo(Double.doubleToLongBits(want[k]));
    }
  }

  /** {@code f(x[i,j], y[i,j])} with one rounding per step, as {@code round} gives. */
  private static double[] direct(NDArray x, NDArray y, DoubleBinaryOperator f) {
    int rows = x.shape(0);
    int cols = x.shape(1);
    double[] want = new double[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        want[i * cols + j] = f.applyAsDouble(x.getDouble(i, j), y.getDouble(i, j));
      }
    }
    return want;
  }

  @Test
  void fusedChainsRoundEveryStepAsUnfusedNodesDo() {
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      java.util.function.DoubleUnaryOperator r = t::round;
      NDArray x = random(t, 1, 70, 1100);
      NDArray y = random(t, 2, 70, 1100);
      NDArray s = NDArray.scalar(t, 0.7);
      NDArray sBroadcast = s.broadcastTo(70, 1100);
      Variable vx = T.tensor(t, 2, "x");
      Variable vy = T.tensor(t, 2, "y");
      Variable vs = T.tensor(t, 0, "s");
      // 2*x*s: two multiplications, each rounded
      KernelTests.Checked f = KernelTests.compile(List.of(vx, vs), T.mul(T.mul(2, vx), vs));
      assertBits(f.call(x, s), direct(x, sBroadcast, (a, b) -> r.applyAsDouble(
          r.applyAsDouble(2 * a) * b)), t + " 2*x*s");
      // x - s*y
      f = KernelTests.compile(List.of(vx, vs, vy), T.sub(vx, T.mul(vs, vy)));
      double sv = s.getDouble();
      assertBits(f.call(x, s, y), direct(x, y, (a, b) -> r.applyAsDouble(
          a - r.applyAsDouble(sv * b))), t + " x - s*y");
      // tanh(x*y + x): a transcendental step in double on rounded operands
      f = KernelTests.compile(List.of(vx, vy), T.tanh(T.add(T.mul(vx, vy), vx)));
      assertBits(f.call(x, y), direct(x, y, (a, b) -> r.applyAsDouble(DoubleMath.tanh(
          r.applyAsDouble(r.applyAsDouble(a * b) + a)))), t + " tanh(x*y + x)");
      // exp(x.T) * w with w a row: transposed and row-broadcast inputs of a fused group
      NDArray w = random(t, 3, 70);
      Variable vw = T.tensor(t, 1, "w");
      f = KernelTests.compile(List.of(vx, vw), T.mul(T.exp(vx.T()), vw));
      NDArray xt = random(t, 4, 70, 1100);
      assertBits(f.call(xt, w), direct(xt.transpose(), w.broadcastTo(1100, 70),
          (a, b) -> r.applyAsDouble(r.applyAsDouble(DoubleMath.exp(a)) * b)),
          t + " exp(x.T)*w");
      // a discrete step in the chain: where(x > 0, x * 3, y)
      f = KernelTests.compile(List.of(vx, vy), T.where(T.gt(vx, 0), T.mul(vx, 3), vy));
      assertBits(f.call(x, y), direct(x, y, (a, b) -> a > 0 ? r.applyAsDouble(a * 3) : b),
          t + " where(x > 0, 3x, y)");
    }
  }

  @Test
  void mixedLanesConvertExactly() {
    // float32 * int32 computes in float64; + float32 scalar: float64 result
    NDArray x = random(DType.FLOAT32, 5, 40, 50);
    NDArray k = NDArray.zeros(DType.INT32, 40, 50);
    long[] kv = new long[2000];
    for (int i = 0; i < kv.length; i++) {
      kv[i] = (i * 7919L) % 100_003 - 50_000;
    }
    k.writeLongs(0, kv, 0, kv.length);
    Variable vx = T.fmatrix("x");
    Variable vk = T.imatrix("k");
    KernelTests.Checked f = KernelTests.compile(List.of(vx, vk), T.add(T.mul(vx, vk),
        T.exp(vx)));
    NDArray got = f.call(x, k);
    assertThat(got.dtype()).isEqualTo(DType.FLOAT64);
    assertBits(got, direct(x, k, (a, b) -> a * b + DType.FLOAT32.round(DoubleMath.exp(a))),
        "x*k + exp(x)");
  }

  @Test
  void float64StepsAndCastsAcrossChunkEdges() {
    // 3 x 1001 = 3,003 elements: 5 chunks of 512 float64 elements and a partial sixth;
    // each float64 step (a cast included) is computed straight into its operand buffer
    NDArray x = random(DType.FLOAT32, 6, 3, 1001);
    NDArray y = random(DType.FLOAT64, 7, 3, 1001);
    NDArray s = NDArray.scalar(DType.FLOAT64, 0.3);
    Variable vx = T.fmatrix("x");
    Variable vy = T.dmatrix("y");
    Variable vs = T.dscalar("s");
    KernelTests.Checked f = KernelTests.compile(List.of(vx, vy, vs),
        T.sub(T.mul(T.cast(vx, DType.FLOAT64), vs), T.mul(vy, T.exp(vy))));
    double sv = s.getDouble();
    assertBits(f.call(x, y, s), direct(x, y, (a, b) -> a * sv - b * DoubleMath.exp(b)),
        "cast(x) * s - y * exp(y)");
  }

  @Test
  void emptyAndSingleElementArrays() {
    Variable vx = T.fmatrix("x");
    Variable vs = T.fscalar("s");
    KernelTests.Checked f = KernelTests.compile(List.of(vx, vs), T.mul(T.mul(2, vx), vs));
    assertThat(f.call(NDArray.zeros(DType.FLOAT32, 0, 5), NDArray.scalar(2f)).shape())
        .containsExactly(0, 5);
    NDArray one = f.call(NDArray.of(new float[] {1.5f}, 1, 1), NDArray.scalar(0.1f));
    assertThat(one.getDouble(0, 0)).isEqualTo((double) ((2f * 1.5f) * 0.1f));
  }
}
