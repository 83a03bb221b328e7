package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * Elementwise nodes split over threads ({@code theano4j.threads}) give the one-thread results
 * bit for bit, for every layout the loops distinguish, on outputs above the size threshold
 * with a row count that the threads do not divide.
 */
class IntraOpThreadsTest {
  private static final int ROWS = 601;
  private static final int COLS = 211; // 126,811 elements, above MIN_ELEMENTS

  @AfterEach
  void oneThreadAgain() {
    IntraOpThreads.set(1);
  }

  /** Gaussian floats (times 3) or integers in [-1000, 1000] of a shape. */
  static NDArray random(DType dt, Random rnd, int... shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = dt.isFloat() ? rnd.nextGaussian() * 3 : rnd.nextInt(2001) - 1000;
    }
    return NDArray.of(v, shape).astype(dt);
  }

  @Test
  void everyLayoutGivesTheOneThreadResultBitForBit() {
    assertThat(ROWS * COLS).isGreaterThanOrEqualTo(IntraOpThreads.MIN_ELEMENTS);
    for (DType dt : List.of(DType.FLOAT32, DType.FLOAT64, DType.INT64)) {
      Random rnd = new Random(5);
      Variable x = T.tensor(dt, 2, "x");
      Variable y = T.tensor(dt, 2, "y");
      Variable w = T.tensor(dt, 1, "w");
      Variable c = T.tensor(dt, 1, "c");
      Variable xt = T.tensor(dt, 2, "xt");
      Variable s = T.tensor(dt, 0, "s");
      List<Variable> outs = List.of(
          T.mul(x, y),                                 // contiguous
          T.add(x, w),                                 // row broadcast
          T.sub(x, c.dimshuffle(0, "x")),              // column broadcast
          T.add(xt.T(), y),                            // transposed input
          T.mul(x, s),                                 // scalar input
          dt.isFloat() ? T.tanh(T.mul(x, y).add(x)) : T.mul(T.add(x, y), x), // fused
          dt.isFloat() ? T.exp(T.neg(T.abs(x))) : T.maximum(x, y));
      Function f = Theano.function(List.of(x, y, w, c, xt, s), outs).build();
      Object[] args = {random(dt, rnd, ROWS, COLS), random(dt, rnd, ROWS, COLS),
          random(dt, rnd, COLS), random(dt, rnd, ROWS), random(dt, rnd, COLS, ROWS),
          random(dt, rnd)};
      IntraOpThreads.set(1);
      List<NDArray> one = f.call(args);
      for (int t : new int[] {2, 3, 8}) {
        IntraOpThreads.set(t);
        List<NDArray> many = f.call(args);
        for (int i = 0; i < outs.size(); i++) {
          // Arrays.equals compares doubles bit for bit (NaN equals NaN, -0.0 differs from 0.0)
          assertThat(java.util.Arrays.equals(many.get(i).toDoubleArray(),
              one.get(i).toDoubleArray())).as("%s output %d, %d threads", dt, i, t).isTrue();
        }
      }
    }
  }

  @Test
  void theSettingMustBeAPositiveInteger() {
    assertThat(IntraOpThreads.parse(null)).isEqualTo(1);
    assertThat(IntraOpThreads.parse(" 4 ")).isEqualTo(4);
    for (String bad : List.of("0", "-2", "two", "")) {
      assertThatThrownBy(() -> IntraOpThreads.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("-Dtheano4j.threads must be a positive number of threads, got '" + bad
              + "'");
    }
    assertThatThrownBy(() -> IntraOpThreads.set(0))
        .hasMessage("theano4j.threads must be >= 1, got 0");
  }
}
