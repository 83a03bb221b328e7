package org.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.testing.JavaSnippets;

/**
 * The example of {@code docs/scan.md} is cut out of the page unchanged, compiled with the JDK's
 * compiler against the test class path, and run; what it prints must equal the page's
 * {@code text} block after it.
 */
class ScanDocsExampleTest {
  @Test
  void scanExampleCompilesAndPrintsWhatThePageShows(@TempDir Path dir) throws Exception {
    String page = Files.readString(Path.of("../docs/scan.md"), StandardCharsets.UTF_8);
    String[] example = JavaSnippets.docExample(page, "scan-example");
    String printed = JavaSnippets.compileAndRunMain(dir, "com.example.ScanExample", example[0],
        "the example");
    assertThat(printed).isEqualTo(example[1]);
  }
}
