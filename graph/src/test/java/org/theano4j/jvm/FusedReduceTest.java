package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.jvm.ReduceLayoutsTest.Kind;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.FusedReduce;
import org.theano4j.tensor.Reduce;
import org.theano4j.tensor.T;

/**
 * The optimiser's reduction fusion ({@code fuse-reduce}: a reduction of an elementwise result
 * read by nothing else → one {@link FusedReduce}) and its JVM kernel: the fused function's
 * results against the same graph compiled with the rule excluded (the elementwise kernel
 * writing its array, then the reduction kernel reading it), bit for bit (a NaN only as a
 * NaN). float32 and float64; sizes 0, 1, odd, around the eight-lane and chunk boundaries
 * (1,023–1,025) and the MLP's W1 (784 × 500 = 392,000, also as a vector); full reductions
 * and every block of axes, and axes that are not one block (the general path); sums, means,
 * products, maxima and minima; a primitive function, a transcendental, fused composites with a broadcast scalar
 * input, with constants and with a bool step (whose program runs in 512-element chunks), and a
 * three-input composite; values over 16 decades with NaN, infinities and -0.0.
 */
class FusedReduceTest {
  /** An elementwise expression of x (and y, s), as the user would write it. */
  private record Fn(String name, Function<List<Variable>, Variable> f) {}

  private static final List<Fn> FNS = List.of(
      new Fn("sqr", v -> T.sqr(v.get(0))),
      new Fn("tanh", v -> T.tanh(v.get(0))),
      new Fn("s·x² (broadcast scalar)", v -> T.mul(v.get(2), T.sqr(v.get(0)))),
      new Fn("x·y − s (three inputs)", v -> T.sub(T.mul(v.get(0), v.get(1)), v.get(2))),
      new Fn("2·|x| + 1 (constants)", v -> T.add(T.mul(T.abs(v.get(0)), 2), 1)),
      // a bool step makes the program's chunks 512 elements, fewer than a reduction reads
      new Fn("where(x > 0, x, x/2) (a bool step)",
          v -> T.where(T.gt(v.get(0), 0), v.get(0), T.mul(v.get(0), 0.5))));

  /** One expression compiled fused and unfused (both without mean-to-sum). */
  private static final class Pair {
    final org.theano4j.Function fused;
    final org.theano4j.Function unfused;

    Pair(List<Variable> in, Variable out) {
      fused = Theano.function(in, List.of(out)).excluding("mean-to-sum").build();
      unfused = Theano.function(in, List.of(out)).excluding("mean-to-sum", "fuse-reduce")
          .build();
      assertThat(ops(fused)).as("fused graph of %s", out).contains(FusedReduce.class)
          .doesNotContain(Reduce.class);
      assertThat(ops(unfused)).contains(Reduce.class).doesNotContain(FusedReduce.class);
    }
  }

  static List<Class<?>> ops(org.theano4j.Function f) {
    List<Class<?>> r = new ArrayList<>();
    for (Apply a : f.graph().nodes()) {
      r.add(a.op().getClass());
    }
    return r;
  }

  private static NDArray array(DType t, double[] v, int... shape) {
    NDArray a = NDArray.zeros(t, shape);
    a.writeDoubles(0, v, 0, v.length);
    return a;
  }

  private static void assertSameBits(NDArray got, NDArray want, String what) {
    assertThat(got.dtype()).isEqualTo(want.dtype());
    assertThat(got.shape()).as(what).containsExactly(want.shape());
    double[] g = got.toDoubleArray();
    double[] w = want.toDoubleArray();
    for (int i = 0; i < w.length; i++) {
      boolean same = Double.isNaN(w[i]) ? Double.isNaN(g[i])
          : Double.doubleToRawLongBits(g[i]) == Double.doubleToRawLongBits(w[i]);
      if (!same) {
        assertThat(g[i]).as("%s, element %d", what, i).isEqualTo(w[i]);
      }
    }
  }

