package org.theano4j.testing;

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

/**
 * Compiles a Java source cut out of a documentation page with the JDK's compiler against the
 * test class path, runs its {@code main} and returns what it printed (the docs tests keep their
 * examples honest with it). Skips, visibly, in a runtime without a compiler.
 */
public final class JavaSnippets {
  private JavaSnippets() {}

  /**
   * A worked example of a documentation page and what it prints: the {@code java} block and
   * the {@code text} block after "prints", between {@code <!-- marker:begin -->} and
   * {@code <!-- marker:end -->}; {@code [source, printed]}.
   */
  public static String[] docExample(String page, String marker) {
    Matcher m = Pattern.compile("<!-- " + Pattern.quote(marker) + ":begin -->\\n```java\\n(.*?)"
        + "```\\nprints\\n```text\\n(.*?)```\\n<!-- " + Pattern.quote(marker) + ":end -->",
        Pattern.DOTALL).matcher(page);
    assertThat(m.find()).as("the " + marker + " block of the page").isTrue();
    return new String[] {m.group(1), m.group(2)};
  }

  /**
   * Compiles and runs the example between {@code <!-- marker:begin -->} and
   * {@code <!-- marker:end -->} of {@code page} (see {@link #docExample}) as class
   * {@code className}, and asserts that it prints exactly the page's text block.
   */
  public static void checkPageExample(Path dir, Path page, String marker, String className)
      throws Exception {
    String[] example = docExample(Files.readString(page, StandardCharsets.UTF_8), marker);
    String printed = compileAndRunMain(dir, className, example[0], "the example of " + page);
    assertThat(printed).as("what the example of " + page + " prints").isEqualTo(example[1]);
  }

  /**
   * Writes {@code source} to {@code dir/<package path>/<simple name>.java}, compiles it into
   * {@code dir} (asserting success; {@code what} names the example in the message) and runs
   * {@code className}'s {@code main} with no arguments; returns its standard output.
   */
  public static String compileAndRunMain(Path dir, String className, String source, String what)
      throws Exception {
    int dot = className.lastIndexOf('.');
    Path pkg = Files.createDirectories(dot < 0 ? dir
        : dir.resolve(className.substring(0, dot).replace('.', '/')));
    Path file = pkg.resolve(className.substring(dot + 1) + ".java");
    Files.writeString(file, source, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assumeTrue(javac != null, "SKIPPED: no Java compiler in this runtime (a JRE?)");
    StringWriter out = new StringWriter();
    boolean ok = javac.getTask(out, null, null, List.of("-d", dir.toString(), "-classpath",
        System.getProperty("java.class.path")), null,
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
            .getJavaFileObjects(file)).call();
    assertThat(ok).as(what + " compiles:\n" + out + "\n" + source).isTrue();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        JavaSnippets.class.getClassLoader())) {
      Method main = loader.loadClass(className).getMethod("main", String[].class);
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      PrintStream stdout = System.out;
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      try {
        main.invoke(null, (Object) new String[0]);
      } finally {
        System.setOut(stdout);
      }
      return printed.toString(StandardCharsets.UTF_8);
    }
  }
}
