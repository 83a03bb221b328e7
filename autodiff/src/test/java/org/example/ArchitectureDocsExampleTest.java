package org.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.testing.JavaSnippets;

/**
 * The user-op example of {@code docs/architecture.md} ("User-defined ops and OpFromGraph") is
 * cut out of the page unchanged, compiled with the JDK's compiler against the test class path,
 * and run; what it prints must equal the page's {@code text} block after it.
 */
class ArchitectureDocsExampleTest {
  @Test
  void userOpExampleCompilesAndPrintsWhatThePageShows(@TempDir Path dir) throws Exception {
    String page = Files.readString(Path.of("../docs/architecture.md"), StandardCharsets.UTF_8);
    String[] example = JavaSnippets.docExample(page, "user-op-example");
    String printed = JavaSnippets.compileAndRunMain(dir, "com.example.UserOps", example[0],
        "the example");
    assertThat(printed).isEqualTo(example[1]);
  }
}
