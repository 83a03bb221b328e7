package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tutorial.mnist.data.MiniMnist;
import org.theano4j.tutorial.mnist.data.MnistData;

/**
 * The Mlp, LeNet (ConvolutionalMlp, batch 10), dA and SequentialMnist (LSTM, scan, Adam) training
 * steps lowered to CUDA kernels, run by the kernel interpreter
 * ({@code cuda-interp}, no GPU needed), follow the JVM backend: the same costs and errors, and
 * after three steps the same weights up to a few float32 ulps (the lowered GEMMs and fused
 * updates round in another order: 30 of the Mlp's 392,000 hidden weights and a quarter of the
 * dA's differ, by at most 6e-8). For the dA with corruption 0.3 each backend draws its own
 * masks (the lowered kernels on the interpreter, the JVM kernel on the JVM), and the random
 * states advance alike.
 */
class TutorialsOnCudaInterpTest {
  private static final MnistData DATA = MiniMnist.load();
  /** A few float32 ulps of weights below 0.5 in magnitude (one ulp at 0.25–0.5 is 3e-8). */
  private static final double ULPS = 2.5e-7;

  @Test
  void mlpStepsEqualTheJvmBackend() {
    Mlp app = new Mlp(new PrintStream(OutputStream.nullOutputStream()));
    TutorialFunctions jvm = app.functions(SharedDataset.of(DATA), "jvm");
    TutorialFunctions interp = app.functions(SharedDataset.of(DATA), "cuda-interp");
    assertStepsEqual(jvm, interp, 3);
  }

  @Test
  void lenetStepsEqualTheJvmBackend() {
    ConvolutionalMlp app = new ConvolutionalMlp(new PrintStream(OutputStream.nullOutputStream()));
    app.batchSize = 10; // the interpreter runs every kernel thread one by one
    TutorialFunctions jvm = app.functions(SharedDataset.of(DATA), "jvm");
    TutorialFunctions interp = app.functions(SharedDataset.of(DATA), "cuda-interp");
    assertStepsEqual(jvm, interp, 2);
  }

  /**
   * {@code steps} training steps give the same costs on both, then the same validation and
   * test errors, and weights within {@link #ULPS}.
   */
  private static void assertStepsEqual(TutorialFunctions jvm, TutorialFunctions interp,
      int steps) {
    for (int i = 0; i < 2; i++) {
      double c = jvm.train(i);
      assertThat(interp.train(i)).as("cost of step %d", i).isCloseTo(c, within(1e-6 * c));
    }
    assertThat(interp.validate(0)).isEqualTo(jvm.validate(0));
    assertThat(interp.test(1)).isEqualTo(jvm.test(1));
    for (int p = 0; p < jvm.params.size(); p++) {
      double[] a = values(interp.params.get(p).getValue());
      double[] b = values(jvm.params.get(p).getValue());
      assertThat(maxDifference(a, b)).as(jvm.params.get(p).name()).isLessThanOrEqualTo(ULPS);
    }
  }

  @Test
  void corruptedAutoencoderStepsEqualTheJvmBackend() {
    DenoisingAutoencoder app = new DenoisingAutoencoder(
        new PrintStream(OutputStream.nullOutputStream()));
    DenoisingAutoencoder.Run jvm = app.new Run(SharedDataset.of(DATA).trainX(), 0.3, "jvm");
    DenoisingAutoencoder.Run interp = app.new Run(SharedDataset.of(DATA).trainX(), 0.3,
        "cuda-interp");
    for (int i = 0; i < 3; i++) {
      double c = jvm.train(i);
      assertThat(interp.train(i)).as("cost of step %d", i).isCloseTo(c, within(1e-6 * c));
    }
    assertThat(maxDifference(values(interp.da.W.getValue()), values(jvm.da.W.getValue())))
        .isLessThanOrEqualTo(ULPS);
    assertThat(values(interp.theanoRng.states().get(0).getValue()))
        .as("the stream's state advanced three times on both")
        .isEqualTo(values(jvm.theanoRng.states().get(0).getValue()));
  }

  @Test
  void lstmStepsEqualTheJvmBackend() {
    SequentialMnist app = SequentialMnistTest.small();
    TutorialFunctions jvm = app.functions(SharedDataset.of(DATA), "jvm");
    TutorialFunctions interp = app.functions(SharedDataset.of(DATA), "cuda-interp");
    for (int i = 0; i < 3; i++) {
      double c = jvm.train(i);
      assertThat(interp.train(i)).as("cost of step %d", i).isCloseTo(c, within(1e-6 * c));
    }
    assertThat(interp.validate(0)).isEqualTo(jvm.validate(0));
    assertThat(interp.test(1)).isEqualTo(jvm.test(1));
    // Adam divides by sqrt(v): a gradient's relative rounding difference d moves its step of
    // at most lr = 0.005 by about lr * d, and the scan's summed gradients (28 steps, cancelling
    // terms) differ by up to ~1e-4 relative where they are small: 3 steps, about 1.5e-6. Since
    // the backward step reads the gate activations stored by the forward loop (ScanGrads'
    // residuals), each backend's forward computes them as float32 nodes of their own rather
    // than inside its fused cell update, which moves W_lstm's difference to 1.8e-6 (Zen 4). The
    // JVM backend's products are OpenBLAS's, whose kernels differ by processor: on a Zen 5
    // machine W_lstm differs by 9.8e-6 (2026-12-01). A wrong kernel moves a weight by a step's
    // size, lr = 5e-3: 2.5e-5
    for (int p = 0; p < jvm.params.size(); p++) {
      double[] a = values(interp.params.get(p).getValue());
      double[] b = values(jvm.params.get(p).getValue());
      assertThat(maxDifference(a, b)).as(jvm.params.get(p).name()).isLessThanOrEqualTo(2.5e-5);
    }
  }

  private static double[] values(NDArray a) {
    return a.toDoubleArray();
  }

  /** The largest |a[i] - b[i]|. */
  static double maxDifference(double[] a, double[] b) {
    assertThat(a).hasSameSizeAs(b);
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }
}
