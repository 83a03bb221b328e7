package org.theano4j.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.compile.UnusedInputPolicy;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * Random elementwise graphs over arguments in every layout the JVM loops specialise
 * (contiguous, transposed, reversed, every other column, a row broadcast inside the graph, a
 * column broadcast, an inner transpose of a square matrix) and shapes around their block
 * sizes (rows of 1 to 40, columns of 1 to 1,030: the 768-element chunks, the 1,024-element
 * rows and blocks, tiles of 8 transposed runs and their partial last tile), float32 and
 * float64. FAST_RUN (fused groups, layout loops, tiles) and FAST_COMPILE with the arguments
 * as given must compute what DEBUG computes from contiguous copies of the arguments: the same
 * values element by element (within 1e-5 relative for float32, 1e-12 for float64; the
 * kernels round each float32 operation once, so any difference is a reading or writing
 * error, not arithmetic). With {@code fastMath(true)} the float32 functions change by a few
 * ulps, so that variant is held to 1e-4.
 */
class LayoutDifferentialTest {
  private static final int GRAPHS = 120;
  private static final int[] ROWS = {1, 3, 8, 12, 17, 23, 40};
  private static final int[] COLS = {1, 5, 16, 100, 767, 768, 769, 1024, 1030};
  /** The functions, with their arguments bounded where the domain or range is limited. */
  private static final List<UnaryOperator<Variable>> UNARY = List.of(Variable::neg, T::tanh,
      T::sigmoid, T::sqr, T::abs, T::softplus, T::erf, x -> T.exp(T.tanh(x)),
      x -> T.log(T.add(1.0, T.sqr(x))), x -> T.expm1(T.tanh(x)), x -> T.log1p(T.sqr(x)));
  private static final List<BinaryOperator<Variable>> BINARY = List.of(Variable::add,
      Variable::sub, Variable::mul, T::maximum, (x, y) -> x.div(T.add(1.0, T.sqr(y))));

  /** One random graph over matrices A, B (rows x cols), a row vector v and a column c. */
  private static final class Gen {
    final Random rnd;
    final DType dt;
    final int rows;
    final int cols;
    final List<Variable> inputs = new ArrayList<>();
    final Variable a;
    final Variable b;
    final Variable v;
    final Variable c;

    Gen(long seed) {
      rnd = new Random(seed);
      dt = rnd.nextBoolean() ? DType.FLOAT64 : DType.FLOAT32;
      rows = ROWS[rnd.nextInt(ROWS.length)];
      // a square shape now and then, so that the graph can transpose inside
      cols = rnd.nextInt(4) == 0 ? rows : COLS[rnd.nextInt(COLS.length)];
      a = in("A", rows, cols);
      b = in("B", rows, cols);
      v = in("v", cols);
      c = in("c", rows, 1);
    }

    Variable in(String name, int... shape) {
      Variable x = T.tensor(dt, shape, name);
      inputs.add(x);
      return x;
    }

    Variable matrix(int depth) {
      if (depth == 0 || rnd.nextInt(5) == 0) {
        return rnd.nextBoolean() ? a : b;
      }
      return switch (rnd.nextInt(8)) {
        case 0, 1 -> unary(matrix(depth - 1));
        case 2, 3 -> binary(matrix(depth - 1), matrix(depth - 1));
        case 4 -> binary(matrix(depth - 1), v); // row broadcast
        case 5 -> binary(matrix(depth - 1), c); // column broadcast
        case 6 -> rows == cols ? matrix(depth - 1).T() : unary(matrix(depth - 1));
        default -> binary(matrix(depth - 1), T.constant(NDArray.scalar(dt, 0.5)));
      };
    }

    Variable unary(Variable x) {
      return UNARY.get(rnd.nextInt(UNARY.size())).apply(x);
    }

    Variable binary(Variable x, Variable y) {
      return BINARY.get(rnd.nextInt(BINARY.size())).apply(x, y);
    }

    /** An argument of {@code shape} in a random layout, with random values. */
    NDArray argument(int[] shape) {
      int layout = shape.length == 2 ? rnd.nextInt(4) : 0;
      int r = shape.length == 2 ? shape[0] : 1;
      int k = shape[shape.length - 1];
      return switch (layout) {
        case 1 -> values(k, r).transpose();
        case 2 -> values(r, k).slice(0, null, null, -1).slice(1, null, null, -1);
        case 3 -> values(r, 2 * k).slice(1, null, null, 2);
        default -> values(shape);
      };
    }

    NDArray values(int... shape) {
      NDArray x = NDArray.zeros(dt, shape);
      double[] d = new double[x.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = rnd.nextGaussian() * 2;
      }
      x.writeDoubles(0, d, 0, d.length);
      return x;
    }
  }

  @Test
  void everyModeOverEveryLayoutComputesWhatDebugComputesFromContiguousCopies() {
    int strided = 0;
    for (int g = 0; g < GRAPHS; g++) {
      Gen gen = new Gen(7000 + g);
      Variable out = gen.matrix(4);
      Object[] args = new Object[gen.inputs.size()];
      Object[] copies = new Object[args.length];
      for (int i = 0; i < args.length; i++) {
        NDArray x = gen.argument(gen.inputs.get(i).type().shape());
        strided += x.isContiguous() ? 0 : 1;
        args[i] = x;
        copies[i] = x.copy();
      }
      String what = "graph " + g + " (" + gen.dt + ", " + gen.rows + "x" + gen.cols + "): "
          + GraphText.print(List.of(out));
      NDArray want = build(gen, out, Mode.DEBUG, false).call(copies).get(0);
      for (Mode m : List.of(Mode.FAST_COMPILE, Mode.FAST_RUN)) {
        check(build(gen, out, m, false).call(args).get(0), want,
            gen.dt == DType.FLOAT32 ? 1e-5 : 1e-12, what + " " + m);
      }
      if (gen.dt == DType.FLOAT32) {
        check(build(gen, out, Mode.FAST_RUN, true).call(args).get(0), want, 1e-4,
            what + " FAST_RUN fastMath");
      }
      for (int i = 0; i < args.length; i++) {
        assertThat(((NDArray) args[i]).allClose((NDArray) copies[i], 0, 0))
            .as("%s: argument %d unchanged", what, i).isTrue();
      }
    }
    assertThat(strided).as("non-contiguous arguments").isGreaterThan(GRAPHS);
  }

  private static Function build(Gen gen, Variable out, Mode mode, boolean fastMath) {
    return Theano.function(gen.inputs, List.of(out)).mode(mode).fastMath(fastMath)
        .onUnusedInput(UnusedInputPolicy.IGNORE).build();
  }

  private static void check(NDArray got, NDArray want, double tol, String what) {
    assertThat(got.shape()).as(what).isEqualTo(want.shape());
    double[] g = got.toDoubleArray();
    double[] w = want.toDoubleArray();
    for (int i = 0; i < w.length; i++) {
      double err = Math.abs(g[i] - w[i]);
      assertThat(err <= tol * Math.max(1, Math.abs(w[i])) || g[i] == w[i])
          .as("%s: element %d: %s vs %s", what, i, g[i], w[i]).isTrue();
    }
  }
}
