package org.theano4j.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.scan.Scan;
import org.theano4j.tensor.Dot;
import org.theano4j.tensor.Gemm;
import org.theano4j.tensor.ScanOp;
import org.theano4j.tensor.T;

/**
 * The backward scan reads the forward step's intermediate values (ScanGrads' residuals) from
 * extra outputs of the forward loop, which {@code scan-merge} makes one loop with the forward
 * scan, instead of recomputing them: a gated cell {@code h' = σ(x W + h U)·tanh(x V)}.
 */
class ScanResidualsTest {
  private final Variable xs = T.dtensor3("xs");
  private final Variable h0 = T.dmatrix("h0");
  private final Variable w = T.dmatrix("w");
  private final Variable u = T.dmatrix("u");
  private final Variable v = T.dmatrix("v");

  private List<Variable> cell(Variable x, Variable h, Variable wv, Variable uv, Variable vv) {
    Variable gate = T.sigmoid(T.dot(x, wv).add(T.dot(h, uv)));
    return List.of(gate.mul(T.tanh(T.dot(x, vv))));
  }

  private List<Variable> outputs() {
    Variable hs = Scan.scan(a -> cell(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4)),
        List.of(xs), List.of(h0), List.of(w, u, v)).output(0);
    Variable cost = T.sum(T.sqr(hs));
    List<Variable> out = new ArrayList<>(List.of(cost));
    out.addAll(Grad.grad(cost, List.of(xs, h0, w, u, v)));
    return out;
  }

  private static List<Apply> scans(Function f) {
    return f.graph().nodes().stream().filter(a -> a.op() instanceof ScanOp).toList();
  }

  private Object[] args(long seed) {
    Random r = new Random(seed);
    return new Object[] {rand(r, 4, 3, 2), rand(r, 3, 5), rand(r, 2, 5), rand(r, 5, 5),
        rand(r, 2, 5)};
  }

  /** Uniform in [-1, 1) ({@link ScanGradTest#rand}). */
  private static NDArray rand(Random r, int... shape) {
    return ScanGradTest.rand(r, 1, shape);
  }

  private Function compile(Mode mode, String... excluding) {
    return Theano.function(List.of(xs, h0, w, u, v), outputs()).mode(mode).excluding(excluding)
        .build();
  }

  @Test
  void theBackwardStepRecomputesNoActivationAndNoProduct() {
    Function f = compile(Mode.FAST_RUN);
    List<Apply> scans = scans(f);
    assertThat(scans).as("the forward loop and its copy with the residuals merged").hasSize(2);
    Apply backward = scans.stream().filter(a -> ((ScanOp) a.op()).name().endsWith("_grad"))
        .findFirst().orElseThrow();
    ScanOp op = (ScanOp) backward.op();
    for (Apply a : Graphs.toposort(op.innerOutputs())) {
      // also inside fused composites
      assertThat(a.op().describe()).doesNotContain("sigmoid", "tanh");
    }
    // the backward step's products are the vector-Jacobian products only: δ·Uᵀ (the carried
    // state's gradient) and the sequence gradient's δ·Wᵀ + δ'·Vᵀ, none with the forward's x·W,
    // h·U or x·V
    long products = Graphs.toposort(op.innerOutputs()).stream()
        .filter(a -> a.op() instanceof Dot || a.op() instanceof Gemm).count();
    assertThat(products).isLessThanOrEqualTo(3);
  }

  @Test
  void valuesEqualTheUnmergedAndUnoptimisedFunctions() {
    Function fast = compile(Mode.FAST_RUN);
    Function unmerged = compile(Mode.FAST_RUN, "scan-merge");
    Function plain = compile(Mode.FAST_COMPILE);
    assertThat(scans(unmerged)).as("without scan-merge the forward runs twice").hasSize(3);
    for (long seed = 1; seed <= 3; seed++) {
      Object[] a = args(seed);
      List<NDArray> want = plain.call(a);
      List<NDArray> got = fast.call(a);
      List<NDArray> un = unmerged.call(a);
      for (int i = 0; i < want.size(); i++) {
        assertThat(got.get(i).allClose(want.get(i), 1e-12, 1e-12)).as("output " + i).isTrue();
        assertThat(un.get(i).toDoubleArray()).as("output " + i)
            .containsExactly(got.get(i).toDoubleArray());
      }
    }
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    Random r = new Random(11);
    GradCheck.verify(p -> Scan.scan(a -> cell(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4)),
        List.of(p.get(0)), List.of(p.get(1)), List.of(p.get(2), p.get(3), p.get(4))).output(0),
        List.of(rand(r, 4, 3, 2), rand(r, 3, 5), rand(r, 2, 5), rand(r, 5, 5), rand(r, 2, 5)));
  }
}
