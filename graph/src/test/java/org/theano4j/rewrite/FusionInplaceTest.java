package org.theano4j.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.theano4j.rewrite.RewriteFixtures.assertSameValues;
import static org.theano4j.rewrite.RewriteFixtures.compile;
import static org.theano4j.rewrite.RewriteFixtures.rewrite;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Apply;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Storage;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.T;

/** Elementwise fusion into composites and the in-place plan. */
class FusionInplaceTest {
  private final Variable x = T.dvector("x");
  private final Variable y = T.dvector("y");
  private final Variable z = T.dvector("z");

  @Test
  void connectedElementwiseNodesBecomeOneComposite() {
    Variable out = T.exp(x.mul(y)).add(z);
    assertThat(rewrite(FusionRule.RULE, List.of(x, y, z), out))
        .isEqualTo("composite{add(exp(mul(i0, i1)), i2)}(x, y, z)");
    assertSameValues(List.of(x, y, z), List.of(out), 21);
  }

  @Test
  void aRepeatedInputIsOneCompositeInput() {
    Variable out = T.tanh(x).mul(x);
    assertThat(rewrite(FusionRule.RULE, List.of(x), out))
        .isEqualTo("composite{mul(tanh(i0), i0)}(x)");
  }

  @Test
  void aValueWithTwoConsumersIsNotFusedIntoEither() {
    Variable t = T.exp(x);
    Variable a = t.mul(y);
    Variable b = t.add(z);
    assertThat(rewrite(List.of(x, y, z), List.of(a, b), Phase.of("t", FusionRule.RULE)))
        .isEqualTo("mul(exp(x), y)\nadd(exp(x), z)");
    // Once both consumers are in one group, the shared producer joins it too: the program
    // computes exp(i0) in one step that both uses read (the printer expands it twice).
    Variable both = a.add(b);
    assertThat(rewrite(FusionRule.RULE, List.of(x, y, z), both))
        .isEqualTo("composite{add(mul(exp(i0), i1), add(exp(i0), i2))}(x, y, z)");
    Variable fused = new Rewriter(false).run(List.of(Phase.of("t", FusionRule.RULE)),
        List.of(both), List.of(x, y, z)).get(0);
    org.theano4j.tensor.Composite c = (org.theano4j.tensor.Composite)
        ((Elemwise) fused.owner().op()).scalar();
    assertThat(c.program()).hasSize(4);
    assertSameValues(List.of(x, y, z), List.of(both), 22);
  }

  @Test
  void aBroadcastProducerStaysSeparate() {
    Variable m = T.dmatrix("m");
    Variable out = T.exp(x).add(m.mul(2.0));
    assertThat(rewrite(FusionRule.RULE, List.of(x, m), out))
        .isEqualTo("composite{add(i0, mul(i1, i2))}(exp(x), m, 2.0)");
    assertSameValues(List.of(x, m), List.of(out), 23);
  }

  @Test
  void compositesKeepIntegerWrappingAndCasts() {
    Variable b = T.tensor(DType.INT8, 1, "b");
    Variable out = b.add(b).astype(DType.FLOAT64).mul(x).add(b.gt(0).astype(DType.FLOAT64));
    NDArray bs = NDArray.of(new byte[] {100, -3, 1}, 3);
    NDArray xs = NDArray.of(new double[] {1, 2, 3}, 3);
    NDArray got = compile(Mode.FAST_RUN, List.of(b, x), List.of(out)).call(bs, xs).get(0);
    // int8: 100 + 100 wraps to -56.
    assertThat(got.toDoubleArray()).containsExactly(-56.0 + 1, -6.0 * 2, 2.0 * 3 + 1);
    assertThat(compile(Mode.FAST_RUN, List.of(b, x), List.of(out)).graph().nodes())
        .hasSize(1);
  }

  @Test
  void intermediateBuffersAreReused() {
    Variable out = T.exp(x).mul(2.0).add(y);
    Function f = compile(Mode.FAST_RUN, List.of(x, y), List.of(out), "fusion");
    FunctionGraph g = f.graph();
    Apply mul = g.nodes().get(1);
    Apply add = g.nodes().get(2);
    assertThat(g.destroyedInput(g.nodes().get(0))).isEqualTo(-1);
    assertThat(g.destroyedInput(mul)).isEqualTo(0);
    assertThat(g.destroyedInput(add)).isEqualTo(0);
    assertSameValues(List.of(x, y), List.of(out), 24);
  }

