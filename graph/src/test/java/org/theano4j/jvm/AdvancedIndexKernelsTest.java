package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.theano4j.jvm.KernelTests.assertArray;
import static org.theano4j.jvm.KernelTests.compile;
import static org.theano4j.jvm.KernelTests.f32;
import static org.theano4j.jvm.KernelTests.values;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.TheanoException;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

class AdvancedIndexKernelsTest {
  private static final double[] A = values(20, 11);
  private static final double[] C = values(60, 12);

  /** The 5x4 non-contiguous view {@code x[i][j] = A[j*5+i]} (a transposed 4x5 array). */
  private static NDArray transposed() {
    return f32(A, 4, 5).transpose();
  }

  private static double x(int i, int j) {
    return A[j * 5 + i];
  }

  /** Element {@code [i][j][k]} of the contiguous 3x4x5 cube built from {@code C}. */
  private static double c(int i, int j, int k) {
    return C[(i * 4 + j) * 5 + k];
  }

  private static NDArray cube() {
    return f32(C, 3, 4, 5);
  }

  private static int wrap(long i, int n) {
    return (int) (i < 0 ? i + n : i);
  }

  @Test
  void tutorialPickOnePerRow() {
    Variable logp = T.matrix("logp");
    Variable y = T.ivector("y");
    var f = compile(List.of(logp, y), logp.get(T.arange(y.shape(0)), y));
    int[] labels = {3, 0, -1, 2, 1};
    NDArray r = f.call(transposed(), labels);
    double[] expected = new double[5];
    for (int i = 0; i < 5; i++) {
      expected[i] = x(i, wrap(labels[i], 4));
    }
    assertArray(r, new int[] {5}, expected);
  }

  @Test
  void adjacentIndexArraysReplaceTheirAxesInPlaceAndBroadcast() {
    Variable t = T.tensor3("t");
    Variable i = T.lmatrix("i");
    Variable j = T.lvector("j");
    // t[:, i, j] with i of shape (2, 1) and j of shape (3,): the result is (3, 2, 3).
    var f = compile(List.of(t, i, j), t.get(T.ALL, i, j));
    long[] iv = {1, -1};
    long[] jv = {0, 4, -2};
    NDArray r = f.call(cube(), NDArray.of(iv, 2, 1), NDArray.of(jv, 3));
    double[] expected = new double[18];
    for (int a = 0; a < 3; a++) {
      for (int p = 0; p < 2; p++) {
        for (int q = 0; q < 3; q++) {
          expected[(a * 2 + p) * 3 + q] = c(a, wrap(iv[p], 4), wrap(jv[q], 5));
        }
      }
    }
    assertArray(r, new int[] {3, 2, 3}, expected);
  }

  @Test
  void separatedIndexArraysGoFirst() {
    Variable t = T.tensor3("t");
    Variable i = T.lvector("i");
    Variable k = T.lvector("k");
    var f = compile(List.of(t, i, k), t.get(i, T.ALL, k));
    long[] iv = {2, 0, -3, 1};
    long[] kv = {4, 4, 0, -1};
    NDArray r = f.call(cube(), iv, kv);
    double[] expected = new double[16];
    for (int p = 0; p < 4; p++) {
      for (int j = 0; j < 4; j++) {
        expected[p * 4 + j] = c(wrap(iv[p], 3), j, wrap(kv[p], 5));
      }
    }
    assertArray(r, new int[] {4, 4}, expected);
  }

  @Test
  void separatedIndexArraysAfterAWholeAxisStillGoFirst() {
    Variable q = T.tensor4("q");
    Variable i = T.lvector("i");
    Variable j = T.lvector("j");
    double[] data = values(120, 13);
    // q is 2x3x4x5; q[:, i, :, j] has shape (len(i), 2, 4) in NumPy.
    var f = compile(List.of(q, i, j), q.get(T.ALL, i, T.ALL, j));
    long[] iv = {2, -3, 1};
    long[] jv = {0, 4, -1};
    double[] expected = new double[24];
    for (int p = 0; p < 3; p++) {
      for (int a = 0; a < 2; a++) {
        for (int c = 0; c < 4; c++) {
          int b = wrap(iv[p], 3);
          int d = wrap(jv[p], 5);
          expected[(p * 2 + a) * 4 + c] = data[((a * 3 + b) * 4 + c) * 5 + d];
        }
      }
    }
    assertArray(f.call(f32(data, 2, 3, 4, 5), iv, jv), new int[] {3, 2, 4}, expected);
  }

