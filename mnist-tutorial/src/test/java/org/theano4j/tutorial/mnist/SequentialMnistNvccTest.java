package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.lower.Lowering;
import org.theano4j.cuda.lower.Program;
import org.theano4j.cuda.render.CudaRenderer;
import org.theano4j.tutorial.mnist.data.MiniMnist;

/**
 * The CUDA kernels of {@link SequentialMnist}'s functions (the training step: the LSTM scan,
 * its backward scan, Adam; and the errors) compile with {@code nvcc -cubin -arch=sm_90}, as
 * codegen-cuda's {@code NvccCompileTest} compiles the op table's. Skipped, with a message,
 * where nvcc is not on the PATH. (Their results are checked on {@code cuda-interp} by
 * {@link TutorialsOnCudaInterpTest}.)
 */
class SequentialMnistNvccTest {
  @Test
  void theLstmFunctionsKernelsCompileForSm90(@TempDir Path dir) throws Exception {
    Path nvcc = null;
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, "nvcc"))) {
        nvcc = Path.of(d, "nvcc");
      }
    }
    if (nvcc == null) {
      System.err.println("SequentialMnistNvccTest SKIPPED: nvcc is not on the PATH");
    }
    Assumptions.assumeTrue(nvcc != null, "nvcc is not on the PATH: kernels not compiled");
    TutorialFunctions fns = SequentialMnistTest.small()
        .functions(SharedDataset.of(MiniMnist.load()), "jvm");
    for (Program p : List.of(Lowering.lower(fns.trainModel.graph(), "lstm_train"),
        Lowering.lower(fns.validateModel.graph(), "lstm_errors"))) {
      List<Kernel> kernels = p.kernels();
      assertThat(kernels).isNotEmpty();
      assertThat(kernels).as("the scan's step kernels are in the program")
          .anyMatch(k -> k.name().contains("_scanop_b_"));
      Path cu = dir.resolve(kernels.get(0).name() + ".cu");
      Files.writeString(cu, CudaRenderer.render(kernels));
      Process run = new ProcessBuilder(nvcc.toString(), "-cubin", "-arch=sm_90", "-o",
          dir.resolve(cu.getFileName() + ".cubin").toString(), cu.toString())
          .redirectErrorStream(true).start();
      String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(run.waitFor(300, TimeUnit.SECONDS) && run.exitValue() == 0)
          .as("nvcc on %d kernels of %s:%n%s", kernels.size(), cu, out).isTrue();
    }
  }
}
