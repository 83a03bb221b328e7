package org.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.autodiff.Grad;
import org.theano4j.compile.Mode;
import org.theano4j.compile.OpFromGraph;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * User extension on {@code cuda-interp}: an {@link OpFromGraph} (nested, differentiated) is
 * inlined before lowering in every mode and equals the JVM backend; a user op with only a JVM
 * kernel fails to compile for CUDA with an error naming it and the user's line.
 */
class CudaOpFromGraphTest {
  private static final NDArray A = NDArray.of(new float[] {0.5f, -1, 2, 0.25f, 3, -0.75f}, 2, 3);
  private static final NDArray B = NDArray.of(new float[] {1, 2, -0.5f, 0.1f, -2, 4}, 2, 3);

  @ParameterizedTest
  @EnumSource(Mode.class)
  void nestedOpAndItsGradientMatchTheJvmBackend(Mode mode) {
    Variable u = T.matrix("u");
    OpFromGraph softsq = new OpFromGraph(List.of(u), List.of(T.softplus(u).mul(u)), "SoftSq");
    Variable x = T.matrix("x");
    Variable y = T.matrix("y");
    OpFromGraph outer = new OpFromGraph(List.of(x, y),
        List.of(softsq.apply(x).get(0).add(T.tanh(y)), x.mul(y)), "Outer");
    Variable a = T.matrix("a");
    Variable b = T.matrix("b");
    List<Variable> o = outer.apply(a, b);
    Variable cost = o.get(0).sum().add(o.get(1).sum());
    List<Variable> outs = List.of(o.get(0), o.get(1), Grad.grad(cost, a), Grad.grad(cost, b));
    List<NDArray> jvm = Theano.function(List.of(a, b), outs).mode(Mode.DEBUG).build()
        .call(A, B);
    Function f = Theano.function(List.of(a, b), outs).mode(mode).backend("cuda-interp")
        .build();
    assertThat(f.graph().nodes()).noneMatch(n -> n.op() instanceof OpFromGraph);
    List<NDArray> got = f.call(A, B);
    for (int i = 0; i < outs.size(); i++) {
      assertThat(got.get(i).toDoubleArray()).as("output " + i)
          .containsExactly(jvm.get(i).toDoubleArray(), Offset.offset(1e-5));
    }
  }

  /** A user op with a JVM kernel only. */
  record Twice() implements Op {
    static {
      Theano.registerJvmKernel(Twice.class, (node, in) ->
          new NDArray[] {NDArray.of(java.util.Arrays.stream(in[0].toDoubleArray())
              .map(v -> 2 * v).toArray(), in[0].shape()).astype(in[0].dtype())});
    }

    @Override
    public List<TensorType> outputTypes(List<Variable> inputs) {
      return List.of(inputs.get(0).type());
    }
  }

  @Test
  void userOpWithoutLoweringFailsNamingItOnCudaAndRunsOnJvm() {
    Variable x = T.matrix("x");
    Variable y = Apply.make(new Twice(), List.of(x)).output(0);
    assertThat(Theano.function(List.of(x), List.of(y)).build().call(A).get(0).toDoubleArray())
        .containsExactly(1, -2, 4, 0.5, 6, -1.5);
    assertThatThrownBy(() -> Theano.function(List.of(x), List.of(y)).backend("cuda-interp")
        .build()).isInstanceOf(TheanoException.class)
        .hasMessageStartingWith("not supported on CUDA: Twice created at CudaOpFromGraphTest.java:")
        .hasMessageContaining("OpFromGraph");
  }
}
