package org.theano4j.cuda.lower;

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
import org.theano4j.compile.FunctionGraph;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * {@code T.ifelse} on the CUDA lowering (backend {@code cuda-interp}): the condition is read on
 * the host and only the taken branch's steps are sent (no kernel of the other branch is
 * launched, a branch whose kernel would fail is harmless when not taken); values and gradients
 * equal the JVM backend's; a condition that is a host value needs no download before the end
 * of the call (so the call can be captured as a CUDA graph, one per taken branch), one that a
 * kernel computes is downloaded half-way.
 */
class CudaIfElseTest {
  private static final NDArray X = NDArray.of(new double[] {0.5, -1.5, 2.0}, 3);

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aFailingBranchIsNotSentWhenNotTaken(Mode mode) {
    Variable c = T.lscalar("c");
    Variable x = T.dvector("x");
    Variable idx = T.lvector("idx");
    // x[idx] gathers with a kernel that reports an index out of bounds at the end of the call
    Variable y = T.ifelse(c, x.get(idx).sum(), x.mul(x).sum());
    Function f = Theano.function(List.of(c, x, idx), List.of(y)).mode(mode)
        .backend("cuda-interp").build();
    NDArray bad = NDArray.of(new long[] {0, 9}, 2);
    assertThat(f.call(0L, X, bad).get(0).getDouble()).isEqualTo(6.5);
    assertThat(f.call(1L, X, NDArray.of(new long[] {0, 2}, 2)).get(0).getDouble())
        .isEqualTo(2.5);
    assertThatThrownBy(() -> f.call(1L, X, bad)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("index 9 is out of bounds for axis 0 with size 3");
  }

  @Test
  void valuesAndGradientsEqualTheJvmBackendsForBothOutcomes() {
    Variable c = T.dscalar("c");
    Variable x = T.dvector("x");
    Variable y = T.dvector("y");
    List<Variable> out = T.ifelse(c.gt(0), List.of(T.tanh(x).mul(y).sum(), x.mul(2)),
        List.of(T.exp(y).sum(), y.neg()));
    Variable cost = out.get(0).add(out.get(1).sum());
    List<Variable> g = Grad.grad(cost, List.of(x, y));
    NDArray yv = NDArray.of(new double[] {1.0, 0.25, -0.75}, 3);
    for (double cond : new double[] {1, -1}) {
      List<NDArray> jvm = Theano.function(List.of(c, x, y), List.of(cost, g.get(0), g.get(1)))
          .backend("jvm").build().call(cond, X, yv);
      List<NDArray> cuda = Theano.function(List.of(c, x, y), List.of(cost, g.get(0),
          g.get(1))).backend("cuda-interp").build().call(cond, X, yv);
      for (int i = 0; i < 3; i++) {
        assertThat(cuda.get(i).toDoubleArray()).as("output %d, condition %s", i, cond)
            .containsExactly(jvm.get(i).toDoubleArray());
      }
    }
  }

  @Test
  void onlyTheTakenBranchsKernelsAreLaunched() {
    Variable c = T.lscalar("c");
    Variable x = T.dvector("x");
    Variable y = T.ifelse(c, T.exp(x).sum(), T.sin(x).max());
    FunctionGraph graph = Theano.function(List.of(c, x), List.of(y)).mode(Mode.FAST_COMPILE)
        .build().graph();
    Program p = Lowering.lower(graph, "f");
    RecordingDevice then = run(p, graph, 1L);
    assertThat(then.launched).anyMatch(k -> k.contains("exp")).noneMatch(k -> k.contains("sin"));
    assertThat(then.downloadsBeforeFinish).isZero();
    RecordingDevice otherwise = run(p, graph, 0L);
    assertThat(otherwise.launched).anyMatch(k -> k.contains("sin"))
        .noneMatch(k -> k.contains("exp"));
    assertThat(otherwise.downloadsBeforeFinish).isZero();
  }

  @Test
  void aConditionComputedByAKernelIsDownloadedHalfWay() {
    Variable x = T.dvector("x");
    Variable y = T.ifelse(x.sum().gt(0), T.exp(x).sum(), T.sin(x).max());
    FunctionGraph graph = Theano.function(List.of(x), List.of(y)).mode(Mode.FAST_COMPILE)
        .build().graph();
    RecordingDevice d = new RecordingDevice();
    NDArray[] roots = roots(graph, X);
    double v = new ProgramRunner(Lowering.lower(graph, "f"), d).run(roots)[0].getDouble();
    assertThat(v).isEqualTo(Math.exp(0.5) + Math.exp(-1.5) + Math.exp(2.0));
    assertThat(d.launched).noneMatch(k -> k.contains("sin"));
    assertThat(d.downloadsBeforeFinish).isEqualTo(1);
  }

  private static RecordingDevice run(Program p, FunctionGraph graph, long cond) {
    RecordingDevice d = new RecordingDevice();
    new ProgramRunner(p, d).run(roots(graph, NDArray.scalar(cond), X));
    return d;
  }

  /** The given inputs' values, then the constants'. */
  private static NDArray[] roots(FunctionGraph graph, NDArray... inputs) {
    List<Variable> r = graph.roots();
    NDArray[] values = new NDArray[r.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = i < inputs.length ? inputs[i] : ((Constant) r.get(i)).value();
    }
    return values;
  }
}
