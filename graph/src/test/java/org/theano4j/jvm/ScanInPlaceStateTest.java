package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Storage;
import org.theano4j.ndarray.StoragePool;
import org.theano4j.scan.Scan;
import org.theano4j.tensor.Gemm;
import org.theano4j.tensor.ScanOp;
import org.theano4j.tensor.T;

/**
 * A carried state that the loop owns is updated in place by the step (the weight update's
 * GEMM writes into the state's buffer, as {@code train_model}'s writes into its shared
 * variable), while the caller's initial value is never written: it is copied once into a
 * buffer of the loop's own, which the steps then update.
 */
class ScanInPlaceStateTest {
  private static final int STEPS = 5;
  private static final Random RND = new Random(7);
  private static final double[] XS = random(STEPS * 3 * 4);
  private static final double[] YS = random(STEPS * 3 * 2);
  private static final double[] W0 = random(4 * 2);

  private static double[] random(int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = RND.nextDouble() * 2 - 1;
    }
    return d;
  }

  /** W after each step of W ← W − 0.1·x_tᵀ·y_t from {@code w0}, written out; row t is W_t. */
  private static double[][] reference(double[] w0) {
    double[][] ws = new double[STEPS + 1][];
    ws[0] = w0.clone();
    for (int t = 0; t < STEPS; t++) {
      double[] w = ws[t].clone();
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 2; j++) {
          double g = 0;
          for (int b = 0; b < 3; b++) {
            g += XS[(t * 3 + b) * 4 + i] * YS[(t * 3 + b) * 2 + j];
          }
          w[i * 2 + j] -= 0.1 * g;
        }
      }
      ws[t + 1] = w;
    }
    return ws;
  }

  private static double sum(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }

  private static Apply scanOf(Function f) {
    return f.graph().nodes().stream().filter(n -> n.op() instanceof ScanOp).findFirst()
        .orElseThrow();
  }

  /** The compiled step's GEMM overwrites state {@code i} (an inner input), per its plan. */
  private static void assertGemmOverwritesState(Apply scan, int i) {
    ScanOp op = (ScanOp) scan.op();
    Function step = ScanKernel.compiled(scan);
    Variable state = op.innerInputs().get(op.firstInnerState() + i);
    assertThat(step.graph().destroyMap().entrySet())
        .as("the step's in-place plan: %s", step.graph().nodes())
        .anyMatch(e -> e.getKey().op() instanceof Gemm
            && e.getKey().input(e.getValue()) == state);
  }

  /**
   * (x, y) → sum(W_t) per step, with the update W ← W − 0.1·x_tᵀ·y_t inside the loop, of a
   * scan over x and y; W starts at {@link #W0}.
   */
  private record Sgd(Variable x, Variable y, SharedVariable w, Function f) {
    static Sgd compile() {
      Variable x = T.dtensor3("x");
      Variable y = T.dtensor3("y");
      SharedVariable w = Theano.shared(NDArray.of(W0, 4, 2), "w");
      Scan.Result r = Scan.builder().sequences(x, y).outputsInfo((Object) null)
          .step(a -> Scan.Step.of(w.sum()).updates(Map.of(w,
              w.sub(T.dot(a.get(0).transpose(), a.get(1)).mul(0.1)))))
          .build();
      return new Sgd(x, y, w,
          Theano.function(List.of(x, y), r.outputs()).updates(r.updates()).build());
    }
  }

  private static void assertClose(double[] want, double[] got, String what) {
    assertThat(got).as(what).hasSameSizeAs(want);
    for (int k = 0; k < got.length; k++) {
      assertThat(got[k]).as("%s[%d]", what, k).isCloseTo(want[k], within(1e-12));
    }
  }

  @Test
  void aSharedWeightUpdatedInsideTheLoopGivesTheDirectLoopsValuesAndLeavesTheOldOne() {
    Sgd s = Sgd.compile();
    SharedVariable w = s.w();
    assertGemmOverwritesState(scanOf(s.f()), 0);
    for (int call = 0; call < 2; call++) {
      NDArray initial = w.getValue(true);
      double[] initialValues = initial.toDoubleArray();
      double[][] want = reference(initialValues);
      NDArray sums = s.f().call(NDArray.of(XS, STEPS, 3, 4), NDArray.of(YS, STEPS, 3, 2)).get(0);
      for (int t = 0; t < STEPS; t++) {
        assertThat(sums.getDouble(t)).as("call %d step %d", call, t)
            .isCloseTo(sum(want[t]), within(1e-12));
      }
      assertClose(want[STEPS], w.getValue().toDoubleArray(), "W after call " + call);
      assertThat(initial.toDoubleArray()).as("the value before the call, untouched")
          .containsExactly(initialValues);
      assertThat(w.getValue(true).storage()).isNotSameAs(initial.storage());
    }
  }

  /**
   * The loop itself: the copy of the initial value is the one buffer every step updates. The
   * copy is allocated while the loop runs, from the calling thread's pool, which here holds
   * one buffer of W's size; the final state comes back in that very buffer (a step computing
   * its new state out of place would return one of the step's own).
   */
  @Test
  void everyStepUpdatesTheLoopsCopyInPlace() {
    Sgd s = Sgd.compile();
    Apply node = scanOf(s.f());
    Map<Variable, NDArray> values = Map.of(s.x(), NDArray.of(XS, STEPS, 3, 4),
        s.y(), NDArray.of(YS, STEPS, 3, 2), s.w(), NDArray.of(W0, 4, 2));
    NDArray[] in = node.inputs().stream().map(v -> {
      assertThat(values).as("the scan's inputs").containsKey(v);
      return values.get(v);
    }).toArray(NDArray[]::new);
    int state = node.inputs().indexOf(s.w());
    Storage buffer = Storage.allocate(DType.FLOAT64, 8);
    StoragePool pool = new StoragePool();
    pool.give(buffer);
    StoragePool previous = pool.enter();
    NDArray[] out;
    try {
      out = ScanKernel.run(node, in);
    } finally {
      StoragePool.exit(previous);
    }
    ScanOp op = (ScanOp) node.op();
    NDArray last = out[op.nOuts() + state - op.firstStateInput()];
    assertThat(last.storage()).as("the final state's buffer").isSameAs(buffer);
    assertThat(in[state].toDoubleArray()).as("the initial value").containsExactly(W0);
    assertClose(reference(W0)[STEPS], last.toDoubleArray(), "W");
  }

  @Test
  void aStateFromTheCallersArgumentIsCopiedOnceAndNeverWritten() {
    Variable x = T.dtensor3("x");
    Variable y = T.dtensor3("y");
    Variable w0 = T.dmatrix("w0");
    // fed back at tap -1 and read only through its last row: a carried state (scan-last-only)
    Scan.Result r = Scan.builder().sequences(x, y).outputsInfo(w0)
        .step(a -> Scan.Step.of(a.get(2).sub(T.dot(a.get(0).transpose(), a.get(1)).mul(0.1))))
        .build();
    Function f = Theano.function(List.of(x, y, w0), List.of(r.output(0).get(-1))).build();
    Apply scan = scanOf(f);
    assertThat(((ScanOp) scan.op()).nStates()).as("scan-last-only made W a state").isEqualTo(1);
    assertGemmOverwritesState(scan, 0);
    NDArray arg = NDArray.of(W0, 4, 2);
    NDArray last = f.call(NDArray.of(XS, STEPS, 3, 4), NDArray.of(YS, STEPS, 3, 2), arg).get(0);
    assertThat(arg.toDoubleArray()).as("the caller's array").containsExactly(W0);
    assertClose(reference(W0)[STEPS], last.toDoubleArray(), "W");
  }

  /**
   * The loop gives the step's outputs back to the step's pool once copied into their rows, and
   * superseded states it owns; never a buffer still read: here an output that is the sequence's
   * row, one that is a non-sequence, two outputs of one value, an output that is also the new
   * state of a shared variable, over two calls against a direct loop.
   */
  @Test
  void buffersGivenBackAreNeverOnesStillInUse() {
    Variable x = T.dmatrix("x");
    Variable h0 = T.dvector("h0");
    Variable w = T.dvector("w");
    SharedVariable acc = Theano.shared(NDArray.of(new double[] {1, 2}, 2), "acc");
    Scan.Result r = Scan.builder().sequences(x).outputsInfo(null, h0, null, null, null)
        .nonSequences(w).step(a -> {
          Variable h = a.get(1).mul(0.5).add(a.get(0)).add(acc);
          return Scan.Step.of(a.get(0), h, h, a.get(2), acc.mul(w))
              .updates(Map.of(acc, acc.mul(w)));
        }).build();
    Function f = Theano.function(List.of(x, h0, w), r.outputs()).updates(r.updates()).build();
    double[] xs = {1, -1, 2, 0.5, -3, 4, 0.25, 8};
    double[] wv = {0.5, 3};
    double[] a = {1, 2};
    for (int call = 0; call < 2; call++) {
      double[] h = {0.5, -0.5};
      List<NDArray> out = f.call(NDArray.of(xs, 4, 2), h, wv);
      double[][] got = out.stream().map(NDArray::toDoubleArray).toArray(double[][]::new);
      for (int t = 0; t < 4; t++) {
        for (int k = 0; k < 2; k++) {
          h[k] = h[k] * 0.5 + xs[2 * t + k] + a[k];
          a[k] *= wv[k];
          assertThat(got[0][2 * t + k]).as("row of x, %d %d", t, k).isEqualTo(xs[2 * t + k]);
          assertThat(got[1][2 * t + k]).as("h %d %d", t, k).isEqualTo(h[k]);
          assertThat(got[2][2 * t + k]).as("h again %d %d", t, k).isEqualTo(h[k]);
          assertThat(got[3][2 * t + k]).as("w %d %d", t, k).isEqualTo(wv[k]);
          assertThat(got[4][2 * t + k]).as("new acc %d %d", t, k).isEqualTo(a[k]);
        }
      }
      assertThat(acc.getValue().toDoubleArray()).containsExactly(a);
    }
  }

  @Test
  void callCopiesAnArgumentTheFunctionMayOverwrite() {
    Variable v = T.dvector("v");
    Variable d = T.dvector("d");
    Function f = Theano.function(List.of(v, d), List.of(v.sub(d.mul(0.5))))
        .destroyableInputs(Map.of(v, 0)).build();
    assertThat(f.graph().destroyMap()).as("the plan overwrites v").hasSize(1);
    NDArray arg = NDArray.of(new double[] {1, 2}, 2);
    assertThat(f.call(arg, new double[] {2, 2}).get(0).toDoubleArray()).containsExactly(0, 1);
    assertThat(arg.toDoubleArray()).containsExactly(1, 2);
    // and runGraph, on a buffer its caller owns, writes into it
    NDArray own = NDArray.of(new double[] {1, 2}, 2);
    List<Variable> roots = f.graph().roots();
    NDArray[] args = new NDArray[roots.size()];
    args[0] = own;
    args[1] = NDArray.of(new double[] {2, 2}, 2);
    for (int i = 2; i < args.length; i++) {
      args[i] = ((Constant) roots.get(i)).value();
    }
    NDArray out = f.runGraph(args)[0];
    assertThat(out.storage()).isSameAs(own.storage());
    assertThat(own.toDoubleArray()).containsExactly(0, 1);
  }

  @Test
  void destroyableInputsMustNameAnInputAndAnOutput() {
    Variable v = T.dvector("v");
    Variable other = T.dvector("other");
    assertThatThrownBy(() -> Theano.function(List.of(v), List.of(v.mul(2)))
        .destroyableInputs(Map.of(other, 0)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("destroyableInputs: 'other'")
        .hasMessageContaining("expected one of the 1 inputs and an output index in [0, 1)");
    assertThatThrownBy(() -> Theano.function(List.of(v), List.of(v.mul(2)))
        .destroyableInputs(Map.of(v, 1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-> output 1");
  }
}
