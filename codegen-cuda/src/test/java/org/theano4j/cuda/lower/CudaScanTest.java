package org.theano4j.cuda.lower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.autodiff.Grad;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.compile.Mode;
import org.theano4j.cuda.render.CudaRenderer;
import org.theano4j.graph.Constant;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.random.RandomStreams;
import org.theano4j.scan.Scan;
import org.theano4j.tensor.T;

/**
 * Scan on the CUDA lowering (backend {@code cuda-interp}): the body lowered once and run per
 * step ({@code Step.Loop}); results, gradients, updates and random draws equal the JVM
 * backend's.
 */
class CudaScanTest {
  private static NDArray rand(Random r, DType dtype, int... shape) {
    int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextDouble() * 2 - 1;
    }
    return NDArray.of(v, shape).astype(dtype);
  }

  private static List<NDArray> both(List<Variable> ins, List<Variable> outs,
      Map<SharedVariable, Variable> updates, String backend, Object... args) {
    return Theano.function(ins, outs).updates(updates).backend(backend).build().call(args);
  }

  private static void assertSame(List<NDArray> jvm, List<NDArray> cuda, double tol) {
    assertThat(cuda).hasSameSizeAs(jvm);
    for (int i = 0; i < jvm.size(); i++) {
      assertThat(cuda.get(i).shape()).as("shape of output %d", i).isEqualTo(jvm.get(i).shape());
      assertThat(cuda.get(i).dtype()).isEqualTo(jvm.get(i).dtype());
      assertThat(cuda.get(i).allClose(jvm.get(i), tol, tol)).as("output %d: %s vs %s", i,
          cuda.get(i), jvm.get(i)).isTrue();
    }
  }

  @Test
  void tanhRnnAndItsGradientEqualTheJvm() {
    for (DType dt : List.of(DType.FLOAT64, DType.FLOAT32)) {
      Random r = new Random(1);
      Variable x = T.tensor(dt, new int[] {-1, -1, -1}, "x");
      Variable h0 = T.tensor(dt, new int[] {-1, -1}, "h0");
      Variable w = T.tensor(dt, new int[] {-1, -1}, "W");
      Variable u = T.tensor(dt, new int[] {-1, -1}, "U");
      Scan.Result s = Scan.scan(a -> List.of(T.tanh(T.dot(a.get(0), a.get(2))
          .add(T.dot(a.get(1), a.get(3))))), List.of(x), List.of(h0), List.of(w, u));
      Variable cost = s.output(0).sum();
      List<Variable> outs = List.of(s.output(0), Grad.grad(cost, x), Grad.grad(cost, h0),
          Grad.grad(cost, w), Grad.grad(cost, u));
      Object[] args = {rand(r, dt, 6, 2, 3), rand(r, dt, 2, 4), rand(r, dt, 3, 4),
          rand(r, dt, 4, 4)};
      List<NDArray> jvm = both(List.of(x, h0, w, u), outs, Map.of(), "jvm", args);
      List<NDArray> cuda = both(List.of(x, h0, w, u), outs, Map.of(), "cuda-interp", args);
      assertSame(jvm, cuda, dt == DType.FLOAT64 ? 1e-12 : 1e-5);
    }
  }

  @Test
  void tapsGoBackwardsAndUntilEqualTheJvm() {
    Variable s = T.dvector("s");
    Variable init = T.dmatrix("init");
    Variable limit = T.dscalar("limit");
    Scan.Result taps = Scan.builder().sequences(Scan.taps(s, -1, 0, 1))
        .outputsInfo(Scan.taps(init, -2, -1)).nonSequences(limit).goBackwards(true)
        .step(a -> {
          Variable y = a.get(3).mul(0.5).add(a.get(4)).add(a.get(0).sub(a.get(2)).mul(a.get(1)));
          return Scan.Step.of(y).until(T.max(T.abs(y)).gt(a.get(5)));
        }).build();
    Object[] small = {new double[] {1, 2, 3, 4, 5, 6, 7}, NDArray.of(new double[] {1, 2, 3, 4},
        2, 2), 1e9};
    Object[] stop = {small[0], small[1], 20.0};
    for (Object[] args : List.of(small, stop)) {
      List<NDArray> jvm = both(List.of(s, init, limit), taps.outputs(), Map.of(), "jvm", args);
      List<NDArray> cuda = both(List.of(s, init, limit), taps.outputs(), Map.of(),
          "cuda-interp", args);
      assertSame(jvm, cuda, 0);
    }
    assertThat(both(List.of(s, init, limit), taps.outputs(), Map.of(), "cuda-interp", stop)
        .get(0).shape(0)).isLessThan(5);
  }

  @Test
  void updatesAndRandomDrawsEqualTheJvm() {
    for (String backend : List.of("jvm", "cuda-interp")) {
      SharedVariable acc = Theano.shared(NDArray.of(new double[] {1, 2}, 2), "acc");
      RandomStreams rs = new RandomStreams(7);
      Variable x = T.dmatrix("x");
      Scan.Result s = Scan.builder().sequences(x).outputsInfo((Object) null)
          .step(a -> Scan.Step.of(acc.mul(a.get(0)).add(rs.uniform(new int[] {2}, 0, 1,
              DType.FLOAT64))).updates(Map.of(acc, acc.add(a.get(0))))).build();
      Function f = Theano.function(List.of(x), s.outputs()).updates(s.updates())
          .backend(backend).build();
      NDArray xv = NDArray.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
      double[] first = f.call(xv).get(0).toDoubleArray();
      double[] second = f.call(xv).get(0).toDoubleArray();
      // the reference: the same draws compiled on the JVM outside a loop
      RandomStreams ref = new RandomStreams(7);
      Function g = Theano.function(List.of(), List.of(ref.uniform(new int[] {2}, 0, 1,
          DType.FLOAT64))).build();
      double[] a = {1, 2};
      double[] x2 = xv.toDoubleArray();
      for (double[] got : List.of(first, second)) {
        for (int t = 0; t < 3; t++) {
          double[] u = g.call().get(0).toDoubleArray();
          for (int j = 0; j < 2; j++) {
            assertThat(got[2 * t + j]).as("%s step %d", backend, t)
                .isEqualTo(a[j] * x2[2 * t + j] + u[j]);
            a[j] += x2[2 * t + j];
          }
        }
      }
      assertThat(acc.getValue().toDoubleArray()).isEqualTo(a);
    }
  }

  /** The body is lowered once: one loop step whose kernels run once per step. */
  /** The gradient through draws inside the step (redrawn from the per-step states). */
  @Test
  void gradientThroughRandomDrawsEqualsTheJvm() {
    List<List<NDArray>> results = new java.util.ArrayList<>();
    for (String backend : List.of("jvm", "cuda-interp")) {
      RandomStreams rs = new RandomStreams(3);
      Variable x = T.dmatrix("x");
      Variable h0 = T.dvector("h0");
      Variable h = Scan.scan(a -> List.of(T.tanh(a.get(0).mul(rs.uniform(new int[] {2}, 0.5,
          1.5, DType.FLOAT64)).add(a.get(1)))), List.of(x), List.of(h0), List.of()).output(0);
      results.add(Theano.function(List.of(x, h0), List.of(h, Grad.grad(h.sum(), x)))
          .backend(backend).build().call(NDArray.of(new double[] {1, -2, 3, 0.5, -1, 2}, 3, 2),
              NDArray.of(new double[] {0.1, -0.2}, 2)));
    }
    assertSame(results.get(0), results.get(1), 1e-12);
  }

  @Test
  void theBodyIsLoweredOnceAndLaunchedPerStep() {
    Variable x = T.dmatrix("x");
    Variable h0 = T.dvector("h0");
    Scan.Result s = Scan.scan(a -> List.of(T.tanh(a.get(0).add(a.get(1)))), List.of(x),
        List.of(h0), List.of());
    FunctionGraph graph = Theano.function(List.of(x, h0), s.outputs()).mode(Mode.FAST_COMPILE)
        .backend("cuda-interp").build().graph();
    Program p = Lowering.lower(graph, "scan");
    assertThat(p.steps()).hasSize(1).first().isInstanceOf(Step.Loop.class);
    Step.Loop loop = (Step.Loop) p.steps().get(0);
    assertThat(CudaRenderer.render(p)).contains("scan: a host loop over its body's");
    RecordingDevice d = new RecordingDevice();
    List<Variable> roots = graph.roots();
    NDArray[] values = new NDArray[roots.size()];
    values[0] = NDArray.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 4, 2);
    values[1] = NDArray.of(new double[] {0.5, -0.5}, 2);
    for (int i = 2; i < values.length; i++) {
      values[i] = ((Constant) roots.get(i)).value();
    }
    NDArray out = new ProgramRunner(p, d).run(values)[0];
    assertThat(out.shape()).containsExactly(4, 2);
    // per step: one kernel per body step (its contiguous or strided variant), one row copy
    assertThat(d.launched).hasSize(4 * (loop.body().steps().size() + 1));
    assertThat(loop.deviceKernels().stream().map(k -> k.name()).toList())
        .containsAll(d.launched);
    assertThat(d.downloadsBeforeFinish).isZero();
  }

  @Test
  void runTimeErrorsAreTheJvmBackendsErrors() {
    Variable x = T.dvector("x");
    Variable y = T.dvector("y");
    Scan.Result s = Scan.scan(a -> List.of(a.get(0).add(a.get(1))), List.of(x, y),
        Arrays.asList((Object) null), List.of());
    Function f = Theano.function(List.of(x, y), s.outputs()).backend("cuda-interp").build();
    assertThatThrownBy(() -> f.call(new double[] {1, 2, 3}, new double[] {1, 2}))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("the sequences differ in length: sequence 0 'x'")
        .hasMessageContaining("CudaScanTest.java:");
  }

  /** FAST_RUN optimises the step for CUDA too: its elementwise tail is one fused kernel. */
  @Test
  void theStepIsOptimisedAndFusedForCuda() {
    Variable x = T.dmatrix("x");
    Variable h0 = T.dvector("h0");
    Scan.Result s = Scan.scan(a -> List.of(T.tanh(a.get(0).add(a.get(1).mul(2)).add(1))),
        List.of(x), List.of(h0), List.of());
    Function f = Theano.function(List.of(x, h0), s.outputs()).backend("cuda-interp").build();
    Program p = Lowering.lower(f.graph(), "fused");
    Step.Loop loop = (Step.Loop) p.steps().stream().filter(st -> st instanceof Step.Loop)
        .findFirst().orElseThrow();
    assertThat(loop.body().steps()).as("one fused elementwise step").hasSize(1);
    assertThat(loop.body().steps().get(0).node().op().describe()).contains("composite");
    Object[] args = {NDArray.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2),
        NDArray.of(new double[] {0.5, -0.5}, 2)};
    assertSame(both(List.of(x, h0), s.outputs(), Map.of(), "jvm", args),
        List.of(f.call(args).get(0)), 1e-12);
  }

  /** A scan inside a scan's step: a loop step inside the body's program. */
  @Test
  void nestedScansEqualTheJvm() {
    Variable m = T.dmatrix("m");
    Scan.Result r = Scan.scan(a -> List.of(Scan.scan(b -> List.of(b.get(0).mul(b.get(1))),
            List.of(a.get(0)), List.of(T.constant(NDArray.scalar(1.0))), List.of()).output(0)),
        List.of(m), Arrays.asList((Object) null), List.of());
    Object[] args = {NDArray.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3)};
    List<NDArray> jvm = both(List.of(m), r.outputs(), Map.of(), "jvm", args);
    assertThat(jvm.get(0).toDoubleArray()).containsExactly(1, 2, 6, 4, 20, 120);
    assertSame(jvm, both(List.of(m), r.outputs(), Map.of(), "cuda-interp", args), 0);
  }

  /** An ifelse in the step stays lazy on CUDA: the out-of-bounds branch runs only if taken. */
  @Test
  void ifelseInsideTheStepStaysLazy() {
    Variable x = T.dvector("x");
    Variable v = T.dvector("v");
    Scan.Result r = Scan.scan(a -> List.of(T.ifelse(a.get(0).gt(0),
            a.get(1).get(T.cast(a.get(0), DType.INT64)), a.get(0).neg())), List.of(x),
        Arrays.asList((Object) null), List.of(v));
    Function f = Theano.function(List.of(x, v), r.outputs()).backend("cuda-interp").build();
    assertThat(f.call(new double[] {-5, -3, 1}, new double[] {5, 6}).get(0).toDoubleArray())
        .containsExactly(5, 3, 6);
    assertThatThrownBy(() -> f.call(new double[] {-5, 7}, new double[] {5, 6}))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("index 7 is out of bounds for axis 0 with size 2");
  }
}
