package org.theano4j.cuda.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.T;

/**
 * The "no device" path: on a machine without the NVIDIA driver, compiling for backend
 * {@code cuda} fails with one clear sentence (no crash of the JVM), and the JVM backend keeps
 * working. Skipped where a usable GPU is present.
 */
class CudaBackendTest {
  private static boolean gpuPresent() {
    try {
      CudaRuntime.open();
      return true;
    } catch (TheanoException e) {
      return false;
    }
  }

  @Test
  void withoutADeviceCompileFailsWithOneSentence() {
    Assumptions.assumeFalse(gpuPresent(), "a CUDA device is present: no-device path not run");
    Variable x = T.vector("x");
    List<Variable> out = List.of(T.exp(x).sum());
    assertThatThrownBy(() -> Theano.function(List.of(x), out).backend("cuda").build())
        .isInstanceOf(TheanoException.class)
        .hasMessageStartingWith("CUDA backend unavailable: ")
        .satisfies(e -> {
          String m = e.getMessage();
          assertThat(m).doesNotContain("\n");
          assertThat(m.substring(0, m.length() - 1)).doesNotContain(". ");
        });
    // Asking again gives the same answer (the failure is remembered, nothing is reloaded).
    assertThatThrownBy(() -> Theano.function(List.of(x), out).backend("cuda").build())
        .hasMessageStartingWith("CUDA backend unavailable: ");
    Function f = Theano.function(List.of(x), out).backend("jvm").build();
    assertThat(f.call(new float[] {0, 0}).get(0).getDouble()).isEqualTo(2.0);
  }

  @Test
  void theDevicePropertySelectsTheCudaBackend() {
    Assumptions.assumeFalse(gpuPresent(), "a CUDA device is present: no-device path not run");
    Variable x = T.vector("x");
    String old = System.getProperty("theano4j.device");
    System.setProperty("theano4j.device", "cuda");
    try {
      assertThatThrownBy(() -> Theano.compile(List.of(x), List.of(x.sum())))
          .isInstanceOf(TheanoException.class)
          .hasMessageStartingWith("CUDA backend unavailable: ");
    } finally {
      if (old == null) {
        System.clearProperty("theano4j.device");
      } else {
        System.setProperty("theano4j.device", old);
      }
    }
  }
}
