package org.theano4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * Values handed out (outputs) or committed (updates) never share storage with something a
 * later in-place update or a reused argument buffer would overwrite.
 */
class UpdateAliasingTest {
  @Test
  void anOutputThatIsAlsoAnUpdateSurvivesLaterInPlaceUpdates() {
    SharedVariable w = Theano.shared(NDArray.of(new double[] {1, 2}, 2), "w");
    Variable step = w.mul(2.0);
    Function f = Theano.compile(List.of(), List.of(step), Map.of(w, step));
    // g updates w in place (FAST_RUN's in-place plan writes w - 1 into w's buffer).
    Function g = Theano.compile(List.of(), List.of(), Map.of(w, w.sub(1.0)));
    NDArray out = f.call().get(0);
    assertThat(out.toDoubleArray()).containsExactly(2, 4);
    g.call();
    g.call();
    assertThat(out.toDoubleArray()).containsExactly(2, 4);
    assertThat(w.getValue().toDoubleArray()).containsExactly(0, 2);
  }

  @Test
  void aSharedValueCopiedIntoAnotherIsNotChangedByTheOriginalsInPlaceUpdate() {
    SharedVariable w = Theano.shared(NDArray.of(new double[] {5, 6}, 2), "w");
    SharedVariable old = Theano.shared(NDArray.zeros(DType.FLOAT64, 2), "old");
    // old <- w (the value before the step); w <- w * 0.5 (in place)
    Function f = Theano.compile(List.of(), List.of(), Map.of(old, w, w, w.mul(0.5)));
    f.call();
    assertThat(old.getValue().toDoubleArray()).containsExactly(5, 6);
    assertThat(w.getValue().toDoubleArray()).containsExactly(2.5, 3);
    f.call();
    assertThat(old.getValue().toDoubleArray()).containsExactly(2.5, 3);
    assertThat(w.getValue().toDoubleArray()).containsExactly(1.25, 1.5);
  }

  @Test
  void scalarArgumentsAreNotSharedWithResultsOfEarlierCalls() {
    Variable i = T.lscalar("i");
    SharedVariable last = Theano.shared(NDArray.scalar(0L), "last");
    Function f = Theano.compile(List.of(i), List.of(i), Map.of(last, i));
    NDArray first = f.call(7).get(0);
    f.call(9);
    assertThat(first.getLong()).isEqualTo(7);
    assertThat(last.getValue().getLong()).isEqualTo(9);
    f.call(11);
    assertThat(last.getValue().getLong()).isEqualTo(11);
  }

  @Test
  void aFailedCallDoesNotChangeASharedValueCommittedFromANumberArgument() {
    Variable i = T.lscalar("i");
    Variable v = T.dvector("v");
    SharedVariable last = Theano.shared(NDArray.scalar(-1L), "last");
    Function f = Theano.compile(List.of(i, v), List.of(v.get(i)), Map.of(last, i));
    f.call(0, new double[] {5});
    assertThat(last.getValue().getLong()).isEqualTo(0);
    // Index 3 is out of range: the call fails after its arguments were converted.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.call(3, new double[] {5}))
        .isInstanceOf(TheanoException.class).hasMessageContaining("out of bounds");
    assertThat(last.getValue().getLong()).isEqualTo(0);
  }
}
