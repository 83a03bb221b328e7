package org.example;

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
 * The user-op example of {@code docs/architecture.md} ("User-defined ops and OpFromGraph") is
 * cut out of the page unchanged, compiled with the JDK's compiler against the test class path,
 * and run; what it prints must equal the page's {@code text} block after it.
 */
class ArchitectureDocsExampleTest {
  @Test
  void userOpExampleCompilesAndPrintsWhatThePageShows(@TempDir Path dir) throws Exception {
    String page = Files.readString(Path.of("../docs/architecture.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("<!-- user-op-example:begin -->\\n```java\\n(.*?)```\\nprints\\n"
        + "```text\\n(.*?)```\\n<!-- user-op-example:end -->", Pattern.DOTALL).matcher(page);
    assertThat(m.find()).as("the user-op example block in docs/architecture.md").isTrue();
    String printed = JavaSnippets.compileAndRunMain(dir, "com.example.UserOps", m.group(1),
        "the example");
    assertThat(printed).isEqualTo(m.group(2));
  }
}
