package org.example;

import static org.assertj.core.api.Assertions.assertThat;
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
    String source = m.group(1);
    Path pkg = Files.createDirectories(dir.resolve("com/example"));
    Path file = pkg.resolve("UserOps.java");
    Files.writeString(file, source, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assumeTrue(javac != null, "SKIPPED: no Java compiler in this runtime (a JRE?)");
    StringWriter out = new StringWriter();
    boolean ok = javac.getTask(out, null, null, List.of("-d", dir.toString(), "-classpath",
        System.getProperty("java.class.path")), null,
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
            .getJavaFileObjects(file)).call();
    assertThat(ok).as("the example compiles:\n" + out).isTrue();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        getClass().getClassLoader())) {
      Method main = loader.loadClass("com.example.UserOps").getMethod("main", String[].class);
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      PrintStream stdout = System.out;
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      try {
        main.invoke(null, (Object) new String[0]);
      } finally {
        System.setOut(stdout);
      }
      assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo(m.group(2));
    }
  }
}
