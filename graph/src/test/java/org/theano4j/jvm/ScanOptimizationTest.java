package org.theano4j.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.scan.Scan;
import org.theano4j.tensor.Composite;
import org.theano4j.tensor.DimShuffle;
import org.theano4j.tensor.ScanOp;
import org.theano4j.tensor.T;

/**
 * The optimiser on scans: the step compiled with rewrites and fusion, loop-invariant nodes
 * hoisted, an output used only through its last row kept without history; each checked by
 * inspecting the compiled graph and by the results, equal to those of FAST_COMPILE (no scan
 * rewrite) and of a direct loop.
 */
class ScanOptimizationTest {
  private static final Random R = new Random(5);

  private static NDArray rand(int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = R.nextDouble() * 2 - 1;
    }
    return NDArray.of(v, shape);
  }

  private static ScanOp scanOf(Function f) {
    List<ScanOp> ops = f.graph().nodes().stream().map(Apply::op)
        .filter(o -> o instanceof ScanOp).map(o -> (ScanOp) o).toList();
    assertEquals(1, ops.size(), "scan nodes in " + f.graph().nodes());
    return ops.get(0);
  }

  /** h_t = tanh(x_t + h_{t-1} W^T * 2b): W^T and 2b are loop-invariant. */
  private static Scan.Result rnn(Variable x, Variable h0, Variable w, Variable b) {
    return Scan.scan(a -> List.of(T.tanh(a.get(0).add(T.dot(a.get(1), a.get(2).T())
        .mul(a.get(3).mul(2))))), List.of(x), List.of(h0), List.of(w, b));
  }

  private static double[] reference(NDArray x, NDArray h0, NDArray w, NDArray b) {
    int steps = x.shape(0);
    int n = h0.shape(0);
    double[] h = h0.toDoubleArray();
    double[] out = new double[steps * n];
    for (int t = 0; t < steps; t++) {
      double[] nh = new double[n];
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += h[k] * w.getDouble(j, k);
        }
        nh[j] = Math.tanh(x.getDouble(t, j) + s * 2 * b.getDouble(j));
      }
      h = nh;
      System.arraycopy(h, 0, out, t * n, n);
    }
    return out;
  }

  @Test
  void loopInvariantNodesAreHoistedAndTheStepIsFused() {
    Variable x = T.dmatrix("x");
    Variable h0 = T.dvector("h0");
    Variable w = T.dmatrix("W");
    Variable b = T.dvector("b");
    Scan.Result r = rnn(x, h0, w, b);
    Function fast = Theano.function(List.of(x, h0, w, b), r.outputs()).build();
    ScanOp op = scanOf(fast);
    List<Apply> inner = org.theano4j.graph.Graphs.toposort(op.innerOutputs());
    assertFalse(inner.stream().anyMatch(a -> a.op() instanceof DimShuffle),
        "W.T is computed before the loop: " + inner);
    assertEquals(4, op.nNonSeqs(), "W, b, W.T and 2b");
    Function kept = Theano.function(List.of(x, h0, w, b), r.outputs())
        .excluding("scan-hoist").build();
    assertTrue(org.theano4j.graph.Graphs.toposort(scanOf(kept).innerOutputs()).stream()
        .anyMatch(a -> a.op() instanceof DimShuffle));
    // the step is compiled with fusion: the elementwise tail is one Composite
    Function step = ScanKernel.compiled(fast.graph().nodes().stream()
        .filter(a -> a.op() == op).findFirst().orElseThrow());
    assertTrue(step.graph().nodes().stream()
        .anyMatch(a -> a.op() instanceof org.theano4j.tensor.Elemwise
            && ((org.theano4j.tensor.Elemwise) a.op()).scalar() instanceof Composite),
        "fused step: " + step.graph().nodes());
    NDArray xv = rand(6, 3);
    NDArray hv = rand(3);
    NDArray wv = rand(3, 3);
    NDArray bv = rand(3);
    double[] want = reference(xv, hv, wv, bv);
    for (Function f : List.of(fast, kept, Theano.function(List.of(x, h0, w, b), r.outputs())
        .mode(Mode.FAST_COMPILE).build())) {
      double[] got = f.call(xv, hv, wv, bv).get(0).toDoubleArray();
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], got[i], 1e-12);
      }
    }
  }

  /**
   * Non-sequences given as constants become the compiled step's constants, and a variable
   * passed twice is read through its first input: h_t = tanh(h·c1·w + h·c2·w + x_t) with c1, c2
   * equal constants and w passed twice reads none of the other three inputs.
   */
  @Test
  void constantAndRepeatedNonSequencesBecomeTheStepsOwn() {
    Variable x = T.dmatrix("x");
    Variable h0 = T.dvector("h0");
    Variable w = T.dvector("w");
    Variable c1 = T.constant(NDArray.of(new double[] {0.5, -2, 3}, 3));
    Variable c2 = T.constant(NDArray.of(new double[] {0.5, -2, 3}, 3));
    Scan.Result r = Scan.builder().sequences(x).outputsInfo(h0).nonSequences(c1, w, c2, w)
        .fn(a -> List.of(T.tanh(a.get(1).mul(a.get(2)).mul(a.get(3))
            .add(a.get(1).mul(a.get(4)).mul(a.get(5))).add(a.get(0)))))
        .build();
    Function f = Theano.function(List.of(x, h0, w), r.outputs()).build();
    Apply scan = f.graph().nodes().stream().filter(a -> a.op() instanceof ScanOp).findFirst()
        .orElseThrow();
    ScanOp op = (ScanOp) scan.op();
    Function step = ScanKernel.compiled(scan);
    java.util.Set<Variable> read = java.util.Collections.newSetFromMap(
        new java.util.IdentityHashMap<>());
    step.graph().nodes().forEach(a -> read.addAll(a.inputs()));
    for (int i = 0; i < op.nNonSeqs(); i++) {
      Variable outer = scan.input(op.firstNonSeqInput() + i);
      Variable inner = op.innerInputs().get(op.firstInnerNonSeq() + i);
      boolean firstW = outer == w && scan.inputs().indexOf(w) == op.firstNonSeqInput() + i;
      assertEquals(firstW, read.contains(inner), "non-sequence " + i + " (" + outer + ") read");
    }
    NDArray xv = rand(4, 3);
    NDArray hv = rand(3);
    NDArray wv = rand(3);
    double[] c = {0.5, -2, 3};
    double[] h = hv.toDoubleArray();
    double[] got = f.call(xv, hv, wv).get(0).toDoubleArray();
    for (int t = 0; t < 4; t++) {
      for (int j = 0; j < 3; j++) {
        double hc = h[j] * c[j] * wv.getDouble(j);
        h[j] = Math.tanh(hc + hc + xv.getDouble(t, j));
        assertEquals(h[j], got[t * 3 + j], 1e-12, "h[" + t + "][" + j + "]");
      }
    }
  }

  @Test
  void anOutputUsedOnlyThroughItsLastRowKeepsNoHistory() {
    Variable x = T.dmatrix("x");
    Variable h0 = T.dvector("h0");
    Variable w = T.dmatrix("W");
    Variable b = T.dvector("b");
    Scan.Result r = rnn(x, h0, w, b);
    Variable last = r.output(0).get(-1);
    Function fast = Theano.function(List.of(x, h0, w, b), List.of(last)).build();
    ScanOp op = scanOf(fast);
    assertEquals(0, op.nOuts(), "no stacked output left");
    assertEquals(1, op.nStates(), "the hidden state carried without history");
    Function both = Theano.function(List.of(x, h0, w, b), List.of(last, r.output(0))).build();
    assertEquals(1, scanOf(both).nOuts(), "the history is an output: kept");
    Function kept = Theano.function(List.of(x, h0, w, b), List.of(last))
        .excluding("scan-last-only").build();
    assertEquals(1, scanOf(kept).nOuts());
    NDArray xv = rand(5, 4);
    NDArray hv = rand(4);
    NDArray wv = rand(4, 4);
    NDArray bv = rand(4);
    double[] want = reference(xv, hv, wv, bv);
    double[] tail = java.util.Arrays.copyOfRange(want, want.length - 4, want.length);
    for (Function f : List.of(fast, kept, both)) {
      double[] got = f.call(xv, hv, wv, bv).get(0).toDoubleArray();
      for (int i = 0; i < 4; i++) {
        assertEquals(tail[i], got[i], 1e-12);
      }
    }
    assertArrayEquals(new int[] {4}, fast.call(xv, hv, wv, bv).get(0).shape());
  }

  @Test
  void untilWithTheLastRowOnly() {
    Variable limit = T.dscalar("limit");
    Scan.Result r = Scan.builder().outputsInfo(T.constant(NDArray.scalar(1.0))).nSteps(50)
        .nonSequences(limit).step(a -> Scan.Step.of(a.get(0).mul(3))
            .until(a.get(0).mul(3).gt(a.get(1)))).build();
    Function f = Theano.function(List.of(limit), List.of(r.output(0).get(-1))).build();
    assertEquals(1, scanOf(f).nStates());
    assertEquals(243.0, f.call(100.0).get(0).getDouble());
  }
}
