package org.theano4j.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.theano4j.rewrite.RewriteFixtures.assertSameValues;
import static org.theano4j.rewrite.RewriteFixtures.compile;
import static org.theano4j.rewrite.RewriteFixtures.rewrite;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Alloc;
import org.theano4j.tensor.T;

/** Before/after, value and error tests of alloc-elemwise, useless-alloc and alloc-sink. */
class AllocRulesTest {
  private final Variable x = T.dmatrix("x");
  private final Variable y = T.dmatrix("y");
  private final Variable c = T.dscalar("c");

  /** {@code c} filled to {@code like}'s shape, as autodiff's broadcast of a gradient. */
  private static Variable fillLike(Variable value, Variable like) {
    return T.alloc(value, like.shape(0), like.shape(1));
  }

  private static long allocs(Function f) {
    return f.graph().nodes().stream().map(Apply::op).filter(Alloc.class::isInstance).count();
  }

  @Test
  void anAllocOfAnotherInputsShapeIsBroadcastByTheElementwiseNode() {
    Variable out = T.mul(fillLike(c, x), x);
    assertThat(rewrite(AllocRules.ALLOC_ELEMWISE, List.of(c, x), out)).isEqualTo("mul(c, x)");
    assertSameValues(List.of(c, x), List.of(out), 3);
  }

  @Test
  void anAllocOfStaticSizesEqualToTheOtherInputsIsBroadcastToo() {
    Variable w = T.tensor(DType.FLOAT64, new int[] {2, 3}, "w");
    Variable out = T.add(w, T.alloc(c, 2, 3));
    assertThat(rewrite(AllocRules.ALLOC_ELEMWISE, List.of(c, w), out)).isEqualTo("add(w, c)");
    assertSameValues(List.of(c, w), List.of(out), 5);
  }

  @Test
  void aRewriteThatWouldChangeTheStaticTypeIsNotApplied() {
    // x1 is (1, ?): Alloc(c, Shape_i{0}(x1), ...) is (?, ?), and so is the product; mul(c, x1)
    // would be (1, ?), a different static type, so the Alloc stays (until shape-known turns
    // Shape_i{0}(x1) into the constant 1, which the full optimiser does first).
    Variable x1 = T.tensor(DType.FLOAT64, new int[] {1, -1}, "x1");
    Variable out = T.mul(fillLike(c, x1), x1);
    String before = GraphText.print(List.of(out));
    assertThat(rewrite(AllocRules.ALLOC_ELEMWISE, List.of(c, x1), out)).isEqualTo(before);
    assertSameValues(List.of(c, x1), List.of(out), 13);
  }

  @Test
  void anAllocOfAValueThatAlreadyHasTheShapeIsRemoved() {
    Variable out = T.add(fillLike(x, x), 1.0);
    assertThat(rewrite(AllocRules.USELESS_ALLOC, List.of(x), out)).startsWith("add(x, ");
    assertSameValues(List.of(x), List.of(out), 7);
  }

  @Test
  void scalingsOfAnAllocSinkIntoItsValueSoTheAllocCanGo() {
    // The gradient of c·sum(x²) as autodiff writes it: alloc(c, shape(x)) · 2 · x.
    Variable out = T.mul(T.mul(fillLike(c, x), 2), x);
    assertThat(RewriteFixtures.fastRun(List.of(c, x), out)).doesNotContain("Alloc");
    assertThat(allocs(compile(Mode.FAST_RUN, List.of(c, x), List.of(out)))).isZero();
    assertThat(allocs(compile(Mode.FAST_RUN, List.of(c, x), List.of(out), "alloc-sink")))
        .isOne();
    assertSameValues(List.of(c, x), List.of(out), 11);
  }

  @Test
  void anAllocFeedingSeveralNodesDoesNotSink() {
    Variable a = fillLike(c, x);
    Variable out = T.add(T.mul(a, 2), a);
    String before = GraphText.print(List.of(out));
    assertThat(rewrite(AllocRules.ALLOC_SINK, List.of(c, x), out)).isEqualTo(before);
  }

  @Test
  void eachRuleIsExcludableByName() {
    Variable out = T.mul(fillLike(c, x), x);
    assertThat(allocs(compile(Mode.FAST_RUN, List.of(c, x), List.of(out)))).isZero();
    assertThat(allocs(compile(Mode.FAST_RUN, List.of(c, x), List.of(out), "alloc-elemwise")))
        .isOne();
    assertThat(allocs(compile(Mode.FAST_COMPILE, List.of(c, x), List.of(out)))).isOne();
    Variable same = T.add(fillLike(x, x), 1.0);
    assertThat(allocs(compile(Mode.FAST_RUN, List.of(x), List.of(same), "useless-alloc")))
        .isOne();
    assertThat(Optimizer.knownNames()).contains("alloc-elemwise", "useless-alloc", "alloc-sink");
  }

  @Test
  void anAllocOfAShapeNotProvenEqualStaysAndAMismatchFailsAsBefore() {
    // y's shape, used with x: equal only if the caller passes equal shapes; not proven.
    Variable out = T.mul(fillLike(c, y), x);
    String before = GraphText.print(List.of(out));
    assertThat(rewrite(AllocRules.ALLOC_ELEMWISE, List.of(c, x, y), out)).isEqualTo(before);
    Function fast = compile(Mode.FAST_RUN, List.of(c, x, y), List.of(out));
    assertThat(allocs(fast)).isOne();
    NDArray x23 = NDArray.zeros(DType.FLOAT64, 2, 3);
    NDArray y32 = NDArray.zeros(DType.FLOAT64, 3, 2);
    String debugError = errorOf(compile(Mode.DEBUG, List.of(c, x, y), List.of(out)), x23, y32);
    assertThat(errorOf(fast, x23, y32)).isEqualTo(debugError);
    // Length 1 does not stretch at run time either (only static length-1 axes broadcast).
    NDArray y13 = NDArray.zeros(DType.FLOAT64, 1, 3);
    assertThat(errorOf(fast, x23, y13)).isEqualTo(
        errorOf(compile(Mode.DEBUG, List.of(c, x, y), List.of(out)), x23, y13));
    NDArray got = fast.call(2.0, NDArray.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), x23).get(0);
    assertThat(got.toDoubleArray()).containsExactly(2, 4, 6, 8, 10, 12);
  }

  @Test
  void aValueWhoseLengthIsOnlyKnownAtRunTimeKeepsItsAllocCheck() {
    Variable v = T.dvector("v");
    Variable out = T.mul(fillLike(v, x), x);
    String before = GraphText.print(List.of(out));
    assertThat(rewrite(AllocRules.ALLOC_ELEMWISE, List.of(v, x), out)).isEqualTo(before);
    NDArray x23 = NDArray.zeros(DType.FLOAT64, 2, 3);
    NDArray v2 = NDArray.zeros(DType.FLOAT64, 2);
    String debugError = errorOf(compile(Mode.DEBUG, List.of(v, x), List.of(out)), v2, x23);
    assertThat(errorOf(compile(Mode.FAST_RUN, List.of(v, x), List.of(out)), v2, x23))
        .isEqualTo(debugError).contains("Alloc");
  }

  private static String errorOf(Function f, Object... args) {
    Object[] full = args;
    if (f.graph().inputs().size() == args.length + 1) {
      full = new Object[args.length + 1];
      full[0] = 1.0;
      System.arraycopy(args, 0, full, 1, args.length);
    }
    Object[] call = full;
    Throwable[] t = new Throwable[1];
    assertThatThrownBy(() -> f.call(call)).satisfies(e -> t[0] = e);
    return t[0].getMessage();
  }
}
