package org.theano4j.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.theano4j.rewrite.RewriteFixtures.assertSameValues;
import static org.theano4j.rewrite.RewriteFixtures.compile;
import static org.theano4j.rewrite.RewriteFixtures.rewrite;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Variable;
import org.theano4j.jvm.Kernels;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.ARange;
import org.theano4j.tensor.AdvancedSubtensor;
import org.theano4j.tensor.CrossentropyCategorical1Hot;
import org.theano4j.tensor.CrossentropySoftmax1Hot;
import org.theano4j.tensor.ShapeI;
import org.theano4j.tensor.T;

/** Before/after and value tests of the stabilise and specialise rules. */
class StabilizeSpecializeTest {
  private final Variable x = T.dvector("x");
  private final Variable z = T.dmatrix("z");
  private final Variable y = T.lvector("y");

  @Test
  void logOfSoftmaxIsLogSoftmax() {
    Variable out = T.log(T.softmax(z));
    assertThat(rewrite(StabilizeRules.LOG_SOFTMAX, List.of(z), out)).isEqualTo("LogSoftmax(z)");
    assertSameValues(List.of(z), List.of(out), 11);
  }

  @Test
  void logSoftmaxOfLargeLogitsIsFiniteUnderFastRun() {
    Variable out = T.log(T.softmax(z));
    NDArray logits = NDArray.of(new double[] {1000, 0, -1000, -500, 2000, 1}, 2, 3);
    NDArray got = compile(Mode.FAST_RUN, List.of(z), List.of(out)).call(logits).get(0);
    // Reference: x - max - log(sum(exp(x - max))) per row, written out by hand.
    double[][] rows = {{1000, 0, -1000}, {-500, 2000, 1}};
    for (int r = 0; r < 2; r++) {
      double max = Math.max(rows[r][0], Math.max(rows[r][1], rows[r][2]));
      double s = 0;
      for (double v : rows[r]) {
        s += Math.exp(v - max);
      }
      for (int c = 0; c < 3; c++) {
        assertThat(got.getDouble(r, c)).isFinite()
            .isCloseTo(rows[r][c] - max - Math.log(s), org.assertj.core.data.Offset.offset(1e-9));
      }
    }
  }

