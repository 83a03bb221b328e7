package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.tensor.DoubleMath;
import org.theano4j.tensor.Scalar;

/**
 * {@link DoublePasses} gives, bit for bit, the scalar table's double lane ({@link DoubleMath})
 * of every argument: ordinary ones of every magnitude, the ones the first pass marks (NaN,
 * infinities, beyond ±708, below 2^-54 in magnitude, signed zeros; for the logarithms zeros,
 * negative numbers, subnormals, -1 and below), in blocks of every length
 * around the block size and in place. "Bit for bit" up to NaN payloads
 * ({@code doubleToLongBits}): Java leaves a NaN result's payload unspecified, and the JIT's
 * {@code Math.max} and the interpreter's differ there.
 */
class DoublePassesTest {
  private static final Scalar[] OPS = {Scalar.EXP, Scalar.EXPM1, Scalar.TANH, Scalar.SIGMOID,
      Scalar.SOFTPLUS, Scalar.LOG, Scalar.LOG1P};

  private static double[] arguments(int n, long seed) {
    Random rng = new Random(seed);
    double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, 0x1p-54, -0x1p-54,
        0x1p-55, 708, -708, Math.nextUp(708.0), Math.nextDown(-708.0), 709.78, -745.1, -746,
        710, 22, -22, 21.99, 0.17, -0.17, 0.55, -0.55, Math.nextUp(0.55), 0.34657359027997264,
        -0.34657359027997264, Double.MAX_VALUE, -Double.MAX_VALUE, -1, Math.nextUp(-1.0),
        Math.nextDown(-1.0), 1, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
        Math.sqrt(0.5), Math.nextDown(Math.sqrt(0.5)), Math.sqrt(2), Math.sqrt(0.5) - 1,
        Math.sqrt(2) - 1, 1e-300, 1e300};
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = switch (i % 6) {
        case 0 -> rng.nextGaussian();
        case 1 -> (rng.nextDouble() - 0.5) * 1600; // the whole range and beyond
        case 2 -> Math.scalb(rng.nextDouble(), -rng.nextInt(80)) * (rng.nextBoolean() ? 1 : -1);
        case 3 -> i % 12 == 3 ? (rng.nextDouble() - 0.5) * 50 : Math.exp((rng.nextDouble() - 0.5) * 1400);
        case 4 -> special[rng.nextInt(special.length)];
        default -> Double.longBitsToDouble(rng.nextLong()); // any bit pattern
      };
    }
    return x;
  }

  private static double lane(Scalar op, double x) {
    return op.doubleLane().apply(x, 0, 0);
  }

  @Test
  void passesGiveTheLaneBitForBit() {
    for (Scalar op : OPS) {
      for (int n : new int[] {1, 7, 63, 64, 65, 383, 1023, 1024, 1025, 3000}) {
        double[] x = arguments(n, 31L * n + op.ordinal());
        double[] out = new double[n];
        DoublePasses.apply(op, x, out, n);
        for (int i = 0; i < n; i++) {
          assertThat(Double.doubleToLongBits(out[i]))
              .as("%s(%s) at %d of %d", op, x[i], i, n)
              .isEqualTo(Double.doubleToLongBits(lane(op, x[i])));
        }
      }
    }
  }

  @Test
  void inPlaceGivesTheSame() {
    for (Scalar op : OPS) {
      double[] x = arguments(2500, 7 + op.ordinal());
      double[] want = new double[x.length];
      DoublePasses.apply(op, x, want, x.length);
      DoublePasses.apply(op, x, x, x.length);
      for (int i = 0; i < x.length; i++) {
        assertThat(Double.doubleToLongBits(x[i])).isEqualTo(Double.doubleToLongBits(want[i]));
      }
    }
  }

  @Test
  void theLanesAreDoubleMaths() {
    Random rng = new Random(3);
    java.util.function.DoubleUnaryOperator[] f = {DoubleMath::exp, DoubleMath::expm1,
        DoubleMath::tanh, DoubleMath::sigmoid, DoubleMath::softplus, DoubleMath::log,
        DoubleMath::log1p};
    for (int i = 0; i < 1000; i++) {
      double x = (rng.nextDouble() - 0.5) * 60;
      for (int j = 0; j < OPS.length; j++) {
        assertThat(Double.doubleToLongBits(lane(OPS[j], x))).as("%s(%s)", OPS[j], x)
            .isEqualTo(Double.doubleToLongBits(f[j].applyAsDouble(x)));
      }
    }
  }
}
