package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.theano4j.jvm.KernelTests.assertArray;
import static org.theano4j.jvm.KernelTests.compile;
import static org.theano4j.jvm.KernelTests.f32;
import static org.theano4j.jvm.KernelTests.values;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.TheanoException;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.IndexEntry;
import org.theano4j.tensor.Subtensor;
import org.theano4j.tensor.T;

class IndexKernelsTest {
  private static final double[] A = values(20, 7);

  /** A 4x5 float32 array's transpose: the 5x4 non-contiguous view {@code x[i][j] = A[j*5+i]}. */
  private static NDArray transposed() {
    return f32(A, 4, 5).transpose();
  }

  private static double x(int i, int j) {
    return A[j * 5 + i];
  }

  /**
   * Python's {@code range(n)[start:stop:step]}, written out as CPython's slice rules: bounds
   * count from the end when negative and are clipped to the valid range.
   */
  static int[] pySlice(int n, Integer start, Integer stop, Integer step) {
    int st = step == null ? 1 : step;
    int lo;
    int hi;
    if (st > 0) {
      lo = start == null ? 0 : start < 0 ? Math.max(start + n, 0) : Math.min(start, n);
      hi = stop == null ? n : stop < 0 ? Math.max(stop + n, 0) : Math.min(stop, n);
    } else {
      lo = start == null ? n - 1 : start < 0 ? Math.max(start + n, -1) : Math.min(start, n - 1);
      hi = stop == null ? -1 : stop < 0 ? Math.max(stop + n, -1) : Math.min(stop, n - 1);
    }
    List<Integer> out = new ArrayList<>();
    for (int i = lo; st > 0 ? i < hi : i > hi; i += st) {
      out.add(i);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void slicesWithRuntimeBoundsFollowPython() {
    Variable x = T.matrix("x");
    Variable a = T.lscalar("a");
    Variable b = T.lscalar("b");
    Variable c = T.iscalar("c");
    Variable j = T.lscalar("j");
    // x[a:b:c, j] on the 5x4 view.
    var f = compile(List.of(x, a, b, c, j), x.get(T.slice(a, b, c), j));
    int[] bounds = {-9, -5, -2, 0, 1, 3, 5, 8};
    int[] steps = {1, 2, -1, -3, 7};
    for (int lo : bounds) {
      for (int hi : bounds) {
        for (int st : steps) {
          int col = Math.floorMod(lo + hi + st, 4) - 2;  // -2..1, negative counts from the end
          int[] rows = pySlice(5, lo, hi, st);
          double[] expected = new double[rows.length];
          for (int k = 0; k < rows.length; k++) {
            expected[k] = x(rows[k], col < 0 ? col + 4 : col);
          }
          NDArray r = f.call(transposed(), lo, hi, st, col);
          assertThat(r.toDoubleArray()).as("x[%d:%d:%d, %d]", lo, hi, st, col)
              .containsExactly(expected);
        }
      }
    }
  }

  @Test
  void absentBoundsAndNegativeSteps() {
    Variable x = T.matrix("x");
    Variable a = T.lscalar("a");
    List<Object[]> specs = List.of(
        new Object[] {null, null, -1}, new Object[] {null, 2, -2}, new Object[] {3, null, -1},
        new Object[] {-2, null, null}, new Object[] {null, -1, null});
    for (Object[] s : specs) {
      Variable expr = x.get(T.slice(s[0] == null ? null : a, s[1] == null ? null : a,
          s[2]), T.slice(null, null, -2));
      boolean bounded = s[0] != null || s[1] != null;
      var f = compile(bounded ? List.of(x, a) : List.of(x), expr);
      int bound = s[0] != null ? (Integer) s[0] : s[1] != null ? (Integer) s[1] : 0;
      int[] rows = pySlice(5, (Integer) s[0], (Integer) s[1], (Integer) s[2]);
      int[] cols = pySlice(4, null, null, -2);
      double[] expected = new double[rows.length * cols.length];
      for (int r = 0; r < rows.length; r++) {
        for (int k = 0; k < cols.length; k++) {
          expected[r * cols.length + k] = x(rows[r], cols[k]);
        }
      }
      NDArray r = bounded ? f.call(transposed(), bound) : f.call(transposed());
      assertArray(r, new int[] {rows.length, cols.length}, expected);
    }
  }

  @Test
  void tensor3IndexThenReversedSlice() {
    Variable t = T.tensor3("t");
    Variable i = T.lscalar("i");
    double[] data = values(24, 3);
    // t is 2x3x4 contiguous; t[i, ::-1, 1:3] has shape 3x2.
    var f = compile(List.of(t, i), t.get(i, T.slice(null, null, -1), T.slice(1, 3)));
    for (int idx : new int[] {0, 1, -1, -2}) {
      int p = idx < 0 ? idx + 2 : idx;
      double[] expected = new double[6];
      for (int r = 0; r < 3; r++) {
        for (int k = 0; k < 2; k++) {
          expected[r * 2 + k] = data[p * 12 + (2 - r) * 4 + (k + 1)];
        }
      }
      assertArray(f.call(f32(data, 2, 3, 4), idx), new int[] {3, 2}, expected);
    }
  }

  @Test
  void subtensorIsAView() {
    Variable x = T.matrix("x");
    Variable a = T.lscalar("a");
    Apply node = Apply.make(new Subtensor(List.of(new IndexEntry.Slice(true, false, false))),
        List.of(x, a));
    NDArray in = transposed();
    NDArray r = IndexKernels.subtensor(node, new NDArray[] {in, NDArray.scalar(2L)})[0];
    assertThat(r.storage()).isSameAs(in.storage());
    assertThat(r.shape()).containsExactly(3, 4);
    assertThat(r.getDouble(0, 1)).isEqualTo(x(2, 1));
  }

  @Test
  void outOfRangeIndexNamesAxisIndexSizeAndUserLine() {
    Variable x = T.matrix("x");
    Variable i = T.lscalar("i");
    var rowPick = compile(List.of(x, i), x.get(i));
    assertThat(rowPick.call(transposed(), -5).toDoubleArray())
        .containsExactly(x(0, 0), x(0, 1), x(0, 2), x(0, 3));
    assertThatThrownBy(() -> rowPick.call(transposed(), 5))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("index 5 is out of bounds for axis 0 with size 5")
        .hasMessageContaining("IndexKernelsTest.java");
    var colPick = compile(List.of(x, i), x.get(T.slice(1, null), i));
    assertThatThrownBy(() -> colPick.call(transposed(), -5))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("index -5 is out of bounds for axis 1 with size 4")
        .hasMessageContaining("IndexKernelsTest.java");
    Variable st = T.lscalar("st");
    var zeroStep = compile(List.of(x, st), x.get(T.slice(null, null, st)));
    assertThatThrownBy(() -> zeroStep.call(transposed(), 0))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("slice step cannot be zero");
  }

  @Test
  void setSubtensorThroughABasicSliceBroadcastsY() {
    Variable x = T.matrix("x");
    Variable y = T.vector("y");
    var f = compile(List.of(x, y), T.setSubtensor(x.slice(1, 3), y));
    NDArray in = transposed();
    NDArray before = in.copy();
    double[] row = {10, 20, 30, 40};
    NDArray r = f.call(in, f32(row, 4));
    double[] expected = new double[20];
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 4; j++) {
        expected[i * 4 + j] = i >= 1 && i < 3 ? row[j] : x(i, j);
      }
    }
    assertArray(r, new int[] {5, 4}, expected);
    assertThat(in).isEqualTo(before);
  }

