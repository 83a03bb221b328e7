package org.example;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.testing.JavaSnippets;

/**
 * The example of {@code docs/ifelse.md} is cut out of the page unchanged, compiled with the
 * JDK's compiler against the test class path, and run on the JVM and {@code cuda-interp}
 * backends; what it prints must equal the page's {@code text} block after it.
 */
class IfElseDocsExampleTest {
  @Test
  void exampleCompilesAndPrintsWhatThePageShows(@TempDir Path dir) throws Exception {
    JavaSnippets.checkPageExample(dir, Path.of("../docs/ifelse.md"), "ifelse-example",
        "com.example.SafeLog");
  }
}
