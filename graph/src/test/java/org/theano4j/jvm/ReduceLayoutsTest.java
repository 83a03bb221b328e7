package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * Float reductions over every block of axes (leading, middle, trailing, all) of contiguous
 * and transposed inputs, sizes 0 and 1 included, against a direct float64 loop: one double
 * accumulator per output element taking its elements in row-major order over the reduced
 * axes (for sums of at least {@link ReduceKernels#lanesMin} elements over axes that include
 * the last, eight lanes),
 * rounded once to the output dtype; bit for bit.
 */
class ReduceLayoutsTest {
  /** The reductions checked here and by {@link ReduceBitExactTest}. */
  enum Kind { SUM, MEAN, PROD, MAX, MIN }

  private static NDArray random(DType t, long seed, int... shape) {
    NDArray a = NDArray.zeros(t, shape);
    Random r = new Random(seed);
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = 1 + r.nextGaussian() * 0.01; // products stay finite
    }
    a.writeDoubles(0, v, 0, v.length);
    return a;
  }

  /**
   * FAST_RUN checked against DEBUG ({@link KernelTests.Checked}); a mean in DEBUG mode only,
   * where it stays one reduction (FAST_RUN rewrites it into a sum and a division).
   */
  private static java.util.function.UnaryOperator<NDArray> compile(Kind k, Variable x,
      Variable out) {
    if (k == Kind.MEAN) {
      Function debug = Theano.function(List.of(x), List.of(out)).mode(Mode.DEBUG).build();
      return a -> debug.call(a).get(0);
    }
    KernelTests.Checked c = KernelTests.compile(List.of(x), out);
    return a -> c.call(a);
  }

  /** The reduction {@code k} of {@code x} over {@code axes}. */
  static Variable reduce(Kind k, Variable x, int[] axes) {
    return switch (k) {
      case SUM -> T.sum(x, axes);
      case MEAN -> T.mean(x, axes);
      case PROD -> T.prod(x, axes);
      case MAX -> T.max(x, axes);
      case MIN -> T.min(x, axes);
    };
  }

  /** The direct loop over a 3-d array {@code v} (read by multi-index). */
  private static double[] direct(Kind k, NDArray v, int[] axes, DType outType) {
    int[] s = v.shape();
    List<Integer> kept = new ArrayList<>();
    List<Integer> red = new ArrayList<>();
    for (int d = 0; d < 3; d++) {
      final int dd = d;
      (java.util.Arrays.stream(axes).anyMatch(a -> a == dd) ? red : kept).add(d);
    }
    int outN = 1;
    for (int d : kept) {
      outN *= s[d];
    }
    int redN = 1;
    for (int d : red) {
      redN *= s[d];
    }
    double[] out = new double[outN];
    int[] idx = new int[3];
    for (int o = 0; o < outN; o++) {
      int rem = o;
      for (int q = kept.size() - 1; q >= 0; q--) {
        idx[kept.get(q)] = rem % s[kept.get(q)];
        rem /= s[kept.get(q)];
      }
      double acc = switch (k) {
        case SUM, MEAN -> 0;
        case PROD -> 1;
        case MAX -> Double.NEGATIVE_INFINITY;
        case MIN -> Double.POSITIVE_INFINITY;
      };
      // sums of at least lanesMin elements over axes that include the last: eight lanes
      // (element r to lane r mod 8 over the whole chunks of min(1024, redN) rounded down to
      // a multiple of 8, combined pairwise), then the rest in one chain added last
      boolean lanes = (k == Kind.SUM || k == Kind.MEAN) && redN >= ReduceKernels.lanesMin(v.dtype())
          && red.contains(2);
      // float32 sums over one block of axes followed by kept axes of at least MIN_COLUMNS
      // elements: FloatPairSums' column lanes (PairOrder), each output its elements in order
      boolean block = red.get(red.size() - 1) - red.get(0) == red.size() - 1;
      int after = 1;
      for (int d = red.get(red.size() - 1) + 1; d < 3; d++) {
        after *= s[d];
      }
      boolean columnPairs = (k == Kind.SUM || k == Kind.MEAN) && v.dtype() == DType.FLOAT32
          && block && after >= FloatPairSums.MIN_COLUMNS;
      double[] col = columnPairs ? new double[redN] : null;
      int laneChunk = Math.min(1024, redN) & ~7;
      int laneEnd = lanes ? redN - redN % laneChunk : 0;
      double[] lane = new double[8];
      for (int r = 0; r < redN; r++) {
        int rr = r;
        for (int q = red.size() - 1; q >= 0; q--) {
          idx[red.get(q)] = rr % s[red.get(q)];
          rr /= s[red.get(q)];
        }
        double e = v.getDouble(idx);
        if (columnPairs) {
          col[r] = e;
          continue;
        }
        if (r < laneEnd) {
          lane[r % 8] += e;
          continue;
        }
        acc = switch (k) {
          case SUM, MEAN -> acc + e;
          case PROD -> acc * e;
          case MAX -> Math.max(acc, e);
          case MIN -> Math.min(acc, e);
        };
      }
      if (columnPairs) {
        acc = PairOrder.column(col);
      }
      if (lanes) {
        acc = ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]))
            + acc;
      }
      out[o] = outType.round(k == Kind.MEAN ? acc / redN : acc);
    }
    return out;
  }

  private static void check(NDArray got, double[] want, DType t, Kind k, int[] axes,
      String layout) {
    double[] g = got.toDoubleArray();
    assertThat(g).hasSize(want.length);
    for (int i = 0; i < want.length; i++) {
      assertThat(Double.doubleToLongBits(g[i])).as("%s %s axes %s, %s, element %d: %s vs %s", t,
          k, java.util.Arrays.toString(axes), layout, i, g[i], want[i])
          .isEqualTo(Double.doubleToLongBits(want[i]));
    }
  }

  @Test
  void everyAxisBlockMatchesADirectFloat64Loop() {
    int[][] shapes = {{6, 37, 1030}, {1, 5, 9}, {3, 1, 1}, {4, 0, 3}};
    int[][] axesList = {{0}, {1}, {2}, {0, 1}, {1, 2}, {0, 1, 2}, {0, 2}};
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      Variable x = T.tensor(t, 3, "x");
      for (int[] shape : shapes) {
        NDArray contiguous = random(t, shape[0] * 31 + shape[2], shape);
        NDArray reversed = random(t, 7, shape[2], shape[1], shape[0]);
        for (int[] axes : axesList) {
          for (Kind k : Kind.values()) {
            boolean empty = shape[1] == 0 && java.util.Arrays.stream(axes).anyMatch(a -> a == 1);
            if (empty && k != Kind.SUM && k != Kind.PROD) {
              continue; // NaN or an error for an empty selection: DEBUG mode rejects both
            }
            java.util.function.UnaryOperator<NDArray> f = compile(k, x, reduce(k, x, axes));
            java.util.function.UnaryOperator<NDArray> ft = compile(k, x, reduce(k, x.dimshuffle(2, 1, 0), axes));
            check(f.apply(contiguous), direct(k, contiguous, axes, t), t, k, axes, "contiguous");
            check(ft.apply(reversed), direct(k, reversed.dimshuffle(2, 1, 0), axes, t), t, k,
                axes, "transposed");
          }
        }
      }
    }
  }
}
