package org.theano4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.theano4j.compile.Mode;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * Updates are simultaneous: every update value is computed from the values the shared
 * variables had before the call, whatever the order the variables were created or listed in,
 * and whether or not the in-place plan writes into their buffers. The expected values are
 * recomputed here from the old values with plain Java arithmetic.
 */
public class SimultaneousUpdatesTest {

  /** The backend under test; codegen-cuda runs these cases on its backend too. */
  protected String backend() {
    return "jvm";
  }

  private static SharedVariable vec(String name, double... v) {
    return Theano.shared(NDArray.of(v, v.length), name);
  }

  private void call(Mode mode, Map<SharedVariable, Variable> updates) {
    Theano.function(List.of(), List.of()).updates(updates).mode(mode).backend(backend()).build()
        .call();
  }

  /** {A: 2A, B: 3A + B} in both creation orders and both listing orders: B = 3*1 + 10. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  public void anUpdateReadsTheOldValueOfAnotherUpdatedVariable(Mode mode) {
    for (boolean aFirst : new boolean[] {true, false}) {
      for (boolean listAFirst : new boolean[] {true, false}) {
        SharedVariable a;
        SharedVariable b;
        if (aFirst) {
          a = vec("A", 1);
          b = vec("B", 10);
        } else {
          b = vec("B", 10);
          a = vec("A", 1);
        }
        Map<SharedVariable, Variable> u = new LinkedHashMap<>();
        if (listAFirst) {
          u.put(a, a.mul(2.0));
          u.put(b, a.mul(3.0).add(b));
        } else {
          u.put(b, a.mul(3.0).add(b));
          u.put(a, a.mul(2.0));
        }
        call(mode, u);
        assertThat(a.getValue().toDoubleArray()).as("A, %s %s %s", mode, aFirst, listAFirst)
            .containsExactly(2);
        assertThat(b.getValue().toDoubleArray()).as("B, %s %s %s", mode, aFirst, listAFirst)
            .containsExactly(13);
      }
    }
  }

  /** {W: W - 0.2 W, Wema: 0.9 Wema + 0.1 W}: the average takes the old W. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  public void anExponentialAverageReadsTheWeightsBeforeTheirStep(Mode mode) {
    SharedVariable w = vec("W", 1, 2, 3);
    SharedVariable ema = vec("Wema", 0, 0, 0);
    Map<SharedVariable, Variable> u = new LinkedHashMap<>();
    u.put(w, w.sub(w.mul(0.2)));
    u.put(ema, ema.mul(0.9).add(w.mul(0.1)));
    for (int step = 0; step < 3; step++) {
      double[] w0 = w.getValue().toDoubleArray();
      double[] e0 = ema.getValue().toDoubleArray();
      call(mode, u);
      double[] w1 = w.getValue().toDoubleArray();
      double[] e1 = ema.getValue().toDoubleArray();
      for (int i = 0; i < 3; i++) {
        assertThat(w1[i]).isCloseTo(w0[i] - w0[i] * 0.2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(e1[i]).isCloseTo(e0[i] * 0.9 + w0[i] * 0.1,
            org.assertj.core.data.Offset.offset(1e-12));
      }
    }
  }

  /** Swaps and rotations: {A: B + A, B: A + B}, {A: B, B: C, C: A} and a chain. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  public void cyclesOfUpdatesReadOldValues(Mode mode) {
    SharedVariable a = vec("A", 1, 2);
    SharedVariable b = vec("B", 10, 20);
    Map<SharedVariable, Variable> u = new LinkedHashMap<>();
    u.put(a, b.mul(2.0).add(a));
    u.put(b, a.mul(3.0).add(b));
    call(mode, u);
    assertThat(a.getValue().toDoubleArray()).containsExactly(21, 42);
    assertThat(b.getValue().toDoubleArray()).containsExactly(13, 26);

    check3(mode, (x, y) -> x.add(y.mul(1.0)));
  }

  /**
   * An intermediate read by two updates ({@code sigmoid(S1)}) is not overwritten by the first
   * one that runs, when the other reader runs later with the in-place updates (found by
   * ModeBackendFuzzTest, without fusion so the intermediate is its own node).
   */
  @ParameterizedTest
  @EnumSource(Mode.class)
  public void anIntermediateReadByALaterUpdateIsNotOverwritten(Mode mode) {
    double[] s1 = {-0.5, 0.25, 0.75};
    double[] s2 = {1, -2, 3};
    SharedVariable a = vec("S1", s1);
    SharedVariable b = vec("S2", s2);
    Variable sig = T.sigmoid(a);
    Map<SharedVariable, Variable> u = new LinkedHashMap<>();
    u.put(b, b.mul(T.tanh(sig)));
    u.put(a, T.maximum(a, sig));
    Theano.function(List.of(), List.of()).updates(u).mode(mode).backend(backend())
        .excluding("fusion").build().call();
    for (int i = 0; i < 3; i++) {
      double s = 1 / (1 + Math.exp(-s1[i]));
      assertThat(a.getValue().toDoubleArray()[i]).isCloseTo(Math.max(s1[i], s),
          org.assertj.core.data.Offset.offset(1e-12));
      assertThat(b.getValue().toDoubleArray()[i]).isCloseTo(s2[i] * Math.tanh(s),
          org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  private void check3(Mode mode, BiFunction<Variable, Variable, Variable> f) {
    SharedVariable a = vec("A", 1);
    SharedVariable b = vec("B", 2);
    SharedVariable c = vec("C", 4);
    Map<SharedVariable, Variable> u = new LinkedHashMap<>();
    u.put(a, f.apply(a, b)); // 1 + 2
    u.put(b, f.apply(b, c)); // 2 + 4
    u.put(c, f.apply(c, a)); // 4 + 1
    call(mode, u);
    assertThat(a.getValue().toDoubleArray()).containsExactly(3);
    assertThat(b.getValue().toDoubleArray()).containsExactly(6);
    assertThat(c.getValue().toDoubleArray()).containsExactly(5);
  }
}
