package org.theano4j.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Philox;
import org.theano4j.tensor.T;

/** Default updates, reseeding, shapes and errors of {@link RandomStreams} (JVM backend). */
class RandomStreamsTest {
  @Test
  void elementsAreTheDocumentedFunctionOfTheState() {
    RandomStreams srng = new RandomStreams(42);
    Variable u = srng.uniform(new int[] {2, 3}, 0, 1, DType.FLOAT64);
    Function f = Theano.compile(List.of(), List.of(u));
    double[] got = f.call().get(0).toDoubleArray();
    long key = Philox.streamKey(42, 0);
    for (int j = 0; j < 6; j++) {
      int[] w = Philox.draw(key, 0, j);
      assertThat(got[j]).as("element %d", j).isEqualTo(Philox.unitDouble(w[0], w[1]));
    }
    assertThat(f.call().get(0).toDoubleArray()[0])
        .isEqualTo(Philox.unitDouble(Philox.draw(key, 1, 0)[0], Philox.draw(key, 1, 0)[1]));
  }

  @Test
  void twoCallsDifferAndANewStreamWithTheSameSeedRepeats() {
    double[][] first = twoCalls(7);
    assertThat(first[0]).isNotEqualTo(first[1]);
    double[][] again = twoCalls(7);
    assertThat(again[0]).isEqualTo(first[0]);
    assertThat(again[1]).isEqualTo(first[1]);
    assertThat(twoCalls(8)[0]).isNotEqualTo(first[0]);
  }

  private static double[][] twoCalls(long seed) {
    RandomStreams srng = new RandomStreams(seed);
    Function f = Theano.compile(List.of(), List.of(srng.normal(new int[] {5})));
    return new double[][] {f.call().get(0).toDoubleArray(), f.call().get(0).toDoubleArray()};
  }

  @Test
  void reseedingRepeatsTheSequenceOfEveryStream() {
    RandomStreams srng = new RandomStreams(3);
    Variable a = srng.uniform(new int[] {4});
    Variable b = srng.integers(new int[] {4}, 0, 100);
    Function f = Theano.compile(List.of(), List.of(a, b));
    List<NDArray> one = f.call();
    f.call();
    srng.seed(3);
    List<NDArray> again = f.call();
    assertThat(again.get(0).toDoubleArray()).isEqualTo(one.get(0).toDoubleArray());
    assertThat(again.get(1).toLongArray()).isEqualTo(one.get(1).toLongArray());
    assertThat(one.get(0).toDoubleArray()).isNotEqualTo(one.get(1).toDoubleArray());
  }

  @Test
  void aUserUpdateOfTheStateWins() {
    RandomStreams srng = new RandomStreams(5);
    Variable u = srng.uniform(new int[] {3});
    SharedVariable state = srng.states().get(0);
    // keep the state: every call draws the same numbers
    Function f = Theano.compile(List.of(), List.of(u), Map.of(state, state));
    double[] a = f.call().get(0).toDoubleArray();
    assertThat(f.call().get(0).toDoubleArray()).isEqualTo(a);
    assertThat(state.getValue().toLongArray()[1]).isZero();
    assertThat(f.updateTargets()).containsExactly(state);
  }

  @Test
  void theStateAdvancesOncePerCallAndNotWhenACallFails() {
    RandomStreams srng = new RandomStreams(11);
    Variable x = T.dvector("x");
    Variable y = x.add(srng.uniform(new int[] {3}, 0, 1, DType.FLOAT64));
    Function f = Theano.compile(List.of(x), List.of(y));
    SharedVariable state = srng.states().get(0);
    f.call(new double[] {1, 2, 3});
    f.call(new double[] {1, 2, 3});
    assertThat(state.getValue().toLongArray()[1]).isEqualTo(2);
    assertThatThrownBy(() -> f.call(new double[] {1, 2})).isInstanceOf(TheanoException.class);
    assertThat(state.getValue().toLongArray()[1]).isEqualTo(2);
  }

