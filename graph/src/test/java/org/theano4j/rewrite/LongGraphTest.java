package org.theano4j.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.Graphs;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Composite;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.T;

/**
 * Long graphs compile: fusion splits long elementwise chains into kernels within the caps
 * (and builds them in linear time: 8,000 chained adds used to run out of a 2 GB heap), and
 * shape rewrites cross long chains in one pass. Compile times are measured by
 * {@link CompileTimeBenchmark}, not asserted here.
 */
class LongGraphTest {
  private final Variable x = T.dvector("x");
  private final double[] xs = {1.5, -2.0, 0.25};

  /** The FAST_RUN graph of {@code outputs} (phases only, without the in-place plan). */
  private static List<Apply> optimised(List<Variable> inputs, Variable... outputs) {
    return Graphs.toposort(new Rewriter(false).run(Optimizer.phases(Mode.FAST_RUN),
        List.of(outputs), inputs));
  }

  @Test
  void aSixtyDeepTanhChainUsedForItsShapeCompilesAndTheChainDies() {
    Variable y = x;
    for (int i = 0; i < 60; i++) {
      y = T.tanh(y);
    }
    Variable len = T.shapeOf(y, 0);
    assertThat(optimised(List.of(x), len)).extracting(a -> a.op().getClass().getSimpleName())
        .containsExactly("ShapeI");
    List<NDArray> r = RewriteFixtures.compile(Mode.FAST_RUN, List.of(x), List.of(len, y))
        .call(NDArray.of(xs, 3));
    assertThat(r.get(0).getLong()).isEqualTo(3);
    for (int k = 0; k < 3; k++) {
      double want = xs[k];
      for (int i = 0; i < 60; i++) {
        want = Math.tanh(want);
      }
      assertThat(r.get(1).getDouble(k)).isCloseTo(want, org.assertj.core.api.Assertions
          .within(1e-15));
    }
  }

  @Test
  void chainsOfOneAndEightThousandAddsCompileIntoCappedKernels() {
    for (int n : new int[] {1000, 8000}) {
      Variable y = CompileTimeBenchmark.addChain(x, n);
      List<Apply> nodes = optimised(List.of(x), y);
      int steps = 0;
      for (Apply a : nodes) {
        Composite c = (Composite) ((Elemwise) a.op()).scalar();
        assertThat(c.program().size()).isLessThanOrEqualTo(FusionRule.MAX_OPS);
        steps += c.program().size();
      }
      // Every add is kept (x + 1 + 1 is not folded), split into full kernels.
      assertThat(steps).isEqualTo(n);
      assertThat(nodes).hasSize((n + FusionRule.MAX_OPS - 1) / FusionRule.MAX_OPS);
      NDArray got = RewriteFixtures.compile(Mode.FAST_RUN, List.of(x), List.of(y))
          .call(NDArray.of(xs, 3)).get(0);
      for (int k = 0; k < 3; k++) {
        // Adding 1.0 n times to these values is exact in float64.
        assertThat(got.getDouble(k)).isEqualTo(xs[k] + n);
      }
    }
  }

  @Test
  void aSumOfAHundredInputsIsSplitIntoKernelsOfAtMostThirtyTwoInputs() {
    List<Variable> ins = new ArrayList<>();
    Variable y = null;
    for (int i = 0; i < 100; i++) {
      Variable v = T.dvector("v" + i);
      ins.add(v);
      // Factors 2..101: none is rewritten away (x * 1 would be).
      y = y == null ? v.mul(i + 2.0) : y.add(v.mul(i + 2.0));
    }
    List<Apply> nodes = optimised(ins, y);
    int steps = 0;
    for (Apply a : nodes) {
      assertThat(a.inputs().size()).isLessThanOrEqualTo(FusionRule.MAX_INPUTS);
      // A product that would take a full group past the cap stays a node of its own.
      steps += ((Elemwise) a.op()).scalar() instanceof Composite c ? c.program().size() : 1;
    }
    assertThat(nodes.size()).isGreaterThan(1);
    assertThat(steps).isEqualTo(199);
    Object[] args = new Object[100];
    double[] want = new double[3];
    for (int i = 0; i < 100; i++) {
      double[] v = {i % 7 - 3, 0.5 * i, -i};
      args[i] = NDArray.of(v, 3);
      for (int k = 0; k < 3; k++) {
        want[k] += v[k] * (i + 2);
      }
    }
    NDArray got = RewriteFixtures.compile(Mode.FAST_RUN, ins, List.of(y)).call(args).get(0);
    for (int k = 0; k < 3; k++) {
      // Integers and halves times integers below 2^53: every partial sum is exact.
      assertThat(got.getDouble(k)).isEqualTo(want[k]);
    }
  }
}
