package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * Issue 16, bug 13 and the NumPy differential test's findings: dtype rules. The expected values are NumPy 2.x's (printed by
 * {@code python3 -c 'import numpy as np; ...'} as quoted per test), or Theano's where
 * docs/semantics.md lists an intended difference.
 */
class DTypeRulesTest {
  private static final boolean[] A = {true, true, false, false};
  private static final boolean[] B = {true, false, true, false};

  private static NDArray run(Variable out, Variable... ins) {
    NDArray r = null;
    for (Mode m : Mode.values()) {
      Function f = Theano.function(List.of(ins), List.of(out)).mode(m).build();
      Object[] args = new Object[ins.length];
      for (int i = 0; i < ins.length; i++) {
        args[i] = NDArray.of(i == 0 ? A : B, 4);
      }
      NDArray got = f.call(args).get(0);
      if (r != null) {
        assertThat(got).as("mode " + m).isEqualTo(r);
      }
      r = got;
    }
    return r;
  }

  private static Variable boolVector(String name) {
    return T.tensor(DType.BOOL, 1, name);
  }

  private static long[] longs(NDArray a) {
    return a.toLongArray();
  }

  @Test
  void arithmeticOfBoolsStaysBool() {
    Variable a = boolVector("a");
    Variable b = boolVector("b");
    // np.add(A, B) -> [True, True, True, False] (logical or), dtype bool; np.multiply -> and.
    NDArray add = run(T.add(a, b), a, b);
    assertThat(add.dtype()).isEqualTo(DType.BOOL);
    assertThat(longs(add)).containsExactly(1, 1, 1, 0);
    NDArray mul = run(T.mul(a, b), a, b);
    assertThat(mul.dtype()).isEqualTo(DType.BOOL);
    assertThat(longs(mul)).containsExactly(1, 0, 0, 0);
    assertThat(longs(run(T.maximum(a, b), a, b))).containsExactly(1, 1, 1, 0);
    assertThat(longs(run(T.minimum(a, b), a, b))).containsExactly(1, 0, 0, 0);
    for (Variable v : List.of(T.maximum(a, b), T.minimum(a, b), T.abs(a), T.clip(a, b, a),
        T.floor(a), T.ceil(a), T.outer(a, b))) {
      assertThat(v.dtype()).as(v.toString()).isEqualTo(DType.BOOL);
    }
    // np.outer(A, B)[0] -> [True, False, True, False]
    NDArray outer = run(T.outer(a, b), a, b);
    assertThat(outer.shape()).containsExactly(4, 4);
    assertThat(longs(outer)).startsWith(1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0);
  }

