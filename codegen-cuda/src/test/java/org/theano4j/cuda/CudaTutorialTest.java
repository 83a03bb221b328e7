package org.theano4j.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.examples.TutorialGraphs;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.CudaOpTableTest;

/**
 * The tutorial's functions (forward pass, gradients from {@code Grad}, the SGD step with its
 * updates, the error rate) run through the CUDA lowering and the kernel-IR interpreter (or
 * the device, see {@link CudaOpTableTest#BACKEND}) give
 * the JVM backend's results, step after step.
 */
class CudaTutorialTest {
  @Test
  void gradientsMatchTheJvmBackend() {
    TutorialGraphs jvm = new TutorialGraphs("jvm");
    TutorialGraphs cuda = new TutorialGraphs(CudaOpTableTest.BACKEND);
    for (int index = 0; index < 3; index++) {
      List<NDArray> want = jvm.gradients.call(index);
      List<NDArray> got = cuda.gradients.call(index);
      for (int i = 0; i < want.size(); i++) {
        assertThat(got.get(i).shape()).isEqualTo(want.get(i).shape());
        CudaOpTableTest.compare("gradients output " + i + " of batch " + index,
            got.get(i).toDoubleArray(), want.get(i).toDoubleArray(), want.get(i).dtype(), 2);
      }
    }
  }

  @Test
  void trainingStepsFollowTheJvmBackend() {
    TutorialGraphs jvm = new TutorialGraphs("jvm");
    TutorialGraphs cuda = new TutorialGraphs(CudaOpTableTest.BACKEND);
    for (int epoch = 0; epoch < 2; epoch++) {
      for (int index = 0; index < TutorialGraphs.N / TutorialGraphs.BATCH; index++) {
        double want = jvm.train.call(index).get(0).getDouble();
        double got = cuda.train.call(index).get(0).getDouble();
        assertThat(got).as("cost of batch %d", index).isCloseTo(want,
            org.assertj.core.data.Offset.offset(1e-5 * Math.max(1, Math.abs(want))));
      }
    }
    CudaOpTableTest.compare("W after training", cuda.w.getValue().toDoubleArray(),
        jvm.w.getValue().toDoubleArray(), jvm.w.dtype(), 5);
    CudaOpTableTest.compare("b after training", cuda.b.getValue().toDoubleArray(),
        jvm.b.getValue().toDoubleArray(), jvm.b.dtype(), 5);
    for (int index = 0; index < 4; index++) {
      assertThat(cuda.errors.call(index).get(0).getDouble())
          .isEqualTo(jvm.errors.call(index).get(0).getDouble());
    }
  }
}