  @Test
  void symbolicSizesFollowTheShapeOfAnInput() {
    RandomStreams srng = new RandomStreams(1);
    Variable x = T.matrix("x");
    Variable noisy = x.mul(srng.binomial(x.shape(), 1, 0.5));
    Function f = Theano.compile(List.of(x), List.of(noisy, srng.normal(x.shape())));
    List<NDArray> out = f.call(NDArray.ones(DType.FLOAT32, 3, 4));
    assertThat(out.get(0).shape()).containsExactly(3, 4);
    assertThat(out.get(1).shape()).containsExactly(3, 4);
    assertThat(out.get(1).dtype()).isEqualTo(Theano.floatX());
    for (double v : out.get(0).toDoubleArray()) {
      assertThat(v).isIn(0.0, 1.0);
    }
  }

  @Test
  void integersPermutationAndChoiceStayInRange() {
    RandomStreams srng = new RandomStreams(9);
    Variable v = T.constant(NDArray.of(new double[] {10, 20, 30}, 3));
    Function f = Theano.compile(List.of(), List.of(srng.integers(new int[] {1000}, -3, 4),
        srng.permutation(50), srng.choice(new int[] {200}, v), srng.choice(new int[] {5}, 3)));
    List<NDArray> out = f.call();
    for (long i : out.get(0).toLongArray()) {
      assertThat(i).isBetween(-3L, 3L);
    }
    assertThat(out.get(0).toLongArray()).contains(-3L, 3L);
    long[] perm = out.get(1).toLongArray().clone();
    java.util.Arrays.sort(perm);
    for (int i = 0; i < 50; i++) {
      assertThat(perm[i]).isEqualTo(i);
    }
    assertThat(out.get(1).toLongArray()).isNotEqualTo(perm);
    for (double c : out.get(2).toDoubleArray()) {
      assertThat(c).isIn(10.0, 20.0, 30.0);
    }
    assertThat(out.get(3).dtype()).isEqualTo(DType.INT64);
    assertThat(srng.binomial(new int[] {2}, 3, 0.5).dtype()).isEqualTo(DType.INT64);
    assertThat(srng.binomial(new int[] {2}, 1, 0.5).dtype()).isEqualTo(DType.INT64);
  }

  @Test
  void badSizesAndParametersNameTheProblemAndTheLine() {
    RandomStreams srng = new RandomStreams(1);
    assertThatThrownBy(() -> srng.uniform(new int[] {2, -1}))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("uniform: size [2, -1] has the negative dimension -1 at position 1")
        .hasMessageContaining("RandomStreamsTest.java");
    assertThatThrownBy(() -> srng.normal("3")).isInstanceOf(TheanoException.class)
        .hasMessageContaining("size must be an int[] or an integer vector Variable")
        .hasMessageContaining("got String");
    assertThatThrownBy(() -> srng.normal(T.matrix("m"))).isInstanceOf(TheanoException.class)
        .hasMessageContaining("a symbolic size must be an integer vector of known length");
    assertThatThrownBy(() -> srng.uniform(new int[] {2}, 1, 0))
        .hasMessageContaining("uniform: low must not exceed high, got low 1.0, high 0.0")
        .hasMessageContaining("RandomStreamsTest.java");
    assertThatThrownBy(() -> srng.normal(new int[] {2}, 0, -1))
        .hasMessageContaining("normal: std must be non-negative, got -1.0");
    assertThatThrownBy(() -> srng.uniform(new int[] {2}, 0, 1, DType.INT32))
        .hasMessageContaining("uniform draws float32 or float64 values, got dtype int32");
    assertThatThrownBy(() -> srng.binomial(new int[] {2}, 1, 1.5))
        .hasMessageContaining("binomial: p must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> srng.binomial(new int[] {2}, -1, 0.5))
        .hasMessageContaining("binomial: n must be non-negative, got -1");
    assertThatThrownBy(() -> srng.integers(new int[] {2}, 5, 5))
        .hasMessageContaining("integers: high must exceed low, got low 5, high 5");
    assertThatThrownBy(() -> srng.permutation(-2))
        .hasMessageContaining("permutation: n must be non-negative, got -2");
    assertThatThrownBy(() -> srng.choice(new int[] {2}, 0))
        .hasMessageContaining("choice: a must be positive, got 0");
    // a symbolic size checked when called
    Variable n = T.lscalar("n");
    Function f = Theano.compile(List.of(n), List.of(srng.uniform(T.makeVector(DType.INT64, n))));
    assertThatThrownBy(() -> f.call(-4L)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("size dimension 0 is -4; dimensions must be non-negative")
        .hasMessageContaining("RandomStreamsTest.java");
  }
}