  @Test
  void boolIntegerFunctionsAndRound() {
    Variable a = boolVector("a");
    Variable b = boolVector("b");
    // np.square(A) and np.power(A, B) are int8; np.round(A) is float16 in NumPy, float32 here.
    assertThat(T.sqr(a).dtype()).isEqualTo(DType.INT8);
    assertThat(T.pow(a, b).dtype()).isEqualTo(DType.INT8);
    NDArray r = run(T.round(a), a);
    assertThat(r.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(r.toDoubleArray()).containsExactly(1, 1, 0, 0);
    // np.floor(np.int8([3])) is int8 in NumPy 2.x; integers are already integral.
    assertThat(T.floor(boolVector("i").astype(DType.INT8)).dtype()).isEqualTo(DType.INT8);
  }

  @Test
  void subtractNegateAndSignOfBoolsAreRefusedLikeNumpy() {
    Variable a = boolVector("a");
    Variable b = boolVector("b");
    assertThatThrownBy(() -> T.sub(a, b)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("sub of bool tensors is not supported")
        .hasMessageContaining("T.xor").hasMessageContaining("'a'");
    assertThatThrownBy(() -> T.neg(a)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("neg of bool tensors is not supported")
        .hasMessageContaining("T.not");
    assertThatThrownBy(() -> T.sign(a)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("sign of bool tensors is not supported");
    // Mixed with an integer, bool promotes as in NumPy: True - int8(1) == 0.
    assertThat(T.sub(a, boolVector("c").astype(DType.INT8)).dtype()).isEqualTo(DType.INT8);
  }

  @Test
  void outerFlattensOtherRanksLikeTheano() {
    Variable m = T.matrix("m");
    Variable v = T.vector("v");
    Variable o = T.outer(m, v);
    Function f = Theano.function(List.of(m, v), List.of(o)).build();
    NDArray mv = NDArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    NDArray vv = NDArray.of(new float[] {1, -1}, 2);
    NDArray r = f.call(mv, vv).get(0);
    // np.outer([[1,2,3],[4,5,6]], [1,-1]) is the 6x2 [[1,-1],[2,-2],...,[6,-6]].
    assertThat(r.shape()).containsExactly(6, 2);
    assertThat(r.toFloatArray()).containsExactly(1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6);
  }

  @Test
  void setSubtensorOfTheWholeTensor() {
    Variable x = T.vector("x");
    Variable y = T.vector("y");
    Variable set = T.setSubtensor(x.get(T.slice(null, null)), y);
    Variable inc = T.incSubtensor(x.get(T.slice(null, null)), y);
    Function f = Theano.function(List.of(x, y), List.of(set, inc)).build();
    List<NDArray> r = f.call(new float[] {1, 2}, new float[] {10, 20});
    // x = np.array([1., 2.]); x[:] = [10, 20] -> [10, 20]; x[:] += [10, 20] -> [11, 22]
    assertThat(r.get(0).toFloatArray()).containsExactly(10, 20);
    assertThat(r.get(1).toFloatArray()).containsExactly(11, 22);
  }

  @Test
  void doubleLiteralWithAnIntegerTensorIsExactInTheResultDtype() {
    Variable i = T.lvector("i");
    Variable y = T.add(i, 0.1);
    Function f = Theano.function(List.of(i), List.of(y)).build();
    NDArray r = f.call(new long[] {2}).get(0);
    // np.add(np.int64([2]), 0.1) -> float64 2.1 (0.1 not first rounded to float32).
    assertThat(r.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(r.toDoubleArray()).containsExactly(2 + 0.1);
    // With a small integer tensor the result stays floatX (Theano's autocast).
    assertThat(T.add(T.bvector("b"), 0.1).dtype()).isEqualTo(DType.FLOAT32);
  }

  @Test
  void productsWithBoolOperandsPromoteLikeNumpy() {
    Variable a = boolVector("a");
    Variable b = boolVector("b");
    Variable v = T.vector("v");
    // np.dot([True, True, False, False], [1., 2., 3., 4.]) -> float32 3.0;
    // np.dot(A, B) of bools -> True (some pair is true).
    Variable mixed = T.dot(a, v);
    Variable both = T.dot(a, b);
    Variable none = T.dot(a, T.not(a));
    Function f = Theano.function(List.of(a, b, v), List.of(mixed, both, none)).build();
    List<NDArray> r = f.call(NDArray.of(A, 4), NDArray.of(B, 4),
        NDArray.of(new float[] {1, 2, 3, 4}, 4));
    assertThat(r.get(0).dtype()).isEqualTo(DType.FLOAT32);
    assertThat(r.get(0).toDoubleArray()).containsExactly(3);
    assertThat(r.get(1).dtype()).isEqualTo(DType.BOOL);
    assertThat(r.get(1).toLongArray()).containsExactly(1);
    assertThat(r.get(2).toLongArray()).containsExactly(0);
  }

  @Test
  void maxOverAnEmptyAxisIsRefusedEvenWhenTheResultIsEmpty() {
    Variable x = T.tensor(DType.FLOAT64, 2, "x");
    Function f = Theano.function(List.of(x), List.of(T.max(x, 0))).build();
    // np.max(np.zeros((0, 0)), axis=0) raises ValueError (zero-size array to reduction).
    assertThatThrownBy(() -> f.call(NDArray.zeros(DType.FLOAT64, 0, 0)))
        .isInstanceOf(TheanoException.class).hasMessageContaining("MAX of an empty selection");
  }
}
