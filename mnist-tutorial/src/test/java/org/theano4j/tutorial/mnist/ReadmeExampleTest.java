package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * The example at the top of the README compiles and runs: its code is cut out of
 * {@code README.md}, wrapped in a class with stand-in data, compiled with the JDK's compiler
 * against the test class path, and called. With zero weights, the first SGD step's cost is
 * {@code ln 10} exactly as the tutorial's first minibatch (10 equally likely classes).
 */
class ReadmeExampleTest {
  @Test
  void readmeExampleCompilesAndTrains(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as("a ```java block in README.md").isTrue();
    String source = "import java.util.List;\nimport java.util.Map;\n"
        + "import org.theano4j.*;\nimport org.theano4j.graph.*;\n"
        + "import org.theano4j.ndarray.*;\nimport org.theano4j.tensor.T;\n"
        + "import org.theano4j.autodiff.Grad;\n"
        + "public class ReadmeExample {\n  public static double run() {\n"
        + "    NDArray images = NDArray.full(DType.FLOAT32, 0.5, 6000, 784);\n"
        + "    NDArray labels = NDArray.zeros(DType.INT32, 6000);\n"
        + m.group(1) + "    return c;\n  }\n}\n";
    Path file = dir.resolve("ReadmeExample.java");
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
      Method run = loader.loadClass("ReadmeExample").getMethod("run");
      double cost = (Double) run.invoke(null);
      assertThat(cost).isCloseTo(Math.log(10), within(1e-6));
    }
  }
}