  @Test
  void scalarIndexWithAnArrayIsA0dIndexArray() {
    Variable t = T.tensor3("t");
    Variable s = T.lscalar("s");
    Variable k = T.ivector("k");
    // NumPy: t[s, :, k] puts k's axis first (s and k are separated by a slice).
    var f = compile(List.of(t, s, k), t.get(s, T.ALL, k));
    int[] kv = {3, -5};
    NDArray r = f.call(cube(), -1, kv);
    double[] expected = new double[8];
    for (int p = 0; p < 2; p++) {
      for (int j = 0; j < 4; j++) {
        expected[p * 4 + j] = c(2, j, wrap(kv[p], 5));
      }
    }
    assertArray(r, new int[] {2, 4}, expected);
    // t[:, s, k]: adjacent, so the (2,) axis stays in place of axes 1 and 2.
    var g = compile(List.of(t, s, k), t.get(T.ALL, s, k));
    double[] e2 = new double[6];
    for (int a = 0; a < 3; a++) {
      for (int p = 0; p < 2; p++) {
        e2[a * 2 + p] = c(a, 1, wrap(kv[p], 5));
      }
    }
    assertArray(g.call(cube(), 1, kv), new int[] {3, 2}, e2);
  }

  @Test
  void mixedBasicSliceAndIndexVector() {
    Variable m = T.matrix("m");
    Variable idx = T.lvector("idx");
    var f = compile(List.of(m, idx), m.get(T.slice(1, null), idx));
    long[] cols = {3, -4, 3};
    NDArray r = f.call(transposed(), cols);
    double[] expected = new double[12];
    for (int i = 1; i < 5; i++) {
      for (int p = 0; p < 3; p++) {
        expected[(i - 1) * 3 + p] = x(i, wrap(cols[p], 4));
      }
    }
    assertArray(r, new int[] {4, 3}, expected);
  }

  @Test
  void rowGatherOfAVectorAndOfEmptyIndices() {
    Variable m = T.matrix("m");
    Variable idx = T.lvector("idx");
    var f = compile(List.of(m, idx), m.get(idx));
    NDArray r = f.call(transposed(), new long[] {4, 0});
    double[] expected = new double[8];
    for (int j = 0; j < 4; j++) {
      expected[j] = x(4, j);
      expected[4 + j] = x(0, j);
    }
    assertArray(r, new int[] {2, 4}, expected);
    assertArray(f.call(transposed(), new long[0]), new int[] {0, 4}, new double[0]);
  }

  @Test
  void outOfBoundsIndexNamesAxisIndexSizeAndUserLine() {
    Variable m = T.matrix("m");
    Variable i = T.lvector("i");
    Variable j = T.lvector("j");
    var f = compile(List.of(m, i, j), m.get(i, j));
    assertThatThrownBy(() -> f.call(transposed(), new long[] {0, 1}, new long[] {1, 4}))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("index 4 is out of bounds for axis 1 with size 4")
        .hasMessageContaining("AdvancedIndexKernelsTest.java");
    assertThatThrownBy(() -> f.call(transposed(), new long[] {-6, 1}, new long[] {1, 2}))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("index -6 is out of bounds for axis 0 with size 5");
    assertThatThrownBy(() -> f.call(transposed(), new long[] {0, 1}, new long[] {1, 2, 3}))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("[2]")
        .hasMessageContaining("[3]")
        .hasMessageContaining("cannot be broadcast");
  }

