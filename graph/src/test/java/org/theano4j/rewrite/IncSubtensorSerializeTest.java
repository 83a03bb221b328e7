package org.theano4j.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.theano4j.rewrite.RewriteFixtures.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Dot;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.IncSubtensor;
import org.theano4j.tensor.T;

/**
 * {@code inc-subtensor-serialize} (a left-deep sum of increments of one zeros array becomes a
 * chain of increments, written in one buffer by the in-place IncSubtensor kernel) and the
 * shape of a matrix product read from its operands ({@code shape-through-shape-preserving}).
 */
class IncSubtensorSerializeTest {
  private final Variable x = T.tensor(DType.FLOAT32, new int[] {-1, 8}, "x");

  /** Per k: an input {@code t_k} and {@code inc(Z, t_k)} at columns {@code k·step .. k·step + width}, Z zeros like x. */
  private List<Variable> terms(int count, int width, int step) {
    List<Variable> out = new ArrayList<>();
    Variable zeros = T.zeros(DType.FLOAT32, T.shapeOf(x, 0), 8);
    for (int k = 0; k < count; k++) {
      Variable t = T.tensor(DType.FLOAT32, new int[] {-1, width}, "t" + k);
      out.add(t);
      out.add(T.incSubtensor(zeros.get(T.ALL, T.slice(k * step, k * step + width)), t));
    }
    return out;
  }

  private static Variable leftDeepSum(List<Variable> terms) {
    Variable s = terms.get(1);
    for (int k = 3; k < terms.size(); k += 2) {
      s = s.add(terms.get(k));
    }
    return s;
  }

  private static List<Variable> inputs(Variable x, List<Variable> terms) {
    List<Variable> in = new ArrayList<>(List.of(x));
    for (int k = 0; k < terms.size(); k += 2) {
      in.add(terms.get(k));
    }
    return in;
  }

  /** Arguments with signed zeros, infinities and NaN among normal values. */
  private static Object[] args(List<Variable> in, int rows, long seed) {
    Random rnd = new Random(seed);
    float[] specials = {0f, -0f, Float.POSITIVE_INFINITY, Float.NaN, 1e-38f, -3.5f};
    Object[] a = new Object[in.size()];
    for (int i = 0; i < a.length; i++) {
      int cols = in.get(i).type().dim(1);
      NDArray v = NDArray.zeros(DType.FLOAT32, rows, cols);
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          v.setDouble(rnd.nextInt(4) == 0 ? specials[rnd.nextInt(specials.length)]
              : (float) rnd.nextGaussian(), r, c);
        }
      }
      a[i] = v;
    }
    return a;
  }

  private static void assertBitIdentical(Function fast, Function debug, Object[] a) {
    float[] got = fast.call(a).get(0).toFloatArray();
    float[] want = debug.call(a).get(0).toFloatArray();
    assertThat(got).hasSameSizeAs(want);
    for (int i = 0; i < got.length; i++) {
      assertThat(Float.floatToRawIntBits(got[i])).as("element " + i + ": " + got[i] + " vs "
          + want[i]).isEqualTo(Float.floatToRawIntBits(want[i]));
    }
  }

  @Test
  void aSumOfSliceGradientsBecomesOneChainWrittenInPlace() {
    // an LSTM step's gate gradients: four disjoint column blocks of one zeros array
    List<Variable> t = terms(4, 2, 2);
    Variable sum = leftDeepSum(t);
    List<Variable> in = inputs(x, t);
    Function fast = compile(Mode.FAST_RUN, in, List.of(sum));
    List<Apply> incs = new ArrayList<>();
    for (Apply a : fast.graph().nodes()) {
      assertThat(a.op()).as(a.toString()).isNotInstanceOf(Elemwise.class);
      if (a.op() instanceof IncSubtensor) {
        incs.add(a);
      }
    }
    assertThat(incs).hasSize(4);
    for (int k = 1; k < 4; k++) {
      assertThat(incs.get(k).input(0)).isSameAs(incs.get(k - 1).output(0));
      assertThat(fast.graph().destroyedInput(incs.get(k))).isEqualTo(0);
    }
    // the first increment writes into the zeros (an Alloc: fresh memory)
    assertThat(fast.graph().destroyedInput(incs.get(0))).isEqualTo(0);
    Function debug = compile(Mode.FAST_COMPILE, in, List.of(sum));
    for (long seed = 1; seed <= 20; seed++) {
      assertBitIdentical(fast, debug, args(in, 5, seed));
    }
  }

  @Test
  void overlappingSlicesGiveTheSameBitsInTheSumsOrder() {
    List<Variable> t = terms(3, 4, 2); // columns 0:4, 2:6, 4:8
    Variable sum = leftDeepSum(t);
    List<Variable> in = inputs(x, t);
    Function fast = compile(Mode.FAST_RUN, in, List.of(sum));
    assertThat(fast.graph().nodes()).noneMatch(a -> a.op() instanceof Elemwise);
    Function debug = compile(Mode.FAST_COMPILE, in, List.of(sum));
    for (long seed = 1; seed <= 20; seed++) {
      assertBitIdentical(fast, debug, args(in, 4, seed));
    }
  }

  @Test
  void anotherSumOrderOrAnIncrementReadTwiceIsLeftAlone() {
    List<Variable> t = terms(4, 2, 2);
    Variable balanced = t.get(1).add(t.get(3)).add(t.get(5).add(t.get(7)));
    Variable twice = t.get(1).add(t.get(3));
    List<Variable> in = inputs(x, t);
    Function fast = compile(Mode.FAST_RUN, in, List.of(balanced, twice.mul(2f), t.get(1)));
    // the balanced sum keeps an add of its two halves; values as FAST_COMPILE (merging only; DEBUG refuses NaN)
    assertThat(fast.graph().nodes()).anyMatch(a -> a.op() instanceof Elemwise);
    Function debug = compile(Mode.FAST_COMPILE, in, List.of(balanced, twice.mul(2f), t.get(1)));
    Object[] a = args(in, 3, 7);
    List<NDArray> got = fast.call(a);
    List<NDArray> want = debug.call(a);
    for (int i = 0; i < want.size(); i++) {
      assertThat(got.get(i).toFloatArray()).as("output " + i).containsExactly(
          want.get(i).toFloatArray());
    }
  }

  @Test
  void theShapeOfAMatrixProductIsReadFromItsOperands() {
    Variable a = T.fmatrix("a");
    Variable b = T.fmatrix("b");
    Variable zeros = T.zerosLike(T.dot(a, b));
    Function f = compile(Mode.FAST_RUN, List.of(a, b), List.of(zeros));
    assertThat(f.graph().nodes()).noneMatch(n -> n.op() instanceof Dot);
    NDArray z = f.call(NDArray.ones(DType.FLOAT32, 3, 4), NDArray.ones(DType.FLOAT32, 4, 5))
        .get(0);
    assertThat(z.shape()).containsExactly(3, 5);
    assertThat(z.toFloatArray()).containsOnly(0f);
  }
}
