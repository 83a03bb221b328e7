package org.theano4j.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.random.RandomStreams;
import org.theano4j.tensor.CudaOpTableTest;
import org.theano4j.tensor.T;

/**
 * Random streams on the CUDA backends give the JVM backend's numbers bit for bit (the kernel
 * interpreter always; on a GPU, through {@link GpuTests}, everything but the normal's
 * transcendental functions, which are CUDA's there and compared within 2 ulps), and advance
 * their state on the device by their default updates.
 */
class CudaRandomTest {
  private static final String BACKEND = CudaOpTableTest.BACKEND;
  private static final boolean REAL_GPU = BACKEND.equals("cuda");

  /** Outputs: uniform f32, f64, normal f32, f64, binomial, integers, permutation, choice. */
  private static List<List<NDArray>> twoCalls(String backend) {
    RandomStreams srng = new RandomStreams(2024);
    Variable x = T.matrix("x");
    Variable p = T.vector("p");
    List<Variable> outs = List.of(
        srng.uniform(new int[] {100_003}, -1, 2, DType.FLOAT32),
        srng.uniform(x.shape(), 0, 1, DType.FLOAT64),
        srng.normal(new int[] {4001}, 0.5, 2, DType.FLOAT32),
        srng.normal(x.shape(), 0, 1, DType.FLOAT64),
        srng.binomial(x.shape(), 5, p),
        srng.integers(new int[] {7, 11}, -50, 50),
        srng.permutation(257),
        srng.choice(new int[] {300}, p));
    Function f = Theano.function(List.of(x, p), outs).backend(backend).build();
    NDArray xv = NDArray.zeros(DType.FLOAT32, 33, 17);
    NDArray pv = NDArray.of(new float[17], 17);
    for (int i = 0; i < 17; i++) {
      pv.setDouble(i / 16.0, i);
    }
    List<List<NDArray>> calls = new ArrayList<>();
    calls.add(f.call(xv, pv));
    calls.add(f.call(xv, pv));
    for (SharedVariable s : srng.states()) {
      assertThat(s.getValue().toLongArray()[1]).as("counter of %s on %s", s, backend)
          .isEqualTo(2);
    }
    return calls;
  }

  @Test
  void drawsEqualTheJvmBackendsBitForBit() {
    List<List<NDArray>> jvm = twoCalls("jvm");
    List<List<NDArray>> dev = twoCalls(BACKEND);
    for (int call = 0; call < 2; call++) {
      for (int o = 0; o < jvm.get(call).size(); o++) {
        NDArray want = jvm.get(call).get(o);
        NDArray got = dev.get(call).get(o);
        String what = "call " + call + ", output " + o + " on " + BACKEND;
        assertThat(got.dtype()).as(what).isEqualTo(want.dtype());
        assertThat(got.shape()).as(what).isEqualTo(want.shape());
        boolean normal = o == 2 || o == 3;
        if (normal && REAL_GPU) {
          double[] g = got.toDoubleArray();
          double[] w = want.toDoubleArray();
          int same = 0;
          for (int i = 0; i < w.length; i++) {
            same += g[i] == w[i] ? 1 : 0;
          }
          System.out.println("CudaRandomTest: " + what + " (normal " + want.dtype() + "): "
              + same + " of " + w.length + " elements bit-identical to the JVM's");
          for (int i = 0; i < w.length; i++) {
            double ulp = want.dtype() == DType.FLOAT32 ? Math.ulp((float) w[i]) : Math.ulp(w[i]);
            assertThat(Math.abs(g[i] - w[i])).as("%s element %d", what, i)
                .isLessThanOrEqualTo(2 * ulp);
          }
        } else if (want.dtype().isFloat()) {
          assertThat(got.toDoubleArray()).as(what).isEqualTo(want.toDoubleArray());
        } else {
          assertThat(got.toLongArray()).as(what).isEqualTo(want.toLongArray());
        }
      }
    }
    assertThat(jvm.get(0).get(0).toDoubleArray()).isNotEqualTo(jvm.get(1).get(0).toDoubleArray());
  }

  @Test
  void aFailedCallLeavesTheStateUnchanged() {
    RandomStreams srng = new RandomStreams(6);
    Variable x = T.dvector("x");
    Function f = Theano.function(List.of(x),
        List.of(x.add(srng.uniform(new int[] {3}, 0, 1, DType.FLOAT64)))).backend(BACKEND)
        .build();
    double[] first = f.call(new double[] {0, 0, 0}).get(0).toDoubleArray();
    SharedVariable state = srng.states().get(0);
    assertThatThrownBy(() -> f.call(new double[] {0, 0})).isInstanceOf(TheanoException.class);
    assertThat(state.getValue().toLongArray()[1]).isEqualTo(1);
    srng.seed(6);
    assertThat(f.call(new double[] {0, 0, 0}).get(0).toDoubleArray()).isEqualTo(first);
  }

  @Test
  void aUserUpdateOfTheStateWinsOnTheDevice() {
    RandomStreams srng = new RandomStreams(5);
    Variable u = srng.uniform(new int[] {64});
    SharedVariable state = srng.states().get(0);
    Function f = Theano.function(List.of(), List.of(u)).backend(BACKEND)
        .updates(Map.of(state, T.add(state, T.constant(NDArray.of(new long[] {0, 10}, 2)))))
        .build();
    double[] first = f.call().get(0).toDoubleArray();
    double[] second = f.call().get(0).toDoubleArray();
    assertThat(state.getValue().toLongArray()[1]).isEqualTo(20);
    srng.seed(5);
    assertThat(f.call().get(0).toDoubleArray()).isEqualTo(first);
    assertThat(second).isNotEqualTo(first);
  }
}