  @Test
  void incAccumulatesDuplicatesLikeAddAt() {
    Variable m = T.matrix("m");
    Variable i = T.lvector("i");
    Variable j = T.lvector("j");
    Variable g = T.vector("g");
    var f = compile(List.of(m, i, j, g), T.incSubtensor(m.get(i, j), g));
    long[] iv = {0, 4, 0, -5, 2};
    long[] jv = {1, 3, 1, 1, 0};
    double[] gv = {0.5, 2, 1.25, -3, 4};
    NDArray in = transposed();
    NDArray before = in.copy();
    NDArray r = f.call(in, iv, jv, f32(gv, 5));
    double[] expected = new double[20];
    for (int a = 0; a < 5; a++) {
      for (int b = 0; b < 4; b++) {
        expected[a * 4 + b] = x(a, b);
      }
    }
    for (int p = 0; p < 5; p++) {
      expected[wrap(iv[p], 5) * 4 + wrap(jv[p], 4)] += gv[p];
    }
    assertArray(r, new int[] {5, 4}, expected);
    assertThat(in).isEqualTo(before);
  }

  @Test
  void tutorialGradientScatterOnZeros() {
    int n = 2000;
    int k = 10;
    Variable z = T.matrix("z");
    Variable y = T.ivector("y");
    Variable g = T.vector("g");
    var f = compile(List.of(z, y, g), T.incSubtensor(z.get(T.arange(z.shape(0)), y), g));
    int[] labels = new int[n];
    double[] gv = values(n, 5);
    for (int i = 0; i < n; i++) {
      labels[i] = (i * 7) % k;
    }
    NDArray r = f.call(NDArray.zeros(DType.FLOAT32, n, k), labels, f32(gv, n));
    double[] expected = new double[n * k];
    for (int i = 0; i < n; i++) {
      expected[i * k + labels[i]] = gv[i];
    }
    assertArray(r, new int[] {n, k}, expected);
  }

  @Test
  void setWithDuplicatesLastWriteWinsAndYBroadcasts() {
    Variable m = T.matrix("m");
    Variable i = T.lvector("i");
    Variable row = T.vector("row");
    var f = compile(List.of(m, i, row), T.setSubtensor(m.get(i), row));
    long[] iv = {1, 3, 1};
    double[] rv = {9, 8, 7, 6};
    // row (4,) broadcasts to the selection (3, 4); row 1 is written twice with equal values.
    NDArray r = f.call(transposed(), iv, f32(rv, 4));
    double[] expected = new double[20];
    for (int a = 0; a < 5; a++) {
      for (int b = 0; b < 4; b++) {
        expected[a * 4 + b] = a == 1 || a == 3 ? rv[b] : x(a, b);
      }
    }
    assertArray(r, new int[] {5, 4}, expected);
    Variable v = T.vector("v");
    var last = compile(List.of(v, i, row), T.setSubtensor(v.get(i), row.get(T.slice(0, 3))));
    NDArray lr = last.call(f32(new double[] {0, 0, 0, 0}, 4), iv, f32(rv, 4));
    // v[1] = 9 then v[3] = 8 then v[1] = 7: the last write wins.
    assertThat(lr.toDoubleArray()).containsExactly(0, 7, 0, 8);
  }

  @Test
  void incThroughBasicSliceWritesBackAndIntegersStayExact() {
    Variable m = T.lmatrix("m");
    Variable idx = T.lvector("idx");
    Variable s = T.lscalar("s");
    var f = compile(List.of(m, idx, s), T.incSubtensor(m.get(T.slice(1, null), idx), s));
    long big = 1L << 55;
    long[] data = new long[12];
    for (int q = 0; q < 12; q++) {
      data[q] = big + q;
    }
    long[] cols = {2, -1, 2};
    NDArray r = f.call(NDArray.of(data, 3, 4), cols, 5L);
    long[] expected = data.clone();
    for (int row = 1; row < 3; row++) {
      for (long col : cols) {
        expected[row * 4 + wrap(col, 4)] += 5;
      }
    }
    assertThat(r.toLongArray()).containsExactly(expected);
  }

  @Test
  void yThatDoesNotBroadcastToTheSelectionFails() {
    Variable m = T.matrix("m");
    Variable i = T.lvector("i");
    Variable y = T.vector("y");
    var f = compile(List.of(m, i, y), T.incSubtensor(m.get(i), y));
    assertThatThrownBy(() -> f.call(transposed(), new long[] {0, 1}, f32(new double[3], 3)))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("[3]")
        .hasMessageContaining("[2, 4]")
        .hasMessageContaining("AdvancedIndexKernelsTest.java");
  }
}
