package org.theano4j.cuda.lower;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.CudaOpTableTest;
import org.theano4j.tensor.T;

/**
 * Fused kernels at the optimiser's caps (256 scalar steps, 32 inputs) lower, render and run
 * on the CUDA backend under test ({@code cuda-interp}, or {@code cuda} on a GPU machine),
 * with the values of a direct loop.
 */
class CappedFusedKernelTest {
  private static final double[] XS = {1.5, -2.0, 0.25, 7.0};

  @Test
  void aThousandChainedAddsRunAsFullKernels() {
    Variable x = T.dvector("x");
    Variable y = x;
    for (int i = 0; i < 1000; i++) {
      y = y.add(1.0);
    }
    NDArray got = Theano.function(List.of(x), List.of(y)).backend(CudaOpTableTest.BACKEND)
        .build().call(NDArray.of(XS, XS.length)).get(0);
    for (int k = 0; k < XS.length; k++) {
      // Adding 1.0 a thousand times is exact in float64.
      assertThat(got.getDouble(k)).isEqualTo(XS[k] + 1000);
    }
  }

  @Test
  void aWeightedSumOfSixtyInputsRunsAsKernelsOfAtMostThirtyTwoInputs() {
    List<Variable> ins = new ArrayList<>();
    Variable y = null;
    Object[] args = new Object[60];
    double[] want = new double[XS.length];
    for (int i = 0; i < 60; i++) {
      Variable v = T.dvector("v" + i);
      ins.add(v);
      y = y == null ? v.mul(i + 2.0) : y.add(v.mul(i + 2.0));
      double[] vs = new double[XS.length];
      for (int k = 0; k < XS.length; k++) {
        vs[k] = XS[k] * (i % 5 - 2);
        want[k] += vs[k] * (i + 2);
      }
      args[i] = NDArray.of(vs, XS.length);
    }
    NDArray got = Theano.function(ins, List.of(y)).backend(CudaOpTableTest.BACKEND).build()
        .call(args).get(0);
    for (int k = 0; k < XS.length; k++) {
      // Quarters times small integers: every partial sum is exact in float64.
      assertThat(got.getDouble(k)).isEqualTo(want[k]);
    }
  }
}
