package org.theano4j.cuda.lower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.autodiff.Grad;
import org.theano4j.cuda.interp.InterpDevice;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.scan.Scan;
import org.theano4j.tensor.T;

/**
 * Scalars on the device (backend {@code cuda-interp}): a scan's scalar rows and states are read
 * by the step's kernels, a slice they bound is a kernel reading its bounds on the device
 * ({@code DeviceSliceKernels}), so the loop downloads nothing before the call's end
 * ({@link InterpDevice#readbacks}) and its results equal the JVM backend's bit for bit; a
 * function's index input moves only a device-read offset, so calls with different indices
 * record the same work ({@link InterpDevice#lastRecord}: one CUDA graph on a GPU).
 */
public class DeviceScalarsTest {
  private static NDArray rand(Random r, int... shape) {
    int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextDouble() * 2 - 1;
    }
    return NDArray.of(v, shape);
  }

  /**
   * Equal within 1e-12 (float64: the interpreter's GEMM sums in its own
   * order, as cuBLAS does, so products differ from OpenBLAS's in the last bits).
   */
  public static void assertClose(String what, NDArray got, NDArray expected) {
    assertThat(got.shape()).as(what).isEqualTo(expected.shape());
    assertThat(got.allClose(expected, 1e-12, 1e-12)).as("%s: %s vs %s", what, got, expected)
        .isTrue();
  }

  /**
   * {@code train_model(index)}: an SGD step on the minibatch of 6 rows that {@code givens}
   * slices from a shared data set by the index (float64, 5 minibatches).
   */
  public static final class TrainModel {
    public final SharedVariable w;
    public final Function train;

    public TrainModel(String backend) {
      Random r = new Random(9);
      SharedVariable data = Theano.shared(rand(r, 30, 4), "data");
      w = Theano.shared(rand(r, 4, 2), "w");
      Variable x = T.dmatrix("x");
      Variable index = T.lscalar("index");
      Variable cost = T.sqr(T.dot(x, w)).mean();
      train = Theano.function(List.of(index), List.of(cost))
          .updates(Map.of(w, w.sub(Grad.grad(cost, w).mul(0.5))))
          .givens(Map.of(x, data.slice(index.mul(6), index.add(1).mul(6)))).backend(backend)
          .build();
    }
  }

  /**
   * A minibatch SGD epoch as a scan over indices (as mnist-tutorial's WholeEpoch): 40 rows
   * of float64 data in minibatches of {@code bs}, the call's argument the minibatches' order.
   */
  public static final class Epoch {
    public final SharedVariable w;
    public final Function f;

    public Epoch(String backend, int bs) {
      Random r = new Random(5);
      SharedVariable data = Theano.shared(rand(r, 40, 6), "data");
      SharedVariable target = Theano.shared(rand(r, 40, 3), "target");
      w = Theano.shared(rand(r, 6, 3), "w");
      Variable idx = T.lvector("idx");
      Scan.Result s = Scan.builder().name("Epoch").sequences(idx)
          .outputsInfo(Arrays.asList((Object) null)).step(a -> {
            Variable i = a.get(0);
            Variable lo = i.mul(bs);
            Variable hi = i.add(1).mul(bs);
            Variable err = T.dot(data.slice(lo, hi), w).sub(target.slice(lo, hi));
            Variable cost = T.sqr(err).mean();
            return Scan.Step.of(cost).updates(Map.of(w, w.sub(Grad.grad(cost, w).mul(0.1))));
          }).build();
      f = Theano.function(List.of(idx), s.outputs()).updates(s.updates()).backend(backend)
          .build();
    }
  }

  /**
   * The lowered programs of this test's graphs (the epoch over indices, the scalar states,
   * the train step with an index), for {@code NvccCompileTest}.
   */
  public static List<Program> programs() {
    List<Program> out = new ArrayList<>();
    out.add(Lowering.lower(new Epoch("cuda-interp", 5).f.graph(), "dscan"));
    Variable x = T.fmatrix("x");
    Variable c0 = T.iscalar("c0");
    Scan.Result s = Scan.builder().outputsInfo(c0, null).nonSequences(x).nSteps(4).fn(a -> {
      Variable c = a.get(0);
      return List.of(c.add(1), a.get(1).get(c).add(a.get(1).slice(c.mul(3), c.mul(3).add(2))
          .sum()));
    }).build();
    out.add(Lowering.lower(Theano.function(List.of(x, c0), List.of(s.output(0).get(-1),
        s.output(1))).backend("cuda-interp").build().graph(), "dstate"));
    return out;
  }

  @Test
  void anEpochOverIndicesReadsNothingBackAndEqualsTheJvm() {
    Epoch jvm = new Epoch("jvm", 5);
    Epoch dev = new Epoch("cuda-interp", 5);
    NDArray order = NDArray.of(new long[] {3, 0, 7, 1, 5, 2, 6, 4}, 8);
    List<List<String>> records = new ArrayList<>();
    for (int e = 0; e < 2; e++) {
      long before = InterpDevice.readbacks();
      NDArray got = dev.f.call(order).get(0);
      assertThat(InterpDevice.readbacks() - before).as("downloads inside the loop").isZero();
      records.add(InterpDevice.lastRecord());
      assertClose("epoch " + e + "'s costs", got, jvm.f.call(order).get(0));
      assertClose("w after epoch " + e, dev.w.getValue(), jvm.w.getValue());
    }
    // Each step slices the minibatch with the device-side kernel, and another order of the
    // same minibatches records the same work (one graph on a GPU for any order).
    assertThat(records.get(0).stream().filter(l -> l.startsWith("t4j_k00_scanop_b")
        && l.contains("_dynslice ")).count()).isEqualTo(2 * 8);
    dev.f.call(NDArray.of(new long[] {7, 6, 5, 4, 3, 2, 1, 0}, 8));
    assertThat(InterpDevice.lastRecord()).isEqualTo(records.get(1));
  }

  /** The step's lowering: the scalar row's arithmetic is kernels, the slices read it there. */
  @Test
  void theStepsScalarArithmeticAndSlicesAreKernels() {
    Epoch dev = new Epoch("cuda-interp", 5);
    Program p = Lowering.lower(dev.f.graph(), "t");
    Step.Loop loop = (Step.Loop) p.steps().stream().filter(s -> s instanceof Step.Loop)
        .findFirst().orElseThrow();
    assertThat(loop.body().steps()).noneMatch(s -> s instanceof Step.View
        && s.node().op() instanceof org.theano4j.tensor.Subtensor);
    assertThat(loop.body().steps().stream().filter(s -> s instanceof Step.Launch
        && ((Step.Launch) s).kernels() instanceof DeviceSliceKernels).count()).isEqualTo(2);
    Variable row = loop.body().graph().roots().get(0);
    assertThat(loop.body().steps()).as("no host step reads the scalar row")
        .noneMatch(s -> s instanceof Step.Host && s.node().inputs().contains(row));
  }

  /**
   * A scalar fed back (a counter as a recurrent output and as a carried state) indexes the
   * data on the device, negative positions counting from the end: no download, values equal
   * the JVM's bit for bit (no product involved).
   */
  @Test
  void scalarStatesIndexOnTheDevice() {
    for (boolean lastOnly : List.of(false, true)) {
      List<NDArray> expected = null;
      for (String backend : List.of("jvm", "cuda-interp")) {
        Variable x = T.dmatrix("x");
        Variable c0 = T.lscalar("c0");
        Scan.Result s = Scan.builder().sequences().outputsInfo(c0, null).nonSequences(x)
            .nSteps(4).fn(a -> {
              Variable c = a.get(0);
              Variable next = c.add(1);
              return List.of(next, a.get(1).get(c).mul(2).add(a.get(1).slice(c, c.add(2))
                  .sum()));
            }).build();
        List<Variable> outs = lastOnly
            ? List.of(s.output(0).get(-1), s.output(1)) : s.outputs();
        Function f = Theano.function(List.of(x, c0), outs).backend(backend).build();
        NDArray xv = NDArray.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14},
            7, 2);
        long before = InterpDevice.readbacks();
        List<NDArray> got = f.call(xv, -6L);
        if (backend.equals("jvm")) {
          expected = got;
          continue;
        }
        assertThat(InterpDevice.readbacks() - before).as("downloads, last only %s", lastOnly)
            .isZero();
        for (int i = 0; i < got.size(); i++) {
          assertThat(got.get(i).shape()).isEqualTo(expected.get(i).shape());
          assertThat(got.get(i).toDoubleArray()).as("output %d", i)
              .containsExactly(expected.get(i).toDoubleArray());
        }
      }
    }
  }

  /**
   * A slice whose length depends on the scalar ({@code x[i:2*i]}) is not step-invariant: it
   * stays a view whose bounds are downloaded (the host path); results still equal the JVM.
   */
  @Test
  void aSliceOfVaryingLengthTakesTheHostPath() {
    List<NDArray> results = new ArrayList<>();
    long readbacks = 0;
    for (String backend : List.of("jvm", "cuda-interp")) {
      Variable x = T.dvector("x");
      Variable idx = T.lvector("idx");
      Scan.Result s = Scan.scan(a -> List.of(a.get(1).slice(a.get(0), a.get(0).mul(2)).sum()),
          List.of(idx), Arrays.asList((Object) null), List.of(x));
      Function f = Theano.function(List.of(idx, x), s.outputs()).backend(backend).build();
      long before = InterpDevice.readbacks();
      results.add(f.call(new long[] {1, 2, 3}, new double[] {1, 2, 4, 8, 16, 32, 64}).get(0));
      readbacks = InterpDevice.readbacks() - before;
    }
    assertThat(results.get(1).toDoubleArray()).containsExactly(results.get(0).toDoubleArray())
        .containsExactly(2, 12, 56);
    assertThat(readbacks).as("one download per step's bounds").isGreaterThanOrEqualTo(3);
  }

  /**
   * Where the JVM backend would clip a device-side slice (it runs past the axis), the CUDA
   * backends refuse with the slice, its bounds and the resolved length.
   */
  @Test
  void aDeviceSliceOutsideItsAxisIsRefused() {
    Variable x = T.dvector("x");
    Variable idx = T.lvector("idx");
    Scan.Result s = Scan.scan(a -> List.of(a.get(1).slice(a.get(0), a.get(0).add(2)).sum()),
        List.of(idx), Arrays.asList((Object) null), List.of(x));
    Function f = Theano.function(List.of(idx, x), s.outputs()).backend("cuda-interp").build();
    assertThat(f.call(new long[] {0, 1}, new double[] {1, 2, 4}).get(0).toDoubleArray())
        .containsExactly(3, 6);
    assertThatThrownBy(() -> f.call(new long[] {0, 2}, new double[] {1, 2, 4}))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("selects elements 2 to 3 at run time, but its length was "
            + "resolved as 2")
        .hasMessageContaining("where the JVM backend would clip it")
        .hasMessageContaining("DeviceScalarsTest.java:");
    // a position outside the axis is the JVM backend's index error
    Scan.Result g = Scan.scan(a -> List.of(a.get(1).get(a.get(0))), List.of(idx),
        Arrays.asList((Object) null), List.of(x));
    Function h = Theano.function(List.of(idx, x), g.outputs()).backend("cuda-interp").build();
    assertThat(h.call(new long[] {-1, 0}, new double[] {1, 2, 4}).get(0).toDoubleArray())
        .containsExactly(4, 1);
    assertThatThrownBy(() -> h.call(new long[] {3}, new double[] {1, 2, 4}))
        .isInstanceOf(TheanoException.class).hasMessageContaining("index 3 is out of bounds");
  }

  /**
   * {@code train_model(index)} with the minibatch sliced by the index in {@code givens}: the
   * index only moves an offset read on the device, so calls for different minibatches record
   * the same work (on a GPU: one captured graph serves every minibatch), nothing is downloaded
   * before the end, and the SGD steps equal the JVM's bit for bit.
   */
  @Test
  void trainModelsIndexMovesOnlyADeviceOffset() {
    TrainModel jvm = new TrainModel("jvm");
    TrainModel dev = new TrainModel("cuda-interp");
    List<List<String>> records = new ArrayList<>();
    for (long i : new long[] {0, 3, 1, 4}) {
      jvm.train.call(i);
      long before = InterpDevice.readbacks();
      dev.train.call(i);
      assertThat(InterpDevice.readbacks() - before).isZero();
      records.add(InterpDevice.lastRecord());
    }
    assertClose("w", dev.w.getValue(), jvm.w.getValue());
    assertThat(records.get(0)).anyMatch(l -> l.contains("_dynslice "));
    for (int c = 1; c < records.size(); c++) {
      assertThat(records.get(c)).as("call %d's record", c).isEqualTo(records.get(0));
    }
  }

  /** An {@code until} condition is still read on the host each step (documented). */
  @Test
  void untilIsStillReadBackEachStep() {
    Variable limit = T.dscalar("limit");
    Scan.Result s = Scan.builder().outputsInfo(T.constant(NDArray.scalar(1.0)))
        .nonSequences(limit).nSteps(100).step(a -> {
          Variable next = a.get(0).mul(2);
          return Scan.Step.of(next).until(next.gt(a.get(1)));
        }).build();
    Function f = Theano.function(List.of(limit), s.outputs()).backend("cuda-interp").build();
    long before = InterpDevice.readbacks();
    assertThat(f.call(50.0).get(0).toDoubleArray()).containsExactly(2, 4, 8, 16, 32, 64);
    assertThat(InterpDevice.readbacks() - before).isEqualTo(6);
  }
}
