package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Op;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * The index rule (NumPy's, {@code Shapes.index}) in every mode: an integer index or label
 * {@code i} on an axis of n elements means {@code i} for {@code 0 <= i < n} and {@code i + n}
 * for {@code -n <= i < 0}; anything else is "index i is out of bounds for axis a with size n"
 * naming the node's inputs and this file's line. FAST_RUN turns the tutorial's cost into the
 * fused cross-entropy ops, FAST_COMPILE and DEBUG keep the indexing ops, so each case runs
 * different kernels in different modes and must give the same answer. References are direct
 * loops over the data below. The backend is {@link #backend()} (codegen-cuda runs these
 * tests again on {@code cuda-interp}).
 */
public class IndexRuleTest {
  static final int N = 4;
  static final int K = 5;
  /** Labels by the index rule and the same labels in [0, K): -1 → 4, -5 → 0. */
  static final long[] SIGNED = {-1, 0, -5, 3};
  static final long[] PLAIN = {4, 0, 0, 3};

  protected String backend() {
    return "jvm";
  }

  private Function compile(Mode mode, List<Variable> in, List<Variable> out) {
    return Theano.function(in, out).mode(mode).backend(backend()).build();
  }

  /** Logits z[i][j] = sin(3i + j) + j/7, distinct in every row. */
  static double[][] logits() {
    double[][] z = new double[N][K];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < K; j++) {
        z[i][j] = Math.sin(3 * i + j) + j / 7.0;
      }
    }
    return z;
  }

  static NDArray matrix(double[][] a) {
    double[] flat = new double[a.length * a[0].length];
    for (int i = 0; i < a.length; i++) {
      System.arraycopy(a[i], 0, flat, i * a[0].length, a[0].length);
    }
    return NDArray.of(flat, a.length, a[0].length);
  }

  /** Row-wise softmax, in double. */
  static double[][] softmax(double[][] z) {
    double[][] p = new double[z.length][];
    for (int i = 0; i < z.length; i++) {
      double s = 0;
      p[i] = new double[z[i].length];
      for (int j = 0; j < z[i].length; j++) {
        p[i][j] = Math.exp(z[i][j]);
        s += p[i][j];
      }
      for (int j = 0; j < z[i].length; j++) {
        p[i][j] /= s;
      }
    }
    return p;
  }

  /** The tutorial's cost, -mean(log p[i, PLAIN[i]]), computed directly. */
  static double tutorialCostReference(double[][] z) {
    double[][] p = softmax(z);
    double s = 0;
    for (int i = 0; i < N; i++) {
      s += Math.log(p[i][(int) PLAIN[i]]);
    }
    return -s / N;
  }

  static boolean contains(Function f, Class<? extends Op> op) {
    return f.graph().nodes().stream().anyMatch(a -> op.isInstance(a.op()));
  }

  /**
   * Asserts the call fails with the rule's message for {@code index}, naming the node's line
   * in the test and the input by name.
   */
  static void assertOutOfBounds(Function f, Object[] args, long index, int axis, int size,
      String input) {
    assertThatThrownBy(() -> f.call(args)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("index " + index + " is out of bounds for axis " + axis
            + " with size " + size)
        .hasMessageFindingMatch("node created at \\w+Test\\.java:\\d+")
        .hasMessageContaining("'" + input + "'");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void tutorialCostReadsMinusOneAsTheLastClass(Mode mode) {
    Variable z = T.dmatrix("z");
    Variable y = T.lvector("y");
    Variable p = T.softmax(z);
    Variable cost = T.log(p).get(T.arange(y.shape(0)), y).mean().neg();
    // The cost alone (CrossentropySoftmax1Hot in FAST_RUN) and with the softmax as a second
    // output (CrossentropySoftmax1HotWithSoftmax in FAST_RUN).
    Function alone = compile(mode, List.of(z, y), List.of(cost));
    Function both = compile(mode, List.of(z, y), List.of(cost, p));
    if (mode == Mode.FAST_RUN) {
      assertThat(contains(alone, CrossentropySoftmax1Hot.class)).isTrue();
      assertThat(contains(both, CrossentropySoftmax1HotWithSoftmax.class)).isTrue();
    } else {
      assertThat(contains(alone, AdvancedSubtensor.class)).isTrue();
    }
    double[][] zv = logits();
    double want = tutorialCostReference(zv);
    for (Function f : List.of(alone, both)) {
      double got = f.call(matrix(zv), NDArray.of(SIGNED, N)).get(0).getDouble();
      assertThat(got).isCloseTo(want, within(1e-12));
      assertOutOfBounds(f, new Object[] {matrix(zv), NDArray.of(new long[] {0, K, 1, 2}, N)},
          K, 1, K, "y");
      assertOutOfBounds(f, new Object[] {matrix(zv),
          NDArray.of(new long[] {0, 1, -K - 1, 2}, N)}, -K - 1, 1, K, "y");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void categoricalCrossentropyReadsMinusOneAsTheLastClass(Mode mode) {
    Variable q = T.dmatrix("q");
    Variable z = T.dmatrix("z");
    Variable y = T.lvector("y");
    // CrossentropyCategorical1Hot of given probabilities, and of a softmax the fused
    // CrossentropySoftmax1Hot (T builds it so in every mode).
    Function probs = compile(mode, List.of(q, y), List.of(T.categoricalCrossentropy(q, y)));
    Function fused = compile(mode, List.of(z, y),
        List.of(T.categoricalCrossentropy(T.softmax(z), y)));
    assertThat(contains(probs, CrossentropyCategorical1Hot.class)).isTrue();
    assertThat(contains(fused, CrossentropySoftmax1Hot.class)).isTrue();
    double[][] p = softmax(logits());
    for (Function f : List.of(probs, fused)) {
      NDArray arg = matrix(f == probs ? p : logits());
      NDArray got = f.call(arg, NDArray.of(SIGNED, N)).get(0);
      for (int i = 0; i < N; i++) {
        assertThat(got.getDouble(i)).as("row %d", i)
            .isCloseTo(-Math.log(p[i][(int) PLAIN[i]]), within(1e-12));
      }
      assertOutOfBounds(f, new Object[] {arg, NDArray.of(new long[] {K, 0, 1, 2}, N)}, K, 1,
          K, "y");
      assertOutOfBounds(f, new Object[] {arg, NDArray.of(new long[] {0, 1, 2, -K - 1}, N)},
          -K - 1, 1, K, "y");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void advancedSubtensorAndIncSubtensorFollowTheRule(Mode mode) {
    Variable x = T.dmatrix("x");
    Variable idx = T.lvector("idx");
    Variable v = T.dmatrix("v");
    Function gather = compile(mode, List.of(x, idx), List.of(x.get(idx)));
    Function inc = compile(mode, List.of(x, idx, v), List.of(T.incSubtensor(x.get(idx), v)));
    Function set = compile(mode, List.of(x, idx, v), List.of(T.setSubtensor(x.get(idx), v)));
    double[][] xv = logits();
    // Rows -1 (= 3), 0, -4 (= 0) and 3: row 0 and row 3 twice each.
    long[] rows = {-1, 0, -4, 3};
    int[] plain = {3, 0, 0, 3};
    double[][] vv = new double[4][K];
    for (int r = 0; r < 4; r++) {
      for (int j = 0; j < K; j++) {
        vv[r][j] = 10 * (r + 1) + j;
      }
    }
    NDArray g = gather.call(matrix(xv), NDArray.of(rows, 4)).get(0);
    NDArray gi = inc.call(matrix(xv), NDArray.of(rows, 4), matrix(vv)).get(0);
    NDArray gs = set.call(matrix(xv), NDArray.of(rows, 4), matrix(vv)).get(0);
    double[][] wantInc = new double[N][];
    double[][] wantSet = new double[N][];
    for (int i = 0; i < N; i++) {
      wantInc[i] = xv[i].clone();
      wantSet[i] = xv[i].clone();
    }
    for (int r = 0; r < 4; r++) {
      for (int j = 0; j < K; j++) {
        assertThat(g.getDouble(r, j)).isEqualTo(xv[plain[r]][j]);
        wantInc[plain[r]][j] += vv[r][j];
        wantSet[plain[r]][j] = vv[r][j];
      }
    }
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < K; j++) {
        assertThat(gi.getDouble(i, j)).as("inc [%d, %d]", i, j)
            .isCloseTo(wantInc[i][j], within(1e-12));
        assertThat(gs.getDouble(i, j)).as("set [%d, %d]", i, j).isEqualTo(wantSet[i][j]);
      }
    }
    NDArray over = NDArray.of(new long[] {0, N, 1, 2}, 4);
    NDArray under = NDArray.of(new long[] {0, 1, -N - 1, 2}, 4);
    assertOutOfBounds(gather, new Object[] {matrix(xv), over}, N, 0, N, "idx");
    assertOutOfBounds(gather, new Object[] {matrix(xv), under}, -N - 1, 0, N, "idx");
    for (Function f : List.of(inc, set)) {
      assertOutOfBounds(f, new Object[] {matrix(xv), over, matrix(vv)}, N, 0, N, "idx");
      assertOutOfBounds(f, new Object[] {matrix(xv), under, matrix(vv)}, -N - 1, 0, N, "idx");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void basicIndexWithANegativeScalarFollowsTheRule(Mode mode) {
    Variable x = T.dmatrix("x");
    Variable i = T.lscalar("i");
    Variable v = T.dvector("v");
    Function row = compile(mode, List.of(x, i), List.of(x.get(i)));
    Function col = compile(mode, List.of(x, i), List.of(x.get(T.ALL, i)));
    Function inc = compile(mode, List.of(x, i, v), List.of(T.incSubtensor(x.get(i), v)));
    double[][] xv = logits();
    double[] vv = {1, 2, 3, 4, 5};
    NDArray r = row.call(matrix(xv), -1L).get(0);
    NDArray c = col.call(matrix(xv), (long) -K).get(0);
    NDArray s = inc.call(matrix(xv), -1L, NDArray.of(vv, K)).get(0);
    for (int j = 0; j < K; j++) {
      assertThat(r.getDouble(j)).isEqualTo(xv[N - 1][j]);
      assertThat(s.getDouble(N - 1, j)).isEqualTo(xv[N - 1][j] + vv[j]);
      assertThat(s.getDouble(0, j)).isEqualTo(xv[0][j]);
    }
    for (int k = 0; k < N; k++) {
      assertThat(c.getDouble(k)).isEqualTo(xv[k][0]);
    }
    assertOutOfBounds(row, new Object[] {matrix(xv), (long) N}, N, 0, N, "i");
    assertOutOfBounds(row, new Object[] {matrix(xv), (long) -N - 1}, -N - 1, 0, N, "i");
    assertOutOfBounds(col, new Object[] {matrix(xv), (long) K}, K, 1, K, "i");
    assertOutOfBounds(inc, new Object[] {matrix(xv), (long) N, NDArray.of(vv, K)}, N, 0, N,
        "i");
  }

  /**
   * A step whose updates depend on the cost: with a label out of range the call fails and
   * neither shared variable changes (in FAST_RUN the update of b is planned in place).
   */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void aFailedStepLeavesSharedVariablesUnchanged(Mode mode) {
    NDArray w0 = NDArray.of(new double[] {0.1, -0.2, 0.3, 0.05, 0.4, -0.1, 0.2, 0.0, -0.3,
        0.25}, 2, K);
    SharedVariable w = Theano.shared(w0, "W");
    SharedVariable b = Theano.shared(NDArray.zeros(DType.FLOAT64, K), "b");
    Variable x = T.dmatrix("x");
    Variable y = T.lvector("y");
    Variable p = T.softmax(T.dot(x, w).add(b));
    Variable cost = T.log(p).get(T.arange(y.shape(0)), y).mean().neg();
    Function step = Theano.function(List.of(x, y), List.of(cost)).mode(mode)
        .backend(backend()).updates(Map.of(b, b.sub(cost.mul(0.5)), w, w.mul(0.9)))
        .build();
    NDArray xs = NDArray.of(new double[] {1, 2, -1, 0.5, 0, 1, 3, -2}, N, 2);
    step.call(xs, NDArray.of(SIGNED, N));
    NDArray wAfter = w.getValue();
    NDArray bAfter = b.getValue();
    assertThat(bAfter.getDouble(0)).isNotEqualTo(0.0);
    assertOutOfBounds(step, new Object[] {xs, NDArray.of(new long[] {0, 1, K, 2}, N)}, K, 1,
        K, "y");
    assertOutOfBounds(step, new Object[] {xs, NDArray.of(new long[] {-K - 1, 1, 0, 2}, N)},
        -K - 1, 1, K, "y");
    assertThat(w.getValue().toDoubleArray()).containsExactly(wAfter.toDoubleArray());
    assertThat(b.getValue().toDoubleArray()).containsExactly(bAfter.toDoubleArray());
  }
}
