package org.theano4j.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.theano4j.examples.TutorialGraphs;
import org.theano4j.cuda.lower.Lowering;
import org.theano4j.cuda.render.CudaRenderer;

/**
 * The CUDA source generated for the tutorial's training step, compared with the checked-in
 * golden file ({@code src/test/resources/golden/tutorial_train_step.cu}); a change of the
 * generated code shows up as a diff in review. Regenerate with
 * {@code mvn -pl codegen-cuda test -Dtest=GoldenKernelsTest -Dgolden.update=true}.
 */
class GoldenKernelsTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/tutorial_train_step.cu");

  @Test
  void tutorialTrainingStepSourceIsTheGoldenOne() throws Exception {
    TutorialGraphs t = new TutorialGraphs("jvm");
    String cu = CudaRenderer.render(Lowering.lower(t.train.graph(), "train"));
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(GOLDEN, cu);
    }
    assertThat(Files.exists(GOLDEN)).as("golden file %s (generate it with -Dgolden.update=true)",
        GOLDEN).isTrue();
    assertThat(cu).isEqualTo(Files.readString(GOLDEN));
  }
}