  @Test
  void inputsAndOutputsAreNeverOverwritten() {
    Variable e = T.exp(x);
    Function f = compile(Mode.FAST_RUN, List.of(x), List.of(e, e.mul(2.0)), "fusion");
    for (Apply a : f.graph().nodes()) {
      assertThat(f.graph().destroyedInput(a)).as(a.toString()).isEqualTo(-1);
    }
    NDArray xs = NDArray.of(new double[] {0, 1}, 2);
    List<NDArray> r = f.call(xs);
    assertThat(xs.toDoubleArray()).containsExactly(0, 1);
    assertThat(r.get(0).toDoubleArray()).containsExactly(1, Math.E);
  }

  @Test
  void anUpdateIsComputedIntoTheSharedBuffer() {
    SharedVariable w = Theano.shared(NDArray.of(new double[] {1, 2, 3}, 3), "W");
    Function f = Theano.function(List.of(x), List.of(x.sum()))
        .updates(Map.of(w, w.sub(x.mul(0.5)))).build();
    Apply last = f.graph().nodes().get(f.graph().nodes().size() - 1);
    assertThat(last.op()).isInstanceOf(Elemwise.class);
    assertThat(f.graph().destroyedInput(last)).isEqualTo(0);
    Storage before = w.getValue(true).storage();
    f.call(new double[] {2, 2, 2});
    assertThat(w.getValue(true).storage()).isSameAs(before);
    assertThat(w.getValue().toDoubleArray()).containsExactly(0, 1, 2);
  }

  /** {@code W ← W − 0.5·(W.T · v)}: the view W.T is read by the dot, before W is written. */
  @Test
  void anUpdateIsInPlaceWhenAViewOfTheVariableIsReadEarlier() {
    SharedVariable w = Theano.shared(NDArray.of(new double[] {1, 2, 3, 4}, 2, 2), "W");
    Variable v = T.dvector("v");
    Function f = Theano.function(List.of(v), List.of())
        .updates(Map.of(w, w.sub(T.dot(w.T(), v).mul(0.5)))).build();
    Apply last = f.graph().nodes().get(f.graph().nodes().size() - 1);
    assertThat(f.graph().destroyedInput(last)).isNotNegative();
    assertThat(last.input(f.graph().destroyedInput(last))).isSameAs(w);
    Storage before = w.getValue(true).storage();
    f.call(new double[] {1, 1});
    // W.T·v = [1+3, 2+4] = [4, 6], broadcast over W's rows: W − [2, 3]
    assertThat(w.getValue(true).storage()).isSameAs(before);
    assertThat(w.getValue().toDoubleArray()).containsExactly(-1, -1, 1, 1);
  }

  /** A view of W that is the update's own operand, or an output, keeps the update fresh. */
  @Test
  void anUpdateReadingAViewOfItsVariableOrReturningOneIsNotInPlace() {
    SharedVariable w = Theano.shared(NDArray.of(new double[] {1, 2, 3, 4}, 2, 2), "W");
    Function own = Theano.function(List.of(), List.of())
        .updates(Map.of(w, w.add(w.T()))).build();
    for (Apply a : own.graph().nodes()) {
      assertThat(own.graph().destroyedInput(a)).as(a.toString()).isEqualTo(-1);
    }
    own.call();
    assertThat(w.getValue().toDoubleArray()).containsExactly(2, 5, 5, 8);
    SharedVariable u = Theano.shared(NDArray.of(new double[] {1, 2, 3, 4}, 2, 2), "U");
    Function out = Theano.function(List.of(), List.of(u.T()))
        .updates(Map.of(u, u.mul(2))).build();
    NDArray returned = out.call().get(0);
    assertThat(returned.toDoubleArray()).containsExactly(1, 3, 2, 4);
    assertThat(u.getValue().toDoubleArray()).containsExactly(2, 4, 6, 8);
  }

  @Test
  void aFailedCallLeavesEverySharedVariableUnchanged() {
    SharedVariable w1 = Theano.shared(NDArray.of(new double[] {1, 2, 3}, 3), "W1");
    SharedVariable w2 = Theano.shared(NDArray.of(new double[] {1, 2, 3}, 3), "W2");
    Function g = Theano.function(List.of(x, y), List.of())
        .updates(orderedUpdates(w1, w1.add(x), w2, w2.add(y))).build();
    // Both updates overwrite their shared buffer; W1's runs first, W2's fails on the shape.
    for (Apply a : g.graph().nodes()) {
      assertThat(g.graph().destroyedInput(a)).isEqualTo(0);
    }
    assertThatThrownBy(() -> g.call(new double[] {1, 1, 1}, new double[] {1, 1}))
        .isInstanceOf(TheanoException.class);
    assertThat(w1.getValue().toDoubleArray()).containsExactly(1, 2, 3);
    assertThat(w2.getValue().toDoubleArray()).containsExactly(1, 2, 3);
  }

