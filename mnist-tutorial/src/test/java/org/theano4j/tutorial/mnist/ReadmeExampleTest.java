package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.testing.JavaSnippets;

/**
 * The example at the top of the README compiles and runs as shown: the whole file is cut out of
 * {@code README.md} unchanged, compiled with the JDK's compiler against the test class path,
 * and its {@code main} run. With zero weights, the first SGD step's cost is {@code ln 10}, as
 * the tutorial's first minibatch (10 equally likely classes).
 */
class ReadmeExampleTest {
  @Test
  void readmeExampleCompilesAndTrains(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as("a ```java block in README.md").isTrue();
    String source = m.group(1);
    Matcher cls = Pattern.compile("public class (\\w+)").matcher(source);
    assertThat(cls.find()).as("a public class in the README example").isTrue();
    String printed = JavaSnippets.compileAndRunMain(dir, cls.group(1), source,
        "README example");
    Matcher cost = Pattern.compile("cost (\\S+)").matcher(printed);
    assertThat(cost.find()).as("the example prints its cost: " + printed).isTrue();
    assertThat(Double.parseDouble(cost.group(1))).isCloseTo(Math.log(10), within(1e-6));
  }
}