  @Test
  void softmaxGradientOfAQuotientBySoftmaxIsSimplified() {
    // What autodiff derives for sum(g * log(softmax(z))): (g/p - sum(g/p * p)) * p.
    Variable g = T.dmatrix("g");
    Variable p = T.softmax(z);
    Variable q = T.trueDiv(g, p);
    Variable out = T.mul(T.sub(q, T.sum(T.mul(q, p), new int[] {1}, true)), p);
    assertThat(rewrite(StabilizeRules.SOFTMAX_GRAD_OF_QUOTIENT, List.of(g, z), out))
        .isEqualTo("sub(g, mul(Softmax(z), Sum{axes=[1], keepdims}(g)))");
    assertSameValues(List.of(g, z), List.of(out), 17);
    // Where p underflows to 0 the quotient form is NaN; the rewritten one stays finite:
    // g - p * rowsum(g), computed here by hand.
    NDArray logits = NDArray.of(new double[] {0, -800, 5}, 1, 3);
    NDArray grad = NDArray.of(new double[] {1, 2, 3}, 1, 3);
    NDArray got = compile(Mode.FAST_RUN, List.of(g, z), List.of(out)).call(grad, logits).get(0);
    double e5 = Math.exp(5);
    double[] soft = {1 / (1 + e5), 0, e5 / (1 + e5)};
    for (int c = 0; c < 3; c++) {
      assertThat(got.getDouble(0, c)).isFinite().isCloseTo(grad.getDouble(0, c) - soft[c] * 6,
          org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void logOnePlusXIsLog1p() {
    Variable out = T.log(T.add(1.0, x)).add(T.log(x.add(1.0)));
    assertThat(rewrite(StabilizeRules.LOG1P, List.of(x), out))
        .isEqualTo("add(log1p(x), log1p(x))");
    Variable tiny = T.log(T.add(1.0, x));
    NDArray got = compile(Mode.FAST_RUN, List.of(x), List.of(tiny))
        .call(new double[] {1e-20}).get(0);
    assertThat(got.getDouble(0)).isEqualTo(1e-20);
  }

  @Test
  void expMinusOneIsExpm1() {
    Variable out = T.exp(x).sub(1.0);
    assertThat(rewrite(StabilizeRules.EXPM1, List.of(x), out)).isEqualTo("expm1(x)");
    assertSameValues(List.of(x), List.of(out), 12);
  }

  @Test
  void logSigmoidIsMinusSoftplusOfMinusX() {
    Variable out = T.log(T.sigmoid(x));
    assertThat(rewrite(StabilizeRules.LOG_SIGMOID, List.of(x), out))
        .isEqualTo("neg(softplus(neg(x)))");
    assertSameValues(List.of(x), List.of(out), 13);
    NDArray got = compile(Mode.FAST_RUN, List.of(x), List.of(out))
        .call(new double[] {-800}).get(0);
    assertThat(got.getDouble(0)).isEqualTo(-800.0);
  }

  @Test
  void indexedLogSoftmaxIsCrossentropyWithSoftmax() {
    Variable out = T.log(T.softmax(z)).get(T.arange(y.shape(0)), y);
    Phase p = Phase.of("t", StabilizeRules.LOG_SOFTMAX, StabilizeRules.CROSSENTROPY);
    assertThat(rewrite(List.of(z, y), List.of(out), p))
        .isEqualTo("neg(CrossentropySoftmax1Hot(z, y))");
    assumeTrue(Kernels.supports(ARange.class) && Kernels.supports(ShapeI.class)
        && Kernels.supports(AdvancedSubtensor.class));
    NDArray zs = NDArray.of(new double[] {1, 2, 3, -1, 0, 4}, 2, 3);
    NDArray ys = NDArray.of(new long[] {2, 0}, 2);
    NDArray fast = compile(Mode.FAST_RUN, List.of(z, y), List.of(out)).call(zs, ys).get(0);
    assertThat(fast.getDouble(0)).isCloseTo(3 - Math.log(Math.exp(1) + Math.exp(2)
        + Math.exp(3)), org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void crossentropyOfSoftmaxIsFused() {
    // T.categoricalCrossentropy(T.softmax(z), y) is built fused already; the rule fuses the
    // pair where it arises otherwise (built directly here).
    Variable out = T.node(new CrossentropyCategorical1Hot(), T.softmax(z), y);
    assertThat(T.categoricalCrossentropy(T.softmax(z), y).owner().op())
        .isInstanceOf(CrossentropySoftmax1Hot.class);
    assertThat(rewrite(StabilizeRules.CROSSENTROPY, List.of(z, y), out))
        .isEqualTo("CrossentropySoftmax1Hot(z, y)");
    NDArray zs = NDArray.of(new double[] {1, 2, 3, -1, 0, 4, 900, 0, -900}, 3, 3);
    NDArray ys = NDArray.of(new long[] {2, 0, 2}, 3);
    NDArray got = compile(Mode.FAST_RUN, List.of(z, y), List.of(out)).call(zs, ys).get(0);
    double[][] rows = {{1, 2, 3}, {-1, 0, 4}, {900, 0, -900}};
    long[] labels = {2, 0, 2};
    for (int r = 0; r < 3; r++) {
      double max = Math.max(rows[r][0], Math.max(rows[r][1], rows[r][2]));
      double s = 0;
      for (double v : rows[r]) {
        s += Math.exp(v - max);
      }
      assertThat(got.getDouble(r)).isCloseTo(max + Math.log(s) - rows[r][(int) labels[r]],
          org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void squareIsSqr() {
    Variable out = x.pow(2.0);
    assertThat(rewrite(SpecializeRules.POW2, List.of(x), out)).isEqualTo("sqr(x)");
    assertSameValues(List.of(x), List.of(out), 14);
  }

  @Test
  void dotPlusBiasIsGemm() {
    Variable w = T.dmatrix("W");
    Variable b = T.dvector("b");
    Variable out = T.dot(z, w).add(b);
    assertThat(rewrite(SpecializeRules.GEMM, List.of(z, w, b), out))
        .isEqualTo("Gemm(z, W, b, 1.0, 1.0)");
    assertSameValues(List.of(z, w, b), List.of(out), 15);
  }

  @Test
  void scalarMultipliesFoldIntoAlphaAndBeta() {
    Variable w = T.dmatrix("W");
    Variable b = T.dmatrix("B");
    Variable a = T.dscalar("a");
    Variable c = T.dscalar("c");
    Variable scaled = T.dot(z, w).mul(a).add(b.mul(c));
    assertThat(rewrite(SpecializeRules.GEMM, List.of(z, w, b, a, c), scaled))
        .isEqualTo("Gemm(z, W, B, a, c)");
    assertSameValues(List.of(z, w, b, a, c), List.of(scaled), 16);
    Variable minus = b.sub(T.dot(z, w));
    Phase p = Phase.of("t", SpecializeRules.GEMM, ConstantFolding.RULE);
    assertThat(rewrite(List.of(z, w, b), List.of(minus), p))
        .isEqualTo("Gemm(z, W, B, -1.0, 1.0)");
    assertSameValues(List.of(z, w, b), List.of(minus), 17);
  }

  @Test
  void dotUsedTwiceIsNotFoldedIntoGemm() {
    Variable w = T.dmatrix("W");
    Variable d = T.dot(z, w);
    Variable out = d.add(z).add(d);
    assertThat(rewrite(SpecializeRules.GEMM, List.of(z, w), out))
        .isEqualTo("add(add(Dot(z, W), z), Dot(z, W))");
  }
}