  @Test
  void aSharedVariableThatIsAlsoAnOutputIsNotOverwritten() {
    SharedVariable w = Theano.shared(NDArray.of(new double[] {1, 2}, 2), "W");
    Function f = Theano.function(List.of(x), List.of(w)).updates(Map.of(w, w.add(x))).build();
    NDArray old = f.call(new double[] {10, 10}).get(0);
    assertThat(old.toDoubleArray()).containsExactly(1, 2);
    assertThat(w.getValue().toDoubleArray()).containsExactly(11, 12);
  }

  /** A 2×2 float64 shared matrix. */
  private static SharedVariable matrix(String name, double... v) {
    return Theano.shared(NDArray.of(v, 2, 2), name);
  }

  /** The node computing update value {@code i} (after the user's outputs) of {@code f}. */
  private static Apply updateNode(Function f, int i) {
    FunctionGraph g = f.graph();
    return g.outputs().get(g.userOutputCount() + i).owner();
  }

  @Test
  void anUpdateIsWrittenInPlaceAlthoughATransposeOfTheWeightIsRead() {
    // dA.py's tied weights: the decoder reads Wᵀ (a view) before the update overwrites W.
    SharedVariable w = matrix("W", 1, 2, 3, 4);
    Variable m = T.dmatrix("m");
    Variable h = T.dot(m, w.T());
    Function f = Theano.function(List.of(m), List.of(h.sum()))
        .updates(Map.of(w, w.sub(h.mul(0.5)))).build();
    assertThat(f.graph().destroyedInput(updateNode(f, 0))).isEqualTo(0);
    Storage before = w.getValue(true).storage();
    NDArray got = f.call(NDArray.of(new double[] {1, 0, 0, 1}, 2, 2)).get(0);
    assertThat(w.getValue(true).storage()).isSameAs(before);
    // h = Wᵀ (m = I): W − 0.5·Wᵀ, read before the write
    assertThat(w.getValue().toDoubleArray()).containsExactly(0.5, 0.5, 2, 2);
    assertThat(got.getDouble()).isEqualTo(10);
  }

  @Test
  void anUpdateThatReadsATransposeOfItsOwnWeightIsNotWrittenInPlace() {
    SharedVariable w = matrix("W", 1, 2, 3, 4);
    Function f = Theano.function(List.of(x), List.of(x.sum()))
        .updates(Map.of(w, w.add(w.T()))).build();
    assertThat(f.graph().destroyedInput(updateNode(f, 0))).isEqualTo(-1);
    f.call(new double[] {1});
    assertThat(w.getValue().toDoubleArray()).containsExactly(2, 5, 5, 8);
  }

  @Test
  void aWeightWhoseTransposeIsAnOutputIsNotOverwritten() {
    SharedVariable w = matrix("W", 1, 2, 3, 4);
    Function f = Theano.function(List.of(x), List.of(w.T()))
        .updates(Map.of(w, w.add(x.sum()))).build();
    assertThat(f.graph().destroyedInput(updateNode(f, 0))).isEqualTo(-1);
    NDArray old = f.call(new double[] {10}).get(0);
    assertThat(old.toDoubleArray()).containsExactly(1, 3, 2, 4);
    assertThat(w.getValue().toDoubleArray()).containsExactly(11, 12, 13, 14);
  }

  @Test
  void anotherUpdateThatReadsTheTransposeRunsBeforeTheWeightIsOverwritten() {
    // {W: W + 1, B: B + Wᵀ}: both in place, B's reading the old W through its transpose.
    SharedVariable w = matrix("W", 1, 2, 3, 4);
    SharedVariable b = matrix("B", 0, 0, 0, 0);
    Function f = Theano.function(List.of(x), List.of(x.sum()))
        .updates(orderedUpdates(w, w.add(x.sum()), b, b.add(w.T()))).build();
    assertThat(f.graph().destroyedInput(updateNode(f, 0))).isEqualTo(0);
    assertThat(f.graph().destroyedInput(updateNode(f, 1))).isEqualTo(0);
    List<Apply> order = f.graph().nodes();
    assertThat(order.indexOf(updateNode(f, 1))).isLessThan(order.indexOf(updateNode(f, 0)));
    f.call(new double[] {1});
    assertThat(w.getValue().toDoubleArray()).containsExactly(2, 3, 4, 5);
    assertThat(b.getValue().toDoubleArray()).containsExactly(1, 3, 2, 4);
  }

  private static Map<SharedVariable, Variable> orderedUpdates(SharedVariable a, Variable av,
      SharedVariable b, Variable bv) {
    Map<SharedVariable, Variable> m = new java.util.LinkedHashMap<>();
    m.put(a, av);
    m.put(b, bv);
    return m;
  }
}
