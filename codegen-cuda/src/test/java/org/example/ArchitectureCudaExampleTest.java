package org.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.testing.JavaSnippets;

/**
 * The user CUDA op example of {@code docs/architecture.md} ("User-defined ops and
 * OpFromGraph": an op with its JVM kernel, gradient and CUDA C expression) is cut out of the
 * page unchanged, compiled against the test class path and run on {@code jvm} and
 * {@code cuda-interp}; what it prints must equal the page's {@code text} block after it.
 */
class ArchitectureCudaExampleTest {
  @Test
  void userCudaOpExampleCompilesAndPrintsWhatThePageShows(@TempDir Path dir) throws Exception {
    String page = Files.readString(Path.of("../docs/architecture.md"), StandardCharsets.UTF_8);
    String[] example = JavaSnippets.docExample(page, "user-cuda-example");
    String printed = JavaSnippets.compileAndRunMain(dir, "com.example.UserCudaOps", example[0],
        "the example");
    assertThat(printed).isEqualTo(example[1]);
  }
}
