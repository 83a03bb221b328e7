package org.example;

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
    JavaSnippets.checkPageExample(dir, Path.of("../docs/architecture.md"), "user-op-example",
        "com.example.UserOps");
  }
}
