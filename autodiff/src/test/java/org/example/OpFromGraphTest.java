package org.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.autodiff.Grad;
import org.theano4j.autodiff.GradCheck;
import org.theano4j.compile.Mode;
import org.theano4j.compile.OpFromGraph;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * {@link OpFromGraph} from user code: values and gradients equal the same graph written
 * inline, in every mode; FAST_RUN inlines it, FAST_COMPILE and DEBUG keep it whole.
 */
class OpFromGraphTest {
  private static final NDArray A = NDArray.of(new double[] {0.5, -1, 2, 0.25, 3, -0.75}, 2, 3);
  private static final NDArray B = NDArray.of(new double[] {1, 2, -0.5, 0.1, -2, 4}, 2, 3);

  /** tanh(x)·y + x, and x·y, as one op with two outputs. */
  static OpFromGraph twoOutputs() {
    Variable x = T.dmatrix("x");
    Variable y = T.dmatrix("y");
    return new OpFromGraph(List.of(x, y), List.of(T.tanh(x).mul(y).add(x), x.mul(y)), "Mix");
  }

  static List<Variable> inlineForm(Variable a, Variable b) {
    return List.of(T.tanh(a).mul(b).add(a), a.mul(b));
  }

  private static long opFromGraphNodes(Function f) {
    return f.graph().nodes().stream().filter(n -> n.op() instanceof OpFromGraph).count();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void valuesAndGradientsEqualTheInlineGraph(Mode mode) {
    OpFromGraph mix = twoOutputs();
    Variable a = T.dmatrix("a");
    Variable b = T.dmatrix("b");
    List<Variable> outs = mix.apply(a, b);
    assertThat(outs.get(0).owner()).isSameAs(outs.get(1).owner());
    Variable cost = outs.get(0).sum().add(outs.get(1).mul(outs.get(1)).sum());
    List<Variable> grads = Grad.grad(cost, List.of(a, b));
    Function f = Theano.function(List.of(a, b), List.of(outs.get(0), outs.get(1),
        grads.get(0), grads.get(1))).mode(mode).build();
    List<Variable> ref = inlineForm(a, b);
    Variable refCost = ref.get(0).sum().add(ref.get(1).mul(ref.get(1)).sum());
    List<Variable> refGrads = Grad.grad(refCost, List.of(a, b));
    Function r = Theano.function(List.of(a, b), List.of(ref.get(0), ref.get(1),
        refGrads.get(0), refGrads.get(1))).mode(Mode.DEBUG).build();
    List<NDArray> got = f.call(A, B);
    List<NDArray> want = r.call(A, B);
    for (int i = 0; i < 4; i++) {
      assertThat(got.get(i).toDoubleArray()).as("output " + i)
          .containsExactly(want.get(i).toDoubleArray(),
              org.assertj.core.data.Offset.offset(1e-12));
    }
    // forward node and gradient node kept whole, or both inlined
    assertThat(opFromGraphNodes(f)).isEqualTo(mode == Mode.FAST_RUN ? 0 : 2);
  }

  @Test
  void excludingTheInlineStepKeepsItWholeInFastRun() {
    OpFromGraph mix = twoOutputs();
    Variable a = T.dmatrix("a");
    Variable b = T.dmatrix("b");
    Function f = Theano.function(List.of(a, b), mix.apply(a, b))
        .excluding("inline-opfromgraph").build();
    assertThat(opFromGraphNodes(f)).isEqualTo(1);
    assertThat(f.call(A, B).get(1).toDoubleArray())
        .containsExactly(Theano.function(List.of(a, b), List.of(a.mul(b))).build()
            .call(A, B).get(0).toDoubleArray());
  }

  @Test
  void gradientPassesGradCheck() {
    OpFromGraph mix = twoOutputs();
    GradCheck.verify(xs -> {
      List<Variable> o = mix.apply(xs.get(0), xs.get(1));
      return o.get(0).add(o.get(1).mul(o.get(1)));
    }, List.of(A, B));
  }

  @Test
  void nestedOpsAndSecondDerivatives() {
    Variable u = T.dmatrix("u");
    OpFromGraph square = new OpFromGraph(List.of(u), List.of(u.mul(u)), "Square");
    Variable v = T.dmatrix("v");
    Variable w = T.dmatrix("w");
    // outer(v, w) = square(v) + w·square(w): two nested applications of one op
    OpFromGraph outer = new OpFromGraph(List.of(v, w),
        List.of(square.apply(v).get(0).add(w.mul(square.apply(w).get(0)))), "Outer");
    Variable a = T.dmatrix("a");
    Variable b = T.dmatrix("b");
    Variable y = outer.apply(a, b).get(0);
    Variable ga = Grad.grad(y.sum(), a);
    Variable gb = Grad.grad(y.sum(), b);
    Variable hb = Grad.grad(gb.sum(), b); // d²(b³)/db² = 6b
    double[] av = A.toDoubleArray();
    double[] bv = B.toDoubleArray();
    for (Mode mode : Mode.values()) {
      List<NDArray> out = Theano.function(List.of(a, b), List.of(y, ga, gb, hb)).mode(mode)
          .build().call(A, B);
      for (int i = 0; i < av.length; i++) {
        assertThat(out.get(0).toDoubleArray()[i]).isEqualTo(av[i] * av[i] + bv[i] * bv[i] * bv[i]);
        assertThat(out.get(1).toDoubleArray()[i]).isEqualTo(2 * av[i]);
        assertThat(out.get(2).toDoubleArray()[i])
            .isCloseTo(3 * bv[i] * bv[i], org.assertj.core.data.Offset.offset(1e-12));
        assertThat(out.get(3).toDoubleArray()[i])
            .isCloseTo(6 * bv[i], org.assertj.core.data.Offset.offset(1e-12));
      }
    }
    GradCheck.verify(xs -> outer.apply(xs.get(0), xs.get(1)).get(0), List.of(A, B));
  }

  @Test
  void anErrorInsideTheInnerGraphNamesBothLines() {
    Variable x = T.dmatrix("x");
    Variable y = T.dmatrix("y");
    Variable inner = T.dot(x, y); // line of the inner node
    OpFromGraph op = new OpFromGraph(List.of(x, y), List.of(inner), "Prod");
    Variable a = T.dmatrix("a");
    Variable b = T.dmatrix("b");
    Variable out = op.apply(a, b).get(0);
    Function f = Theano.function(List.of(a, b), List.of(out)).mode(Mode.FAST_COMPILE).build();
    assertThatThrownBy(() -> f.call(A, B)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("Prod failed at run time: in its inner graph: ")
        .hasMessageContaining("OpFromGraphTest.java:" + (lineOf("T.dot(x, y); // line")))
        .hasMessageContaining("OpFromGraphTest.java:" + (lineOf("op.apply(a, b).get(0);")));
  }

  @Test
  void badConstructionIsAClearError() {
    Variable x = T.dmatrix("x");
    Variable s = Theano.shared(NDArray.ones(org.theano4j.ndarray.DType.FLOAT64, 2, 3), "s");
    assertThatThrownBy(() -> new OpFromGraph(List.of(x), List.of(x.add(s))))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("depend on 's'").hasMessageContaining("pass it as an input");
    assertThatThrownBy(() -> new OpFromGraph(List.of(x, x), List.of(x)))
        .isInstanceOf(TheanoException.class).hasMessageContaining("input 1 appears twice");
    assertThatThrownBy(() -> new OpFromGraph(List.of(x.add(1)), List.of(x)))
        .isInstanceOf(TheanoException.class).hasMessageContaining("must be a symbolic input");
    assertThatThrownBy(() -> new OpFromGraph(null, List.of(x)))
        .isInstanceOf(TheanoException.class).hasMessageContaining("inputs list is null");
    OpFromGraph op = new OpFromGraph(List.of(x), List.of(x.mul(2)), "Twice");
    assertThatThrownBy(() -> op.apply(T.dvector("v"))).isInstanceOf(TheanoException.class)
        .hasMessageContaining("Twice: input 0 must fit").hasMessageContaining("OpFromGraphTest.java:");
    assertThatThrownBy(() -> op.apply(T.dmatrix("p"), T.dmatrix("q")))
        .isInstanceOf(TheanoException.class).hasMessageContaining("expects 1 inputs, got 2");
  }

  private static int lineOf(String text) {
    try {
      List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(
          "src/test/java/org/example/OpFromGraphTest.java"));
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(text) && !lines.get(i).contains("lineOf(")) {
          return i + 1;
        }
      }
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no line with " + text);
  }
}