  @Test
  void incSubtensorOnANegativeStepRegion() {
    Variable x = T.matrix("x");
    Variable y = T.matrix("y");
    // x[::-2, 1:] += y, with y of shape (1, 3) broadcast over the 3 selected rows.
    var f = compile(List.of(x, y), T.incSubtensor(x.get(T.slice(null, null, -2),
        T.slice(1, null)), y));
    double[] add = {0.5, -1, 2};
    NDArray r = f.call(transposed(), f32(add, 1, 3));
    double[] expected = new double[20];
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 4; j++) {
        boolean hit = i % 2 == 0 && j >= 1;  // rows 4, 2, 0
        expected[i * 4 + j] = x(i, j) + (hit ? add[j - 1] : 0);
      }
    }
    assertArray(r, new int[] {5, 4}, expected);
  }

  @Test
  void setThroughAViewOfAViewWritesBackIntoX() {
    Variable x = T.matrix("x");
    Variable v = T.scalar("v");
    Variable inner = x.slice(1, 4).get(T.ALL, 2);
    var f = compile(List.of(x, v), T.setSubtensor(inner, v));
    NDArray r = f.call(transposed(), 7.5);
    double[] expected = new double[20];
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 4; j++) {
        expected[i * 4 + j] = i >= 1 && i < 4 && j == 2 ? 7.5 : x(i, j);
      }
    }
    assertArray(r, new int[] {5, 4}, expected);
  }

  @Test
  void incSubtensorOfIntegersIsExactAndMismatchedYFails() {
    Variable x = T.lvector("x");
    Variable y = T.lvector("y");
    var f = compile(List.of(x, y), T.incSubtensor(x.get(T.slice(1, null, 2)), y));
    long big = 1L << 60;
    NDArray r = f.call(new long[] {big, big, big, big, big}, new long[] {1, 3});
    assertThat(r.toLongArray()).containsExactly(big, big + 1, big, big + 3, big);
    assertThatThrownBy(() -> f.call(new long[] {1, 2, 3, 4, 5}, new long[] {1, 2, 3}))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("[3]")
        .hasMessageContaining("[2]");
  }

  @Test
  void hugeStepsSelectOneElementLikePython() {
    Variable x = T.matrix("x");
    Variable st = T.lscalar("st");
    var f = compile(List.of(x, st), x.get(T.slice(null, null, st), 0));
    assertThat(f.call(transposed(), 1L << 40).toDoubleArray()).containsExactly(x(0, 0));
    assertThat(f.call(transposed(), -(1L << 40)).toDoubleArray()).containsExactly(x(4, 0));
    assertThat(f.call(transposed(), Long.MIN_VALUE).toDoubleArray()).containsExactly(x(4, 0));
    // A constant step beyond the int range must not be truncated (2^32 is not a zero step).
    var g = compile(List.of(x), x.get(T.slice(null, null, 1L << 32), 1));
    assertArray(g.call(transposed()), new int[] {1}, new double[] {x(0, 1)});
  }
}
