package org.theano4j.cuda.lower;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.FusedReduce;
import org.theano4j.tensor.Reduce;
import org.theano4j.tensor.T;

/**
 * Reduction fusion on the CUDA lowering (backend {@code cuda-interp}, the kernel-IR
 * interpreter; no GPU here): the fused reduce kernels, which run the elementwise program on
 * each element as they read it, give bit for bit what the unfused pair (an elementwise kernel
 * writing its array, then the reduce kernels reading it) gives on the same backend, since both
 * accumulate the same rounded elements in the same tree order; the fused program has no
 * elementwise kernel; and the results agree with the JVM backend's to the accumulation order.
 */
class FusedReduceInterpTest {
  private static List<Class<?>> ops(Function f) {
    List<Class<?>> r = new ArrayList<>();
    for (Apply a : f.graph().nodes()) {
      r.add(a.op().getClass());
    }
    return r;
  }

  private static NDArray random(DType t, Random rnd, boolean specials, int... shape) {
    NDArray a = NDArray.zeros(t, shape);
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(9) - 4);
    }
    if (specials && v.length > 3) {
      v[0] = -0.0;
      v[1] = Double.POSITIVE_INFINITY;
      v[v.length - 1] = Double.NaN;
    }
    a.writeDoubles(0, v, 0, v.length);
    return a;
  }

  @Test
  void fusedKernelsGiveTheUnfusedPairsBitsOnTheInterpreter() {
    Random rnd = new Random(23);
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      Variable x = T.tensor(t, 2, "x");
      Variable y = T.tensor(t, 2, "y");
      Variable s = T.tensor(t, new int[0], "s");
      List<Variable> outs = List.of(T.sum(T.sqr(x)), T.sum(T.mul(T.sqr(x), s), 1),
          T.max(T.sub(T.mul(x, y), s), 0), T.prod(T.add(T.mul(T.tanh(x), 0.25), 1), 1),
          T.min(T.abs(x), new int[] {0, 1}));
      for (Variable out : outs) {
        List<Variable> in = List.of(x, y, s);
        Function fused = Theano.function(in, List.of(out)).backend("cuda-interp")
            .onUnusedInput(org.theano4j.compile.UnusedInputPolicy.IGNORE).build();
        Function unfused = Theano.function(in, List.of(out)).backend("cuda-interp")
            .excluding("fuse-reduce")
            .onUnusedInput(org.theano4j.compile.UnusedInputPolicy.IGNORE).build();
        Function jvm = Theano.function(in, List.of(out))
            .onUnusedInput(org.theano4j.compile.UnusedInputPolicy.IGNORE).build();
        assertThat(ops(fused)).as("%s", out).contains(FusedReduce.class)
            .doesNotContain(Reduce.class);
        assertThat(ops(unfused)).contains(Reduce.class);
        assertThat(Lowering.lower(fused.graph(), "f").kernels().size())
            .as("kernels of the fused program").isLessThan(
                Lowering.lower(unfused.graph(), "f").kernels().size());
        for (int[] shape : new int[][] {{5, 7}, {3, 1030}, {1030, 3}, {1, 1}}) {
          for (boolean specials : new boolean[] {false, true}) {
            Object[] args = {random(t, rnd, specials, shape), random(t, rnd, false, shape),
                NDArray.scalar(t, 0.75)};
            NDArray a = fused.call(args).get(0);
            NDArray b = unfused.call(args).get(0);
            double[] av = a.toDoubleArray();
            double[] bv = b.toDoubleArray();
            assertThat(a.shape()).containsExactly(b.shape());
            for (int i = 0; i < av.length; i++) {
              boolean same = Double.isNaN(bv[i]) ? Double.isNaN(av[i])
                  : Double.doubleToRawLongBits(av[i]) == Double.doubleToRawLongBits(bv[i]);
              assertThat(same).as("%s %s of shape %s, element %d: fused %s, unfused %s", t,
                  out, java.util.Arrays.toString(shape), i, av[i], bv[i]).isTrue();
            }
            double[] cv = jvm.call(args).get(0).toDoubleArray();
            double tol = t == DType.FLOAT32 ? 1e-5 : 1e-12;
            for (int i = 0; i < av.length; i++) {
              boolean close = Double.isNaN(cv[i]) ? Double.isNaN(av[i]) : av[i] == cv[i]
                  || Math.abs(av[i] - cv[i]) <= tol * Math.abs(cv[i]);
              assertThat(close).as("%s %s vs the JVM backend, element %d: %s vs %s", t, out, i,
                  av[i], cv[i]).isTrue();
            }
          }
        }
      }
    }
  }

  /** The fused node's run-time errors are the unfused pair's: a broadcast mismatch. */
  @Test
  void shapesThatDoNotBroadcastAreRefusedAsUnfused() {
    Variable x = T.matrix("x");
    Variable y = T.matrix("y");
    Function fused = Theano.function(List.of(x, y), List.of(T.sum(T.mul(x, y))))
        .backend("cuda-interp").build();
    assertThat(ops(fused)).contains(FusedReduce.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> fused.call(
        NDArray.zeros(DType.FLOAT32, 2, 3), NDArray.zeros(DType.FLOAT32, 3, 2)))
        .isInstanceOf(org.theano4j.TheanoException.class)
        .hasMessageContaining("input shapes [2, 3], [3, 2] do not match in dimension 0");
  }
}
