package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.scan.Scan;
import org.theano4j.tensor.T;

/**
 * The aliasing contract of the per-node wrapper arenas (docs/architecture.md, "Buffer
 * reuse"): a wrapper the interpreter re-points on a later call is never one a caller holds.
 * Each case keeps what one call returned or committed, makes a second call with other shapes
 * and values, and checks the kept array against values written out by hand.
 */
class ArrayArenaTest {
  /** {@code (x * 2)[0:n].T}: a view (DimShuffle of a Subtensor) of an intermediate. */
  private static Variable[] viewGraph() {
    Variable x = T.matrix("x");
    Variable n = T.lscalar("n");
    return new Variable[] {x, n, x.mul(2).slice(0, n).T()};
  }

  @Test
  void aFreshOutputViewIsNotRepointedByTheNextCall() {
    Variable[] g = viewGraph();
    Function f = Theano.function(List.of(g[0], g[1]), List.of(g[2])).build();
    NDArray first = f.call(NDArray.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2), 2).get(0);
    for (int i = 0; i < 3; i++) {
      NDArray later = f.call(NDArray.of(new float[] {7, 8, 9, 10, 11, 12}, 2, 3), 1).get(0);
      assertThat(later).isNotSameAs(first);
      assertThat(later.shape()).containsExactly(3, 1);
      assertThat(later.toDoubleArray()).containsExactly(14, 16, 18);
    }
    assertThat(first.shape()).containsExactly(2, 2);
    assertThat(first.toDoubleArray()).containsExactly(2, 6, 4, 8);
  }

  @Test
  void aSharedVariablesNewValueIsNotRepointedByTheNextCall() {
    SharedVariable s = Theano.shared(NDArray.zeros(DType.FLOAT32, 1, 1), "s");
    Variable[] g = viewGraph();
    Function f = Theano.function(List.of(g[0], g[1]), List.of())
        .updates(Map.of(s, g[2])).build();
    f.call(NDArray.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2), 2);
    NDArray committed = s.getValue(true);
    f.call(NDArray.of(new float[] {7, 8, 9, 10, 11, 12}, 2, 3), 1);
    assertThat(committed.shape()).containsExactly(2, 2);
    assertThat(committed.toDoubleArray()).containsExactly(2, 6, 4, 8);
    assertThat(s.getValue(true).shape()).containsExactly(3, 1);
    assertThat(s.getValue(true).toDoubleArray()).containsExactly(14, 16, 18);
  }

  @Test
  void borrowedOutputsAreLentTogetherWithTheirList() {
    Variable[] g = viewGraph();
    Function f = Theano.function(List.of(g[0], g[1]), List.of(g[2], g[0].sum()))
        .borrowOutputs(true).build();
    NDArray x = NDArray.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
    List<NDArray> first = f.call(x, 2);
    assertThat(first.get(0).toDoubleArray()).containsExactly(2, 6, 4, 8);
    assertThat(first.get(1).getDouble()).isEqualTo(21);
    NDArray y = NDArray.of(new float[] {7, 8, 9, 10, 11, 12}, 2, 3);
    List<NDArray> second = f.call(y, 1);
    // the same lent list, now holding the second call's values (valid until the next call)
    assertThat(second).isSameAs(first);
    assertThat(second.get(0).shape()).containsExactly(3, 1);
    assertThat(second.get(0).toDoubleArray()).containsExactly(14, 16, 18);
    assertThat(second.get(1).getDouble()).isEqualTo(57);
    assertThat(x.toDoubleArray()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(y.toDoubleArray()).containsExactly(7, 8, 9, 10, 11, 12);
  }

  /**
   * A scan makes arrays per step (more than a node keeps) around nested calls of its step
   * function: {@code h_t = 0.5 h_{t-1} + x_t} over 300 rows, twice, against a hand loop.
   */
  @Test
  void aScanOfManyStepsInsideANodeMatchesAHandLoopOnEveryCall() {
    Variable xs = T.dmatrix("xs");
    Variable h0 = T.dvector("h0");
    Scan.Result r = Scan.scan(a -> List.of(a.get(1).mul(0.5).add(a.get(0))), List.of(xs),
        List.of(h0), List.of());
    Function f = Theano.function(List.of(xs, h0), r.outputs()).build();
    for (int call = 0; call < 3; call++) {
      int steps = 300 - call;
      double[] x = new double[steps * 2];
      for (int i = 0; i < x.length; i++) {
        x[i] = Math.sin(i + call);
      }
      NDArray out = f.call(NDArray.of(x, steps, 2), NDArray.of(new double[] {1, -1}, 2)).get(0);
      double[] want = new double[steps * 2];
      double[] h = {1, -1};
      for (int t = 0; t < steps; t++) {
        for (int j = 0; j < 2; j++) {
          h[j] = h[j] * 0.5 + x[t * 2 + j];
          want[t * 2 + j] = h[j];
        }
      }
      assertThat(out.shape()).containsExactly(steps, 2);
      assertThat(out.toDoubleArray()).containsExactly(want);
    }
  }

  /**
   * The scan loop re-points the wrappers of the rows it passes to its step, recycles the
   * step's dead outputs and gives its inputs back to their arenas: a step that returns its row
   * argument as the new state ({@code h_t = x_t}) and as an output passed through ({@code
   * z_t = x_t}), a state it returns unchanged ({@code c_t = c_{t-1}}, from {@code 3 c0}, an
   * intermediate), another output reading the last state and a non-sequence that is an
   * intermediate of the outer function ({@code w = 2v}, returned as well), over four calls of
   * other lengths, with fresh and with borrowed outputs: every call's values against a hand
   * loop, and (fresh) the first call's arrays unchanged by the later ones.
   */
  @Test
  void aScanWhoseStepReturnsItsRowsKeepsEveryCallsValues() {
    for (boolean borrow : new boolean[] {false, true}) {
      Variable xs = T.dmatrix("xs");
      Variable h0 = T.dvector("h0");
      Variable c0 = T.dvector("c0");
      Variable v = T.dvector("v");
      Variable w = v.mul(2);
      // args: x_t, h_{t-1}, c_{t-1}, w; outputs: h_t = x_t, c_t = c_{t-1} (the state argument
      // returned as it is), y_t = h_{t-1} w + x_t, z_t = x_t
      Scan.Result r = Scan.scan(a -> List.of(a.get(0), a.get(2),
          a.get(1).mul(a.get(3)).add(a.get(0)), a.get(0)), List.of(xs),
          java.util.Arrays.asList(h0, c0.mul(3), null, null), List.of(w));
      List<Variable> outs = new java.util.ArrayList<>(r.outputs());
      outs.remove(1);
      outs.add(w);
      outs.add(r.outputs().get(1));
      Function f = Theano.function(List.of(xs, h0, c0, v), outs).borrowOutputs(borrow)
          .build();
      List<NDArray> first = null;
      double[][] firstWant = null;
      for (int call = 0; call < 4; call++) {
        int steps = 3 + 2 * call;
        double[] x = new double[steps * 2];
        for (int i = 0; i < x.length; i++) {
          x[i] = Math.cos(i + 3 * call);
        }
        double[] hInit = {0.5 + call, -1};
        double[] vv = {0.25, -0.75 + call};
        double[] cInit = {call - 2.5, 4};
        List<NDArray> got = f.call(NDArray.of(x, steps, 2), NDArray.of(hInit, 2),
            NDArray.of(cInit, 2), NDArray.of(vv, 2));
        double[] cs = new double[steps * 2];
        for (int t = 0; t < steps; t++) {
          cs[t * 2] = 3 * cInit[0];
          cs[t * 2 + 1] = 3 * cInit[1];
        }
        double[] hs = new double[steps * 2];
        double[] ys = new double[steps * 2];
        double[] h = hInit.clone();
        for (int t = 0; t < steps; t++) {
          for (int j = 0; j < 2; j++) {
            ys[t * 2 + j] = h[j] * (2 * vv[j]) + x[t * 2 + j];
            h[j] = x[t * 2 + j];
            hs[t * 2 + j] = h[j];
          }
        }
        double[][] want = {hs, ys, x, {2 * vv[0], 2 * vv[1]}, cs};
        for (int k = 0; k < 5; k++) {
          assertThat(got.get(k).toDoubleArray()).as("borrow %s, call %d, output %d", borrow,
              call, k).containsExactly(want[k]);
        }
        if (call == 0 && !borrow) {
          first = List.copyOf(got);
          firstWant = want;
        }
      }
      if (!borrow) {
        for (int k = 0; k < 5; k++) {
          assertThat(first.get(k).toDoubleArray()).as("the first call's output %d", k)
              .containsExactly(firstWant[k]);
        }
      }
    }
  }

  @Test
  void outsideACompiledFunctionEveryViewIsANewArray() {
    NDArray a = NDArray.of(new float[] {1, 2, 3, 4}, 2, 2);
    NDArray t1 = a.transpose();
    NDArray t2 = a.transpose();
    assertThat(t1).isNotSameAs(t2);
    assertThat(t1.toDoubleArray()).containsExactly(1, 3, 2, 4);
    assertThat(NDArray.zeros(DType.FLOAT32, 2)).isNotSameAs(NDArray.zeros(DType.FLOAT32, 2));
  }
}
