package org.theano4j.random;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.testing.JavaSnippets;

/**
 * The example of {@code docs/random.md} is cut out of the page unchanged, compiled with the
 * JDK's compiler against the test class path, and run; what it prints must equal the page's
 * {@code text} block after it.
 */
class RandomDocsExampleTest {
  @Test
  void exampleCompilesAndPrintsWhatThePageShows(@TempDir Path dir) throws Exception {
    JavaSnippets.checkPageExample(dir, Path.of("../docs/random.md"), "random-example",
        "com.example.Dropout");
  }
}
