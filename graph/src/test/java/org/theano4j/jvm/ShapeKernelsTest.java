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
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Reshape;
import org.theano4j.tensor.T;

class ShapeKernelsTest {
  /** A 3x4 float32 array's transpose: a 4x3 non-contiguous view; {@code t[i][j] = a[j][i]}. */
  private static final double[] A = values(12, 1);

  private static NDArray transposed() {
    return f32(A, 3, 4).transpose();
  }

  /** Row-major elements of the 4x3 transposed view, written out by hand. */
  private static double[] transposedRowMajor() {
    double[] out = new double[12];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 3; j++) {
        out[i * 3 + j] = A[j * 4 + i];
      }
    }
    return out;
  }

  @Test
  void shapeAndShapeIOfAView() {
    Variable x = T.tensor3("x");
    NDArray arg = NDArray.zeros(DType.FLOAT32, 2, 3, 5).transpose();
    NDArray shape = compile(List.of(x), x.shape()).call(arg);
    assertThat(shape.dtype()).isEqualTo(DType.INT64);
    assertThat(shape.toLongArray()).containsExactly(5, 3, 2);
    NDArray s1 = compile(List.of(x), x.shape(1)).call(arg);
    assertThat(s1.ndim()).isZero();
    assertThat(s1.getLong()).isEqualTo(3);
  }

  @Test
  void reshapeOfNonContiguousInputWithInferredDimension() {
    Variable x = T.matrix("x");
    Variable rows = T.lscalar("rows");
    NDArray r = compile(List.of(x, rows), x.reshape(rows, -1)).call(transposed(), 6);
    assertArray(r, new int[] {6, 2}, transposedRowMajor());
    NDArray flat = compile(List.of(x), x.flatten()).call(transposed());
    assertArray(flat, new int[] {12}, transposedRowMajor());
  }

  @Test
  void reshapeIsAViewOfContiguousInputAndACopyOtherwise() {
    Variable x = T.matrix("x");
    Variable s = T.tensor(DType.INT64, new int[] {2}, "s");
    Apply node = Apply.make(new Reshape(2), List.of(x, s));
    NDArray shape = NDArray.of(new long[] {2, 6}, 2);
    NDArray contiguous = f32(A, 3, 4);
    NDArray view = ShapeKernels.reshape(node, new NDArray[] {contiguous, shape})[0];
    assertThat(view.storage()).isSameAs(contiguous.storage());
    NDArray copy = ShapeKernels.reshape(node, new NDArray[] {transposed(), shape})[0];
    assertThat(copy.storage()).isNotSameAs(contiguous.storage());
    assertArray(copy, new int[] {2, 6}, transposedRowMajor());
  }

  @Test
  void reshapeWithWrongElementCountNamesBothShapes() {
    Variable x = T.matrix("x");
    Variable rows = T.lscalar("rows");
    var f = compile(List.of(x, rows), x.reshape(rows, 5));
    assertThatThrownBy(() -> f.call(f32(A, 3, 4), 2))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("[3, 4]")
        .hasMessageContaining("[2, 5]")
        .hasMessageContaining("ShapeKernelsTest.java");
  }

  @Test
  void dimshuffleInsertsAndSwapsAxes() {
    Variable x = T.matrix("x");
    NDArray r = compile(List.of(x), x.dimshuffle(1, "x", 0)).call(transposed());
    // x is 4x3 (x[i][j] = A[j][i]); the result is 3x1x4 with r[j][0][i] = x[i][j].
    double[] expected = new double[12];
    for (int j = 0; j < 3; j++) {
      for (int i = 0; i < 4; i++) {
        expected[j * 4 + i] = A[j * 4 + i];
      }
    }
    assertArray(r, new int[] {3, 1, 4}, expected);
  }

  @Test
  void joinPromotesDtypesAndAcceptsViews() {
    Variable a = T.imatrix("a");
    Variable b = T.fmatrix("b");
    Variable j = T.concatenate(List.of(a, b), 1);
    assertThat(j.dtype()).isEqualTo(DType.FLOAT64);
    NDArray ai = NDArray.of(new int[] {1, 2, 3, 4, 5, 6}, 3, 2);
    NDArray bv = f32(A, 4, 3).transpose();  // 3x4, bv[i][k] = A[k*3 + i]
    NDArray r = compile(List.of(a, b), j).call(ai, bv);
    double[] expected = new double[18];
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 6; k++) {
        expected[i * 6 + k] = k < 2 ? 2 * i + k + 1 : A[(k - 2) * 3 + i];
      }
    }
    assertThat(r.dtype()).isEqualTo(DType.FLOAT64);
    assertArray(r, new int[] {3, 6}, expected);
    Variable rows = T.concatenate(List.of(a, a), 0);
    assertArray(compile(List.of(a), rows).call(ai), new int[] {6, 2},
        new double[] {1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6});
  }

  @Test
  void joinWithShapesDifferingOffTheAxisFails() {
    Variable a = T.matrix("a");
    Variable b = T.matrix("b");
    var f = compile(List.of(a, b), T.concatenate(List.of(a, b), 0));
    assertThatThrownBy(() -> f.call(f32(A, 3, 4), f32(A, 4, 3)))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("[4, 3]")
        .hasMessageContaining("[3, 4]")
        .hasMessageContaining("off the join axis");
  }

  @Test
  void integerArangeFollowsNumpyLength() {
    Variable start = T.lscalar("start");
    Variable stop = T.lscalar("stop");
    Variable step = T.iscalar("step");
    var f = compile(List.of(start, stop, step), T.arange(start, stop, step));
    long[][] cases = {{2, 11, 3}, {10, -3, -4}, {5, 5, 1}, {0, -3, 1}, {-7, -2, 2}, {3, 0, -1}};
    for (long[] c : cases) {
      // Reference: count by stepping, as a Python loop would.
      java.util.List<Long> expected = new java.util.ArrayList<>();
      for (long v = c[0]; c[2] > 0 ? v < c[1] : v > c[1]; v += c[2]) {
        expected.add(v);
      }
      NDArray r = f.call(c[0], c[1], (int) c[2]);
      assertThat(r.dtype()).isEqualTo(DType.INT64);
      assertThat(r.toLongArray()).as("arange%s", java.util.Arrays.toString(c))
          .containsExactly(expected.stream().mapToLong(Long::longValue).toArray());
    }
  }

  @Test
  void floatArangeAndStepZero() {
    Variable start = T.lscalar("start");
    Variable stop = T.dscalar("stop");
    Variable step = T.dscalar("step");
    var f = compile(List.of(start, stop, step), T.arange(start, stop, step));
    NDArray r = f.call(1, 2.75, 0.5);
    assertThat(r.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(r.toDoubleArray()).containsExactly(1, 1.5, 2, 2.5);
    assertThat(f.call(1, -1.0, -0.75).toDoubleArray()).containsExactly(1, 0.25, -0.5);
    assertThatThrownBy(() -> f.call(1, 2.0, 0.0))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("step cannot be zero");
    Variable istep = T.lscalar("istep");
    var g = compile(List.of(start, istep), T.arange(start, 10, istep));
    assertThatThrownBy(() -> g.call(1, 0))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("step cannot be zero");
  }

  @Test
  void allocBroadcastsTheValue() {
    Variable v = T.vector("v");
    Variable n = T.lscalar("n");
    Variable m = T.lscalar("m");
    var f = compile(List.of(v, n, m), T.alloc(v, n, m));
    double[] row = {1.5, -2, 3.25};
    NDArray r = f.call(f32(row, 3), 2, 3);
    assertArray(r, new int[] {2, 3}, new double[] {1.5, -2, 3.25, 1.5, -2, 3.25});
    assertArray(f.call(f32(new double[] {7}, 1), 2, 2), new int[] {2, 2},
        new double[] {7, 7, 7, 7});
    assertArray(f.call(f32(row, 3), 0, 3), new int[] {0, 3}, new double[0]);
    assertThatThrownBy(() -> f.call(f32(row, 3), -1, 3))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("dimension 0 is -1");
    assertThatThrownBy(() -> f.call(f32(row, 3), 2, 4))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("[3]")
        .hasMessageContaining("[2, 4]");
  }

  @Test
  void allocOfAScalarIsExactForInt64() {
    Variable v = T.lscalar("v");
    Variable n = T.lscalar("n");
    long big = (1L << 60) + 1;
    NDArray r = compile(List.of(v, n), T.alloc(v, n)).call(big, 3);
    assertThat(r.toLongArray()).containsExactly(big, big, big);
  }

  @Test
  void makeVectorConvertsScalars() {
    Variable a = T.lscalar("a");
    Variable b = T.iscalar("b");
    NDArray r = compile(List.of(a, b), T.makeVector(DType.INT64, a, b, 4)).call(-3L, 9);
    assertThat(r.dtype()).isEqualTo(DType.INT64);
    assertThat(r.toLongArray()).containsExactly(-3, 9, 4);
    Variable x = T.dscalar("x");
    NDArray d = compile(List.of(x, b), T.makeVector(DType.FLOAT64, x, b)).call(0.5, 2);
    assertThat(d.toDoubleArray()).containsExactly(0.5, 2);
  }

  @Test
  void everyShapeAndIndexOpHasAKernel() {
    List<Class<? extends org.theano4j.graph.Op>> ops = List.of(org.theano4j.tensor.Shape.class,
        org.theano4j.tensor.ShapeI.class, Reshape.class, org.theano4j.tensor.DimShuffle.class,
        org.theano4j.tensor.Join.class, org.theano4j.tensor.ARange.class,
        org.theano4j.tensor.Alloc.class, org.theano4j.tensor.MakeVector.class,
        org.theano4j.tensor.Subtensor.class, org.theano4j.tensor.IncSubtensor.class,
        org.theano4j.tensor.AdvancedSubtensor.class,
        org.theano4j.tensor.AdvancedIncSubtensor.class);
    for (Class<? extends org.theano4j.graph.Op> op : ops) {
      assertThat(Kernels.supports(op)).as(op.getSimpleName()).isTrue();
    }
  }
}
