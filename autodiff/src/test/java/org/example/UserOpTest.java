package org.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.autodiff.Grad;
import org.theano4j.autodiff.GradCheck;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/** A user op ({@link Cube}, outside org.theano4j) in a graph, differentiated, in every mode. */
class UserOpTest {
  private static final double[] X = {-1.5, 0.25, 2, 3};

  @ParameterizedTest
  @EnumSource(Mode.class)
  void valueAndGradientInEveryMode(Mode mode) {
    Variable x = T.dvector("x");
    Variable y = Cube.cube(x).add(x);
    Variable g = Grad.grad(y.sum(), x);
    Function f = Theano.function(List.of(x), List.of(y, g)).mode(mode).build();
    List<NDArray> out = f.call(NDArray.of(X, 4));
    double[] v = out.get(0).toDoubleArray();
    double[] d = out.get(1).toDoubleArray();
    for (int i = 0; i < X.length; i++) {
      assertThat(v[i]).isEqualTo(X[i] * X[i] * X[i] + X[i]);
      assertThat(d[i]).isEqualTo(3 * X[i] * X[i] + 1);
    }
  }

  @Test
  void float32KeepsItsDtype() {
    Variable x = T.vector("x");
    Function f = Theano.function(List.of(x), List.of(Cube.cube(x))).build();
    NDArray out = f.call(new float[] {2f, -0.5f}).get(0);
    assertThat(out.dtype()).isEqualTo(x.dtype());
    assertThat(out.toDoubleArray()).containsExactly(8, -0.125);
  }

  @Test
  void gradientPassesGradCheck() {
    GradCheck.verify(xs -> Cube.cube(xs.get(0)).mul(xs.get(1)),
        List.of(NDArray.of(new double[] {0.3, -1.2, 2.5, 0.7, -0.1, 1.1}, 2, 3),
            NDArray.of(new double[] {1.5, -0.5, 0.25, 2, 1, -3}, 2, 3)));
  }

  @Test
  void badInputNamesTheUsersLine() {
    Variable i = T.ivector("i");
    assertThatThrownBy(() -> Cube.cube(i)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("Cube takes one float tensor")
        .hasMessageContaining("Cube.java:");
  }

  @Test
  void registeringTwiceOrNullIsAClearError() {
    Cube.cube(T.dvector("x")); // the class registers itself once when initialised
    assertThatThrownBy(() -> Theano.registerJvmKernel(Cube.class, (n, in) -> in))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("org.example.Cube already has a JVM kernel");
    assertThatThrownBy(() -> Grad.registerRule(Cube.class, (n, gz) -> gz))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("org.example.Cube already has a gradient entry");
    assertThatThrownBy(() -> Theano.registerJvmKernel(null, (n, in) -> in))
        .isInstanceOf(TheanoException.class).hasMessageContaining("the op class is null");
    assertThatThrownBy(() -> Theano.registerJvmKernel(Unregistered.class, null))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("registerJvmKernel: the JVM kernel is null");
    assertThatThrownBy(() -> Grad.registerRule(Unregistered.class, null))
        .isInstanceOf(TheanoException.class).hasMessageContaining("the rule is null");
  }

  /** An op with neither kernel nor gradient: both errors say how to add them. */
  record Unregistered() implements Op {
    @Override
    public List<TensorType> outputTypes(List<Variable> inputs) {
      return List.of(inputs.get(0).type());
    }
  }

  @Test
  void missingKernelAndRuleSayHowToRegister() {
    Variable x = T.dvector("x");
    Variable y = Apply.make(new Unregistered(), List.of(x)).output(0);
    assertThatThrownBy(() -> Theano.function(List.of(x), List.of(y)).build())
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("no implementation of Unregistered")
        .hasMessageContaining("UserOpTest.java:")
        .hasMessageContaining("Theano.registerJvmKernel(Unregistered.class");
    assertThatThrownBy(() -> Grad.grad(y.sum(), x)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("no gradient rule for Unregistered")
        .hasMessageContaining("UserOpTest.java:");
  }
}