  /** Every (fn, kind) over arrays of {@code shapes} (one rank) and each axes choice. */
  private static void check(DType t, List<int[]> shapes, List<int[]> axesChoices,
      boolean specials) {
    int rank = shapes.get(0).length;
    for (Fn fn : FNS) {
      for (Kind k : Kind.values()) {
        for (int[] axes : axesChoices) {
          Variable x = T.tensor(t, rank, "x");
          Variable y = T.tensor(t, rank, "y");
          Variable s = T.tensor(t, new int[0], "s");
          Variable e = fn.f().apply(List.of(x, y, s));
          List<Variable> in = new ArrayList<>();
          for (Variable v : List.of(x, y, s)) {
            if (org.theano4j.graph.Graphs.toposort(List.of(e)).stream()
                .anyMatch(a -> a.inputs().contains(v))) {
              in.add(v);
            }
          }
          Pair p = new Pair(in, ReduceLayoutsTest.reduce(k, e, axes == null ? all(rank) : axes));
          for (int[] shape : shapes) {
            int n = org.theano4j.ndarray.Shapes.size(shape);
            if ((k == Kind.MAX || k == Kind.MIN) && emptyAxis(shape, axes)) {
              continue; // an error in both (emptySelectionsFailAsUnfused)
            }
            long seed = 31L * n + rank + k.ordinal();
            Object[] args = new Object[in.size()];
            for (int i = 0; i < in.size(); i++) {
              Variable v = in.get(i);
              args[i] = v == s ? array(t, new double[] {k == Kind.PROD ? 1.001 : -0.75})
                  : array(t, ReduceBitExactTest.values(k, n, seed + i, specials), shape);
            }
            String what = t + " " + k + " of " + fn.name() + ", shape "
                + java.util.Arrays.toString(shape) + ", axes "
                + (axes == null ? "all" : java.util.Arrays.toString(axes))
                + (specials ? ", with NaN/inf/-0" : "");
            assertSameBits(p.fused.call(args).get(0), p.unfused.call(args).get(0), what);
          }
        }
      }
    }
  }

  private static int[] all(int rank) {
    int[] a = new int[rank];
    for (int d = 0; d < rank; d++) {
      a[d] = d;
    }
    return a;
  }

  private static boolean emptyAxis(int[] shape, int[] axes) {
    for (int d = 0; d < shape.length; d++) {
      boolean reduced = axes == null;
      for (int a : axes == null ? new int[0] : axes) {
        reduced |= a == d;
      }
      if (shape[d] == 0 && reduced) {
        return true;
      }
    }
    return false;
  }

