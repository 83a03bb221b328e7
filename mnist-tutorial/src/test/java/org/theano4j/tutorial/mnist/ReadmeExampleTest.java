package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    Path file = dir.resolve(cls.group(1) + ".java");
    Files.writeString(file, source, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assumeTrue(javac != null, "SKIPPED: no Java compiler in this runtime (a JRE?)");
    StringWriter out = new StringWriter();
    boolean ok = javac.getTask(out, null, null, List.of("-d", dir.toString(), "-classpath",
        System.getProperty("java.class.path")), null,
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
            .getJavaFileObjects(file)).call();
    assertThat(ok).as("README example compiles:\n" + out + "\n" + source).isTrue();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        getClass().getClassLoader())) {
      Method main = loader.loadClass(cls.group(1)).getMethod("main", String[].class);
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      PrintStream stdout = System.out;
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      try {
        main.invoke(null, (Object) new String[0]);
      } finally {
        System.setOut(stdout);
      }
      Matcher cost = Pattern.compile("cost (\\S+)").matcher(printed.toString(
          StandardCharsets.UTF_8));
      assertThat(cost.find()).as("the example prints its cost: " + printed).isTrue();
      assertThat(Double.parseDouble(cost.group(1))).isCloseTo(Math.log(10), within(1e-6));
    }
  }
}
