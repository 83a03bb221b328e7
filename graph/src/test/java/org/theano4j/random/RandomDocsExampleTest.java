package org.theano4j.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    String page = Files.readString(Path.of("../docs/random.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("<!-- random-example:begin -->\\n```java\\n(.*?)```\\nprints\\n"
        + "```text\\n(.*?)```\\n<!-- random-example:end -->", Pattern.DOTALL).matcher(page);
    assertThat(m.find()).as("the example block in docs/random.md").isTrue();
    String printed = JavaSnippets.compileAndRunMain(dir, "com.example.Dropout", m.group(1),
        "the random-streams example");
    assertThat(printed).isEqualTo(m.group(2));
  }
}
