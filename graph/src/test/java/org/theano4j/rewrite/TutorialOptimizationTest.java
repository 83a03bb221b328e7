package org.theano4j.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Apply;
import org.theano4j.tensor.CrossentropySoftmax1Hot;
import org.theano4j.tensor.Gemm;
import org.theano4j.tensor.Softmax;
import org.theano4j.tensor.CrossentropySoftmax1HotWithSoftmax;

/** What FAST_RUN makes of the tutorial's training step. */
class TutorialOptimizationTest {
  private final TutorialGraphs t = new TutorialGraphs();

  @Test
  void theTrainingStepIsStabilisedSpecialisedFusedAndUpdatesInPlace() {
    Optimizer.Result c = t.trainGraph(Mode.FAST_RUN);
    FunctionGraph g = c.graph();
    assertThat(c.report().nodesAfter()).isLessThan(c.report().nodesBefore());
    // The cost's cross-entropy and the gradient's softmax of the same logits are one node
    // (share-softmax), so each row's exponentials are computed once.
    assertThat(count(g, CrossentropySoftmax1HotWithSoftmax.class)).isEqualTo(1);
    assertThat(count(g, CrossentropySoftmax1Hot.class)).isZero();
    assertThat(count(g, Softmax.class)).isZero();
    assertThat(count(g, Gemm.class)).isEqualTo(2);
    // W ← W - 0.13·xᵀg is one GEMM writing into W, and b's update writes into b; both last.
    List<Apply> nodes = g.nodes();
    Apply last = nodes.get(nodes.size() - 1);
    Apply beforeLast = nodes.get(nodes.size() - 2);
    assertThat(List.of(last.op(), beforeLast.op())).anyMatch(op -> op instanceof Gemm);
    assertThat(g.destroyedInput(last)).isNotNegative();
    assertThat(g.destroyedInput(beforeLast)).isNotNegative();
    assertThat(List.of(last.input(g.destroyedInput(last)),
        beforeLast.input(g.destroyedInput(beforeLast)))).containsExactlyInAnyOrder(t.w, t.b);
  }

  @Test
  void fastCompileOnlyMerges() {
    Optimizer.Result c = t.trainGraph(Mode.FAST_COMPILE);
    assertThat(count(c.graph(), Gemm.class)).isZero();
    assertThat(c.graph().destroyMap()).isEmpty();
    assertThat(c.report().phases()).extracting(RewriteReport.PhaseStats::phase)
        .containsExactly("merge");
  }

  @Test
  void shareSoftmaxCanBeExcluded() {
    Optimizer.Result c = t.trainGraph(Mode.FAST_RUN, ShareSoftmax.NAME);
    assertThat(count(c.graph(), CrossentropySoftmax1HotWithSoftmax.class)).isZero();
    assertThat(count(c.graph(), CrossentropySoftmax1Hot.class)).isEqualTo(1);
    assertThat(count(c.graph(), Softmax.class)).isEqualTo(1);
  }

  private static long count(FunctionGraph g, Class<?> op) {
    return g.nodes().stream().filter(a -> op.isInstance(a.op())).count();
  }
}