  private static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64};

  @Test
  void vectorsOfEveryLengthAroundTheLanesAndChunksAreBitForBitTheUnfusedOnes() {
    List<int[]> shapes = new ArrayList<>();
    for (int n : new int[] {0, 1, 7, 8, 1023, 1024, 1025, 2049, 392_000}) {
      shapes.add(new int[] {n});
    }
    for (DType t : FLOATS) {
      for (boolean specials : new boolean[] {false, true}) {
        check(t, shapes, java.util.Arrays.asList(null, new int[] {0}), specials);
      }
    }
  }

  @Test
  void matricesAlongEveryAxisAreBitForBitTheUnfusedOnes() {
    List<int[]> shapes = List.of(new int[] {13, 1023}, new int[] {3, 2050},
        new int[] {5, 1025}, new int[] {1025, 7}, new int[] {9, 1031}, new int[] {8, 1},
        new int[] {1, 8}, new int[] {0, 5}, new int[] {5, 0});
    for (DType t : FLOATS) {
      for (boolean specials : new boolean[] {false, true}) {
        check(t, shapes, java.util.Arrays.asList(null, new int[] {0}, new int[] {1},
            new int[] {0, 1}), specials);
      }
    }
  }

  /** The MLP tutorial's W1, the L2 term's shape: the eight-lane float32 sum. */
  @Test
  void theMlpWeightsShapeIsBitForBitTheUnfusedOne() {
    for (DType t : FLOATS) {
      check(t, List.of(new int[] {784, 500}), java.util.Arrays.asList(null, new int[] {1}),
          true);
    }
  }

  /**
   * Three-dimensional arrays over every block of axes and over axes that are not one block
   * ({0, 2}: the general path, which reads the elements through a view with the reduced axes
   * last).
   */
  @Test
  void threeDimensionalArraysAlongBlocksAndSplitAxesAreBitForBitTheUnfusedOnes() {
    // 9x3x1030 over {0, 2}: 9,270 elements per output, float32 pair sums on the general path
    List<int[]> shapes = List.of(new int[] {6, 37, 1030}, new int[] {3, 1025, 5},
        new int[] {9, 3, 1030}, new int[] {2, 0, 3}, new int[] {1, 1, 1});
    for (DType t : FLOATS) {
      check(t, shapes, java.util.Arrays.asList(null, new int[] {0}, new int[] {2},
          new int[] {1, 2}, new int[] {0, 2}), true);
    }
  }

  /** Inputs that are views (transposed, sliced) are read through their strides. */
  @Test
  void stridedInputsAreBitForBitTheUnfusedOnes() {
    for (DType t : FLOATS) {
      Variable x = T.tensor(t, 2, "x");
      Variable s = T.tensor(t, new int[0], "s");
      Pair p = new Pair(List.of(x, s), T.sum(T.mul(T.sqr(x), s), 0));
      NDArray base = array(t, ReduceBitExactTest.values(Kind.SUM, 1031 * 40, 5, true), 40, 1031);
      for (NDArray v : List.of(base.transpose(), base.slice(1, 3, 1031, 2))) {
        NDArray sc = array(t, new double[] {0.5});
        assertSameBits(p.fused.call(v, sc).get(0), p.unfused.call(v, sc).get(0),
            t + " strided " + java.util.Arrays.toString(v.shape()));
      }
    }
  }

  /** What stays two nodes: another reader, a graph output, a broadcast row, an integer. */
  @Test
  void theRuleLeavesSharedOutputBroadcastAndIntegerElementwiseResultsAlone() {
    Variable x = T.matrix("x");
    Variable sq = T.sqr(x);
    assertThat(ops(Theano.compile(List.of(x), List.of(T.sum(sq), T.max(sq)))))
        .doesNotContain(FusedReduce.class);
    assertThat(ops(Theano.compile(List.of(x), List.of(T.sum(sq), sq))))
        .doesNotContain(FusedReduce.class);
    Variable row = T.vector("row");
    assertThat(ops(Theano.compile(List.of(x, row), List.of(T.sum(T.add(x, row))))))
        .as("a row broadcast in the elementwise node").doesNotContain(FusedReduce.class);
    Variable i = T.imatrix("i");
    assertThat(ops(Theano.compile(List.of(i), List.of(T.sum(T.mul(i, 3))))))
        .doesNotContain(FusedReduce.class);
    assertThat(ops(Theano.function(List.of(x), List.of(T.sum(sq))).excluding("reduce-fusion")
        .build())).doesNotContain(FusedReduce.class);
    assertThat(ops(Theano.function(List.of(x), List.of(T.sum(sq))).mode(Mode.FAST_COMPILE)
        .build())).doesNotContain(FusedReduce.class);
    // the fused node: the elementwise inputs, the reduction's axes
    Apply fused = Theano.compile(List.of(x), List.of(T.sum(sq, 1))).graph().outputs().get(0)
        .owner();
    assertThat(fused.op().describe()).isEqualTo("FusedReduce{Sum{axes=[1]}, sqr}");
    assertThat(fused.inputs()).containsExactly(x);
  }

  /** Run-time errors are the unfused pair's: shapes that do not broadcast, an empty maximum. */
  @Test
  void runTimeErrorsAreTheUnfusedOnes() {
    Variable x = T.matrix("x");
    Variable y = T.matrix("y");
    Object[][] cases = {
      {T.sum(T.mul(x, y)), new int[] {2, 3}, new int[] {3, 2},
        "input shapes [2, 3], [3, 2] do not match in dimension 0"},
      {T.max(T.mul(x, y), 0), new int[] {0, 3}, new int[] {0, 3},
        "MAX of an empty selection (shape [0, 3], axes [0])"}};
    for (Object[] c : cases) {
      Variable out = (Variable) c[0];
      org.theano4j.Function fused = Theano.compile(List.of(x, y), List.of(out));
      org.theano4j.Function unfused = Theano.function(List.of(x, y), List.of(out))
          .excluding("fuse-reduce").build();
      assertThat(ops(fused)).contains(FusedReduce.class);
      NDArray a = NDArray.zeros(DType.FLOAT32, (int[]) c[1]);
      NDArray b = NDArray.zeros(DType.FLOAT32, (int[]) c[2]);
      for (org.theano4j.Function f : List.of(fused, unfused)) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.call(a, b))
            .isInstanceOf(org.theano4j.TheanoException.class)
            .hasMessageContaining((String) c[3])
            .hasMessageContaining("FusedReduceTest.java");
      }
    }
  }

  /** The elementwise node fused first: the reduction takes the whole composite. */
  @Test
  void aFusedElementwiseGroupIsReducedInThePass() {
    Variable x = T.matrix("x");
    Variable s = T.scalar("s");
    Apply fused = Theano.compile(List.of(x, s), List.of(T.sum(T.mul(T.sqr(T.tanh(x)), s))))
        .graph().outputs().get(0).owner();
    assertThat(fused.op()).isInstanceOf(FusedReduce.class);
    assertThat(((FusedReduce) fused.op()).scalar().opName())
        .isEqualTo("composite{mul(sqr(tanh(i0)), i1)}");
    assertThat(fused.inputs()).containsExactly(x, s);
    assertThat(fused.inputs()).noneMatch(v -> v.owner() != null
        && v.owner().op() instanceof Elemwise);
  }
}
