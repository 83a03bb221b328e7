package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * The JVM backend runs only the branch an {@code ifelse} takes, in every mode: a branch that
 * would fail (an index out of bounds), give NaN (caught by DEBUG) or cost work (a user op that
 * counts its kernel calls) is not run when it is not taken.
 */
class IfElseLazyTest {
  /** A user op: the identity on a float tensor, whose JVM kernel counts its calls. */
  record Counted() implements Op {
    static final AtomicInteger CALLS = new AtomicInteger();

    static {
      Theano.registerJvmKernel(Counted.class, (node, in) -> {
        CALLS.incrementAndGet();
        return new NDArray[] {in[0].copy()};
      });
    }

    static Variable of(Variable x) {
      return Apply.make(new Counted(), List.of(x)).output(0);
    }

    @Override
    public List<TensorType> outputTypes(List<Variable> inputs) {
      return List.of(inputs.get(0).type());
    }
  }

  private static final NDArray X = NDArray.of(new double[] {1, 2, 3}, 3);

  private static Function compile(Mode mode, List<Variable> in, Variable out) {
    return Theano.function(in, List.of(out)).mode(mode).build();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aBranchThatWouldFailIsNotRunWhenNotTaken(Mode mode) {
    Variable c = T.lscalar("c");
    Variable x = T.dvector("x");
    Variable i = T.lscalar("i");
    // x[i] + 1 fails for i = 7 (3 elements); the else branch is the sum
    Function f = compile(mode, List.of(c, x, i), T.ifelse(c, x.get(i).add(1), x.sum()));
    assertThat(f.call(0L, X, 7L).get(0).getDouble()).isEqualTo(6.0);
    assertThat(f.call(1L, X, 1L).get(0).getDouble()).isEqualTo(3.0);
    // taken, the same branch fails: the skipped call above really skipped it
    assertThatThrownBy(() -> f.call(1L, X, 7L)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("index 7 is out of bounds for axis 0 with size 3");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void onlyTheTakenBranchIsComputed(Mode mode) {
    Variable c = T.dscalar("c");
    Variable x = T.dvector("x");
    Variable then = Counted.of(T.exp(x)).mul(2).sum();
    Variable otherwise = Counted.of(Counted.of(x.add(1))).sum();
    Function f = compile(mode, List.of(c, x), T.ifelse(c, then, otherwise));
    int before = Counted.CALLS.get();
    assertThat(f.call(0.0, X).get(0).getDouble()).isEqualTo(9.0);
    assertThat(Counted.CALLS.get() - before).isEqualTo(2);
    assertThat(f.call(0.5, X).get(0).getDouble())
        .isCloseTo(2 * (Math.exp(1) + Math.exp(2) + Math.exp(3)), org.assertj.core.data.Offset
            .offset(1e-12));
    assertThat(Counted.CALLS.get() - before).isEqualTo(3);
    // NaN is true, as in Python
    f.call(Double.NaN, X);
    assertThat(Counted.CALLS.get() - before).isEqualTo(4);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aBranchGivingNanIsNotRunWhenNotTaken(Mode mode) {
    Variable c = T.bscalar("c");
    Variable x = T.dvector("x");
    // log of a negative number is NaN, which DEBUG mode reports
    Function f = compile(mode, List.of(c, x), T.ifelse(c.gt(0), T.log(x.neg()), x.mul(3)));
    assertThat(f.call((byte) 0, X).get(0).toDoubleArray()).containsExactly(3, 6, 9);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aValueUsedByBothBranchesRunsOnce(Mode mode) {
    Variable c = T.lscalar("c");
    Variable x = T.dvector("x");
    Variable shared = Counted.of(x);
    Function f = compile(mode, List.of(c, x), T.ifelse(c, shared.mul(2), shared.add(1)).sum());
    int before = Counted.CALLS.get();
    assertThat(f.call(0L, X).get(0).getDouble()).isEqualTo(9.0);
    assertThat(f.call(1L, X).get(0).getDouble()).isEqualTo(12.0);
    assertThat(Counted.CALLS.get() - before).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void nestedConditionsSkipInnerBranchesWithTheOuter(Mode mode) {
    Variable a = T.lscalar("a");
    Variable x = T.dvector("x");
    Variable i = T.lscalar("i");
    // the inner condition is itself computed inside the outer then-branch
    Variable innerCond = Counted.of(x).sum().gt(100);
    Variable inner = T.ifelse(innerCond, x.get(i), Counted.of(x.add(5)).max());
    Function f = compile(mode, List.of(a, x, i), T.ifelse(a, inner, x.min()));
    int before = Counted.CALLS.get();
    assertThat(f.call(0L, X, 9L).get(0).getDouble()).isEqualTo(1.0);
    assertThat(Counted.CALLS.get() - before).isZero();
    assertThat(f.call(1L, X, 9L).get(0).getDouble()).isEqualTo(8.0);
    assertThat(Counted.CALLS.get() - before).isEqualTo(2);
    NDArray big = NDArray.of(new double[] {100, 200, 300}, 3);
    assertThat(f.call(1L, big, 1L).get(0).getDouble()).isEqualTo(200.0);
    assertThat(Counted.CALLS.get() - before).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void severalOutputsFollowOneCondition(Mode mode) {
    Variable c = T.iscalar("c");
    Variable x = T.dvector("x");
    Variable i = T.lscalar("i");
    List<Variable> out = T.ifelse(c, List.of(x.get(i), x.mul(2)), List.of(x.sum(), x.neg()));
    Function f = Theano.function(List.of(c, x, i), out).mode(mode).build();
    List<NDArray> r = f.call(0, X, 5L);
    assertThat(r.get(0).getDouble()).isEqualTo(6.0);
    assertThat(r.get(1).toDoubleArray()).containsExactly(-1, -2, -3);
    r = f.call(2, X, -1L);
    assertThat(r.get(0).getDouble()).isEqualTo(3.0);
    assertThat(r.get(1).toDoubleArray()).containsExactly(2, 4, 6);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void constantBranchesAndConditionsGiveTheSelectedConstants(Mode mode) {
    Variable x = T.dvector("x");
    for (long c : new long[] {0, 1}) {
      List<Variable> out = T.ifelse(c, List.of(T.constant(2.0), T.constant(new double[] {1, 2})),
          List.of(T.constant(3.0), T.constant(new double[] {4, 5})));
      Function f = Theano.function(List.of(x), List.of(out.get(0), out.get(1), x.sum()))
          .mode(mode).build();
      List<NDArray> r = f.call(X);
      assertThat(r.get(0).getDouble()).isEqualTo(c == 1 ? 2.0 : 3.0);
      assertThat(r.get(1).toDoubleArray()).containsExactly(c == 1 ? new double[] {1, 2}
          : new double[] {4, 5});
    }
  }
}
