package org.theano4j.compile;

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
import org.theano4j.tensor.T;

/** {@link SharedVariable#setDefaultUpdate} (Theano's {@code default_update}) in compile. */
class DefaultUpdatesTest {
  @Test
  void aFunctionReadingTheVariableGetsItsDefaultUpdate() {
    SharedVariable calls = Theano.shared(NDArray.scalar(0L), "calls");
    calls.setDefaultUpdate(calls.add(1));
    Variable x = T.dscalar("x");
    Function f = Theano.compile(List.of(x), List.of(x.mul(2).add(calls)));
    assertThat(f.updateTargets()).containsExactly(calls);
    assertThat(f.call(1.0).get(0).getDouble()).isEqualTo(2.0);
    assertThat(f.call(1.0).get(0).getDouble()).isEqualTo(3.0);
    assertThat(calls.getValue().getLong()).isEqualTo(2);
    // a function that does not read it leaves it alone
    Theano.compile(List.of(x), List.of(x.mul(2))).call(1.0);
    assertThat(calls.getValue().getLong()).isEqualTo(2);
  }

  @Test
  void theCallersUpdateWinsAndRemovingTheDefaultStopsIt() {
    SharedVariable s = Theano.shared(NDArray.scalar(0L), "s");
    s.setDefaultUpdate(s.add(1));
    Function own = Theano.compile(List.of(), List.of(s.mul(1)), Map.of(s, s.add(10)));
    own.call();
    assertThat(s.getValue().getLong()).isEqualTo(10);
    s.setDefaultUpdate(null);
    Function none = Theano.compile(List.of(), List.of(s.mul(1)));
    none.call();
    assertThat(none.updateTargets()).isEmpty();
    assertThat(s.getValue().getLong()).isEqualTo(10);
  }

  @Test
  void defaultUpdatesReadingOtherVariablesBringTheirDefaultsAndAreSimultaneous() {
    SharedVariable a = Theano.shared(NDArray.scalar(1L), "a");
    SharedVariable b = Theano.shared(NDArray.scalar(10L), "b");
    b.setDefaultUpdate(b.add(1));
    a.setDefaultUpdate(a.add(b));
    Function f = Theano.compile(List.of(), List.of(a.mul(1)));
    assertThat(f.updateTargets()).containsExactly(a, b);
    f.call();
    // both computed from the old values: a = 1 + 10, b = 11
    assertThat(a.getValue().getLong()).isEqualTo(11);
    assertThat(b.getValue().getLong()).isEqualTo(11);
  }

  @Test
  void givensApplyToDefaultUpdates() {
    SharedVariable s = Theano.shared(NDArray.scalar(0.0), "s");
    Variable step = T.dscalar("step");
    s.setDefaultUpdate(s.add(step));
    Variable x = T.dscalar("x");
    Function f = Theano.function(List.of(x), List.of(s.add(x)))
        .givens(Map.of(step, x.mul(3))).build();
    f.call(2.0);
    assertThat(s.getValue().getDouble()).isEqualTo(6.0);
  }

  @Test
  void aDefaultUpdateOfTheWrongTypeIsRefused() {
    SharedVariable s = Theano.shared(NDArray.zeros(DType.FLOAT32, 3), "s");
    assertThatThrownBy(() -> s.setDefaultUpdate(T.dmatrix("m")))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("the default update of shared variable 's'")
        .hasMessageContaining("must have type TensorType(float32, (?,))")
        .hasMessageContaining("has type TensorType(float64, (?, ?))");
  }
}
