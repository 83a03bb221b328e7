package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Scalar;

/**
 * Every layout path of {@link LayoutLoops} (contiguous, scalar broadcast, row and column
 * broadcast, transposed, negative strides, size 0, size 1) against a direct float64 loop: each
 * output element computed from the inputs read one by one by multi-index ({@code getDouble}),
 * the scalar table's double lane, and one rounding to the output dtype, compared bit for bit.
 */
class LayoutLoopsTest {
  private static final Scalar[] BINARY = {Scalar.ADD, Scalar.SUB, Scalar.MUL, Scalar.TRUE_DIV,
      Scalar.MAXIMUM, Scalar.MINIMUM, Scalar.POW};
  private static final Scalar[] UNARY = {Scalar.NEG, Scalar.SQR, Scalar.ABS, Scalar.RELU,
      Scalar.TANH, Scalar.EXP};
  private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, 0.0, -0.0, 1e-40, -3.5e38, 1.0000001, 88.7, -104};

  /** A fresh contiguous array of {@code shape}: random values with the special ones first. */
  private static NDArray random(DType t, long seed, int... shape) {
    NDArray a = NDArray.zeros(t, shape);
    Random r = new Random(seed);
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = i < SPECIAL.length && seed % 2 == 0 ? SPECIAL[i] : r.nextGaussian() * 3;
    }
    a.writeDoubles(0, v, 0, v.length);
    return a;
  }

  /** The layouts of a {@code rows x cols} operand, each a view of that shape. */
  private static List<NDArray> layouts(DType t, long seed, int rows, int cols) {
    List<NDArray> out = new ArrayList<>();
    out.add(random(t, seed, rows, cols));                                  // contiguous
    out.add(random(t, seed + 1).broadcastTo(rows, cols));                   // scalar broadcast
    out.add(random(t, seed + 2, cols).broadcastTo(rows, cols));             // row broadcast
    out.add(random(t, seed + 3, rows, 1).broadcastTo(rows, cols));          // column broadcast
    out.add(random(t, seed + 4, cols, rows).transpose());                   // transposed
    out.add(random(t, seed + 5, rows, cols).slice(1, null, null, -1)        // negative strides
        .slice(0, null, null, -1));
    out.add(random(t, seed + 6, rows, 2 * cols).slice(1, null, null, 2));   // stride 2
    return out;
  }

  /** The direct float64 loop: multi-index reads, the double lane, one rounding. */
  private static double[] reference(Scalar op, NDArray[] in, NDArray out) {
    int rows = out.shape(0);
    int cols = out.shape(1);
    double[] want = new double[rows * cols];
    Scalar.DoubleLane f = op.doubleLane();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double a = in[0].getDouble(i, j);
        double b = in.length > 1 ? in[1].getDouble(i, j) : 0;
        want[i * cols + j] = out.dtype().round(f.apply(a, b, 0));
      }
    }
    return want;
  }

  private static void check(Scalar op, NDArray[] in, DType t, String what) {
    NDArray out = NDArray.zeros(t, in[0].shape());
    boolean taken = LayoutLoops.run(op, in, out);
    boolean shortRows = out.shape(1) < 16 && !java.util.Arrays.stream(in)
        .allMatch(v -> v.isContiguous() || v.size() == 0 || allStridesZero(v));
    assertThat(taken).as("%s taken for %s", what, java.util.Arrays.toString(out.shape()))
        .isEqualTo(out.size() > 0 && !shortRows);
    if (!taken) {
      return;
    }
    double[] want = reference(op, in, out);
    double[] got = out.toDoubleArray();
    for (int k = 0; k < want.length; k++) {
      assertThat(Double.doubleToLongBits(got[k])).as("%s element %d: %s vs %s", what, k, got[k],
          want[k]).isEqualTo(Double.doubleToLongBits(want[k]));
    }
  }

  private static boolean allStridesZero(NDArray v) {
    for (int d = 0; d < v.ndim(); d++) {
      if (v.stride(d) != 0 && v.shape(d) != 1) {
        return false;
      }
    }
    return true;
  }

  @Test
  void everyLayoutPairMatchesADirectFloat64Loop() {
    int[][] shapes = {{37, 1030}, {5, 40}, {1, 1}, {0, 20}, {20, 0}, {3, 7}};
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (int[] s : shapes) {
        List<NDArray> a = layouts(t, 10, s[0], s[1]);
        List<NDArray> b = layouts(t, 20, s[0], s[1]);
        for (int i = 0; i < a.size(); i++) {
          for (Scalar op : UNARY) {
            check(op, new NDArray[] {a.get(i)}, t, t + " " + op + " layout " + i);
          }
          for (int j = 0; j < b.size(); j++) {
            for (Scalar op : BINARY) {
              check(op, new NDArray[] {a.get(i), b.get(j)}, t,
                  t + " " + op + " layouts " + i + "," + j);
            }
          }
        }
      }
    }
  }

  /**
   * Transposed inputs whose runs are read by tiles of {@link FloatTiles#TILE} rows: whole and
   * partial tiles, rows that cross an outer axis (the runs of rows 8 and 9 of one matrix are not
   * next to those of the next matrix's rows), a reversed outer axis, a float32 input in the
   * double lane (no tile there), and an input read by tiles beside a row-broadcast one; each
   * element against the direct float64 loop over multi-indices.
   */
  @Test
  void transposedInputsReadByTilesMatchADirectFloat64Loop() {
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      List<NDArray[]> cases = new ArrayList<>();
      cases.add(new NDArray[] {random(t, 31, 300, 37).transpose(), random(t, 32, 37, 300)});
      cases.add(new NDArray[] {random(t, 33, 16, 8).transpose(), random(t, 34, 16).broadcastTo(8, 16)});
      cases.add(new NDArray[] {random(t, 35, 1024, 9).transpose(), random(t, 36, 9, 1024).transpose().transpose()});
      cases.add(new NDArray[] {random(t, 37, 3, 50, 10).dimshuffle(0, 2, 1),
          random(t, 38, 3, 10, 50)});
      cases.add(new NDArray[] {random(t, 39, 4, 40, 12).dimshuffle(0, 2, 1).slice(0, null, null, -1),
          random(t, 40, 40).broadcastTo(4, 12, 40)});
      cases.add(new NDArray[] {random(t, 41, 60, 20).transpose(), random(t, 42, 60, 20).transpose()});
      // a broadcast outer axis over 9 transposed rows: a tile of 8, then one row read alone,
      // then the same storage positions again (the tile must not be taken for that row)
      cases.add(new NDArray[] {random(t, 45, 16, 9).transpose().broadcastTo(3, 9, 16),
          random(t, 46, 3, 9, 16)});
      NDArray mixed = random(DType.FLOAT32, 43, 64, 24).transpose();
      for (NDArray[] in : cases) {
        for (Scalar op : new Scalar[] {Scalar.ADD, Scalar.MUL, Scalar.TRUE_DIV}) {
          checkAnyRank(op, in, t, t + " " + op + " " + java.util.Arrays.toString(in[0].shape()));
          checkAnyRank(op, new NDArray[] {in[1], in[0]}, t, t + " " + op + " swapped");
        }
        checkAnyRank(Scalar.TANH, new NDArray[] {in[0]}, t, t + " tanh");
      }
      checkAnyRank(Scalar.MUL, new NDArray[] {mixed, random(DType.FLOAT64, 44, 24, 64)},
          DType.FLOAT64, "float32 transposed * float64");
    }
  }

  /** As {@link #check} for inputs of any rank (the direct loop walks multi-indices). */
  private static void checkAnyRank(Scalar op, NDArray[] in, DType t, String what) {
    int[] shape = in[0].shape();
    NDArray out = NDArray.zeros(t, shape);
    assertThat(LayoutLoops.run(op, in, out)).as("%s taken", what).isTrue();
    Scalar.DoubleLane f = op.doubleLane();
    double[] got = out.toDoubleArray();
    int[] idx = new int[shape.length];
    for (int k = 0; k < got.length; k++) {
      for (int d = shape.length - 1, rest = k; d >= 0; d--) {
        idx[d] = rest % shape[d];
        rest /= shape[d];
      }
      double a = in[0].getDouble(idx);
      double b = in.length > 1 ? in[1].getDouble(idx) : 0;
      double want = out.dtype().round(f.apply(a, b, 0));
      assertThat(Double.doubleToLongBits(got[k])).as("%s element %d: %s vs %s", what, k, got[k],
          want).isEqualTo(Double.doubleToLongBits(want));
    }
  }

  @Test
  void mixedDtypesUseTheDoubleLaneAndRoundOnce() {
    NDArray x = random(DType.FLOAT32, 3, 30, 50);
    NDArray y = random(DType.FLOAT64, 4, 50).broadcastTo(30, 50);
    check(Scalar.MUL, new NDArray[] {x, y}, DType.FLOAT64, "float32 * float64 row");
    NDArray c = NDArray.scalar(DType.INT64, (1L << 40) + 1).broadcastTo(30, 50);
    check(Scalar.ADD, new NDArray[] {x, c}, DType.FLOAT32, "float32 + int64 constant");
  }

  @Test
  void inPlaceOutputThatIsAnInputGivesTheSameResult() {
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      NDArray x = random(t, 8, 40, 300);
      NDArray w = random(t, 9, 300).broadcastTo(40, 300);
      double[] want = reference(Scalar.SUB, new NDArray[] {x, w}, x);
      assertThat(LayoutLoops.run(Scalar.SUB, new NDArray[] {x, w}, x)).isTrue();
      assertThat(x.toDoubleArray()).isEqualTo(want);
    }
  }

  @Test
  void floatLoopsAgreeWithTheDoubleLaneRoundedOnce() {
    int n = SPECIAL.length * SPECIAL.length + 500;
    float[][] in = {new float[n], new float[n]};
    Random r = new Random(5);
    for (int i = 0; i < n; i++) {
      boolean special = i < SPECIAL.length * SPECIAL.length;
      in[0][i] = special ? (float) SPECIAL[i / SPECIAL.length] : (float) (r.nextGaussian() * 1e3);
      in[1][i] = special ? (float) SPECIAL[i % SPECIAL.length] : Float.intBitsToFloat(r.nextInt());
    }
    int checked = 0;
    for (Scalar s : Scalar.values()) {
      if (!LayoutLoops.exactInFloat(s)) {
        continue;
      }
      checked++;
      float[] got = new float[n];
      ScalarLoops.fast(s, java.util.Arrays.copyOf(in, s.arity()), got, n);
      Scalar.DoubleLane f = s.doubleLane();
      for (int i = 0; i < n; i++) {
        float want = (float) f.apply(in[0][i], s.arity() > 1 ? in[1][i] : 0, 0);
        assertThat(Float.floatToRawIntBits(got[i])).as("%s(%s, %s)", s, in[0][i], in[1][i])
            .isEqualTo(Float.floatToRawIntBits(want));
      }
    }
    assertThat(checked).isEqualTo(10);
  }
}
