package org.theano4j.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.theano4j.rewrite.RewriteFixtures.assertClose;
import static org.theano4j.rewrite.RewriteFixtures.random;
import static org.theano4j.rewrite.RewriteFixtures.rewrite;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Apply;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Gemm;
import org.theano4j.tensor.T;

/**
 * The gemm and gemm-update rules fold an SGD update with an L2 term, {@code W − lr·(xᵀδ + l2·W)}, into one
 * {@code Gemm(xᵀ, δ, W, −lr, 1 − lr·l2)}, in place on the shared variable's buffer; results
 * equal the unrewritten graph's (DEBUG) in float64 on random shapes.
 */
class GemmUpdateFoldTest {
  private final Variable x = T.dmatrix("x");
  private final Variable d = T.dmatrix("d");
  private final Variable w = T.dmatrix("W");
  private final Variable lr = T.dscalar("lr");

  /** The two rules and constant folding, as the specialise phase runs them. */
  private static final Phase GEMM_AND_FOLD = Phase.of("t", SpecializeRules.GEMM,
      SpecializeRules.GEMM_UPDATE, ConstantFolding.RULE);

  @Test
  void l2DecayedUpdateBecomesOneGemmOnTheWeight() {
    Variable l2 = T.dscalar("l2");
    Variable update = w.sub(T.dot(x.T(), d).add(w.mul(l2)).mul(lr));
    assertThat(rewrite(List.of(x, d, w, lr, l2), List.of(update), GEMM_AND_FOLD))
        .isEqualTo("Gemm(DimShuffle{1,0}(x), d, W, mul(neg(lr), 1.0), "
            + "add(mul(neg(lr), l2), 1.0))");
  }

  @Test
  void aLengthOneL2CoefficientAndConstantRateFoldToConstants() {
    // autodiff's gradient of 1e-4·Σ(W²) scales W by a (1, 1) array
    Variable l2 = T.constant(NDArray.of(new double[] {2e-4}, 1, 1));
    Variable update = w.sub(T.dot(x.T(), d).add(T.mul(l2, w)).mul(0.01));
    assertThat(rewrite(List.of(x, d, w), List.of(update), GEMM_AND_FOLD))
        .isEqualTo("Gemm(DimShuffle{1,0}(x), d, W, -0.01, 0.999998)");
  }

  @Test
  void withoutGemmUpdateTheDecayedGradientIsAGemmAndTheUpdateStaysElementwise() {
    Variable update = w.sub(T.dot(x.T(), d).add(w.mul(2.0)).mul(lr));
    Function f = Theano.function(List.of(x, d, w, lr), List.of(update))
        .excluding("gemm-update").build();
    Apply out = f.graph().outputs().get(0).owner();
    assertThat(out.op()).isNotInstanceOf(Gemm.class);
    assertThat(f.graph().nodes().stream().filter(a -> a.op() instanceof Gemm).count())
        .isEqualTo(1);
  }

  @Test
  void anUpdateOfAnotherVariableIsNotFolded() {
    Variable v = T.dmatrix("V");
    Variable update = v.sub(T.dot(x.T(), d).add(w.mul(2.0)).mul(lr));
    // the gradient still becomes a Gemm with the L2 term as its bias; V stays outside it
    assertThat(rewrite(List.of(x, d, w, v, lr), List.of(update), GEMM_AND_FOLD))
        .isEqualTo("sub(V, mul(Gemm(DimShuffle{1,0}(x), d, W, 1.0, 2.0), lr))");
  }

  /** FAST_RUN against DEBUG on shared variables, several random shapes and both forms. */
  @Test
  void foldedUpdatesComputeWhatTheUnrewrittenGraphComputes() {
    Random rnd = new Random(41);
    int[][] shapes = {{1, 1, 1}, {3, 5, 2}, {20, 17, 9}, {7, 1, 30}};
    for (int[] s : shapes) {
      int n = s[0];
      int in = s[1];
      int out = s[2];
      NDArray w0 = random(DType.FLOAT64, new int[] {in, out}, rnd);
      NDArray xv = random(DType.FLOAT64, new int[] {n, in}, rnd);
      NDArray dv = random(DType.FLOAT64, new int[] {n, out}, rnd);
      double rate = 0.01 + rnd.nextDouble();
      for (boolean l2Term : new boolean[] {true, false}) {
        NDArray want = step(Mode.DEBUG, w0, xv, dv, rate, l2Term, false);
        NDArray got = step(Mode.FAST_RUN, w0, xv, dv, rate, l2Term, true);
        assertClose(got, want, "shape " + java.util.Arrays.toString(s) + ", l2 " + l2Term);
        assertClose(step(Mode.FAST_RUN, w0, xv, dv, rate, l2Term, false, "gemm-update"), want,
            "without gemm-update");
      }
    }
  }

  /**
   * One call of {@code W ← W − lr·(xᵀd [+ 1e-3·W])} from {@code w0} in {@code mode}; with
   * {@code checkFolded}, asserts that the update is one Gemm whose bias is W and that the
   * call wrote into W's buffer.
   */
  private NDArray step(Mode mode, NDArray w0, NDArray xv, NDArray dv, double rate,
      boolean l2Term, boolean checkFolded, String... excluding) {
    SharedVariable ws = Theano.shared(w0, "W");
    Variable grad = T.dot(x.T(), d);
    if (l2Term) {
      grad = grad.add(ws.mul(1e-3));
    }
    Function f = Theano.function(List.of(x, d, lr), List.of())
        .updates(Map.of(ws, ws.sub(grad.mul(lr)))).mode(mode).excluding(excluding).build();
    NDArray before = ws.getValue(true);
    f.call(xv, dv, rate);
    if (checkFolded) {
      FunctionGraph g = f.graph();
      Apply update = g.outputs().get(g.outputs().size() - 1).owner();
      assertThat(update.op()).isInstanceOf(Gemm.class);
      assertThat(update.input(2)).isSameAs(ws);
      assertThat(g.nodes().stream().filter(a -> a.op() instanceof Gemm).count()).isEqualTo(1);
      assertThat(ws.getValue(true).storage()).as("updated in place").isSameAs(before.storage());
    }
    return ws.getValue();
  }
}
