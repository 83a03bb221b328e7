package org.theano4j.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.compile.UnusedInputPolicy;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/** Behaviour of the backward pass: accumulation, options, gradient-control ops, policies. */
class GradTest {
  private static final double[] X = {0.5, -1.5, 2.0};

  private static double[] eval(Variable out, Variable x, double[] value) {
    Function f = Theano.function(List.of(x), List.of(out))
        .onUnusedInput(UnusedInputPolicy.IGNORE).build();
    return f.call(NDArray.of(value, value.length)).get(0).toDoubleArray();
  }

  @Test
  void fanOutContributionsAreAdded() {
    Variable x = T.dvector("x");
    Variable g = Grad.grad(x.mul(x).add(x).sum(), x);   // d/dx (x² + x) = 2x + 1
    assertThat(eval(g, x, X)).containsExactly(2.0, -2.0, 5.0);
  }

  @Test
  void considerConstantStopsTheGradientAtTheVariable() {
    Variable x = T.dvector("x");
    Variable y = x.mul(3).setName("y");
    Variable cost = x.mul(y).sum();   // with y constant: d/dx = y = 3x
    Variable g = Grad.grad(cost, x, GradOptions.defaults().considerConstant(y));
    assertThat(eval(g, x, X)).containsExactly(1.5, -4.5, 6.0);
    assertThat(eval(Grad.grad(cost, x), x, X)).containsExactly(3.0, -9.0, 12.0);
  }

  @Test
  void knownGradsStartTheBackwardPass() {
    Variable x = T.dvector("x");
    Variable h = T.exp(x);
    Variable seed = T.constant(NDArray.of(new double[] {1, 2, 3}, 3));
    Variable g = Grad.grad(null, List.of(x), GradOptions.defaults().knownGrads(Map.of(h, seed)))
        .get(0);
    double[] got = eval(g, x, X);
    for (int i = 0; i < 3; i++) {
      assertThat(got[i]).isCloseTo((i + 1) * Math.exp(X[i]),
          org.assertj.core.api.Assertions.within(1e-12));
    }
  }

  @Test
  void zeroGradIsTheIdentityWithAZeroGradient() {
    Variable x = T.dvector("x");
    Variable stopped = T.stopGradient(x);
    assertThat(eval(stopped.mul(1), x, X)).containsExactly(X);
    Variable g = Grad.grad(x.mul(stopped).sum(), x);   // only the first factor counts: x
    assertThat(eval(g, x, X)).containsExactly(X);
    assertThat(eval(Grad.grad(T.zeroGrad(x).sum(), x), x, X)).containsExactly(0.0, 0.0, 0.0);
  }

  @Test
  void disconnectedGradMakesTheInputDisconnected() {
    Variable x = T.dvector("x");
    Variable cost = T.disconnectedGrad(x).sum();
    assertThat(eval(T.disconnectedGrad(x).mul(2), x, X)).containsExactly(1.0, -3.0, 4.0);
    assertThatThrownBy(() -> Grad.grad(cost, x)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("'x'").hasMessageContaining("not part of the computational graph");
    Variable g = Grad.grad(cost, x, GradOptions.defaults().disconnected(DisconnectedPolicy.IGNORE));
    assertThat(eval(g, x, X)).containsExactly(0.0, 0.0, 0.0);
  }

  @Test
  void warnAndIgnorePoliciesGiveZerosShapedLikeTheVariable() {
    Variable x = T.dvector("x");
    Variable unrelated = T.dmatrix("unrelated");
    for (DisconnectedPolicy p : new DisconnectedPolicy[] {DisconnectedPolicy.WARN,
        DisconnectedPolicy.IGNORE}) {
      Variable g = Grad.grad(x.sum(), unrelated, GradOptions.defaults().disconnected(p));
      Function f = Theano.function(List.of(unrelated), List.of(g)).build();
      NDArray v = f.call(NDArray.full(DType.FLOAT64, 1.5, 2, 4)).get(0);
      assertThat(v.shape()).containsExactly(2, 4);
      assertThat(v.toDoubleArray()).containsOnly(0.0);
    }
  }

  @Test
  void nonDifferentiableOpsGiveZerosNotExceptions() {
    Variable x = T.dvector("x");
    Variable viaArgmax = x.argmax().astype(DType.FLOAT64);
    assertThat(eval(Grad.grad(viaArgmax, x), x, X)).containsExactly(0.0, 0.0, 0.0);
    Variable viaCompare = x.mul(T.gt(x, 0)).add(T.floor(x)).add(T.sign(x)).sum();
    assertThat(eval(Grad.grad(viaCompare, x), x, X)).containsExactly(1.0, 0.0, 1.0);
    Variable viaShape = x.shape(0).astype(DType.FLOAT64);
    assertThatThrownBy(() -> Grad.grad(viaShape, x)).hasMessageContaining("'x'");
  }

  @Test
  void gradientWrtAnIntegerIsZeroAndSaysSo() {
    Variable x = T.dvector("x");
    Variable k = T.lvector("k");
    Variable cost = x.mul(k).sum();
    Variable g = Grad.grad(cost, k);
    assertThat(g.dtype()).isEqualTo(Theano.floatX());
    assertThat(g.name()).contains("'k'").contains("int64").contains("undefined");
    Function f = Theano.function(List.of(x, k), List.of(g))
        .onUnusedInput(UnusedInputPolicy.IGNORE).build();
    assertThat(f.call(NDArray.of(X, 3), NDArray.of(new long[] {1, 2, 3}, 3)).get(0)
        .toDoubleArray()).containsExactly(0.0, 0.0, 0.0);
  }

  @Test
  void gradientGraphIsDifferentiableAgain() {
    Variable x = T.dvector("x");
    Variable g = Grad.grad(x.pow(3).sum(), x);          // 3x²
    Variable gg = Grad.grad(g.sum(), x);                // 6x
    assertThat(eval(gg, x, X)).containsExactly(3.0, -9.0, 12.0);
    assertThat(gg.type()).isEqualTo(new TensorType(DType.FLOAT64, TensorType.UNKNOWN));
  }

  /** An op with no gradient entry. */
  record Mystery() implements Op {
    @Override
    public List<TensorType> outputTypes(List<Variable> inputs) {
      return List.of(inputs.get(0).type());
    }
  }

  @Test
  void anOpWithoutARuleIsNamedInTheError() {
    Variable x = T.dvector("x");
    Variable m = T.node(new Mystery(), x);
    assertThatThrownBy(() -> Grad.grad(m.sum(), x)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("no gradient rule for Mystery")
        .hasMessageContaining("GradTest.java:");
  }
}
