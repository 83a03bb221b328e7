package org.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.testing.JavaSnippets;

/**
 * The worked "add an op" example of {@code docs/architecture.md} ("How to add an op",
 * {@code T.fillDiagonal}) cannot drift from the code: each excerpt between
 * {@code <!-- add-op-example:PATH:begin -->} and its {@code end} marker must be a contiguous run
 * of whole lines of the repository file {@code PATH}, and the example must show exactly the
 * op's five files. Its usage block is compiled and run on {@code jvm} and {@code cuda-interp},
 * and must print what the page shows. (That the op itself works is proved by its rows in
 * {@code OpTableTest}, {@code CudaOpTableTest} and autodiff's {@code GradCheckTableTest}.)
 */
class ArchitectureAddOpExampleTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern EXCERPT = Pattern.compile(
      "<!-- add-op-example:([^ ]+):begin -->\\n```java\\n(.*?)```\\n"
          + "<!-- add-op-example:\\1:end -->", Pattern.DOTALL);

  private static String page() throws IOException {
    return Files.readString(ROOT.resolve("docs/architecture.md"), StandardCharsets.UTF_8);
  }

  /** The excerpts of {@code page}, by the repository path their markers name, in order. */
  static Map<String, String> excerpts(String page) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = EXCERPT.matcher(page);
    while (m.find()) {
      assertThat(out.put(m.group(1), m.group(2))).as("a second excerpt of " + m.group(1))
          .isNull();
    }
    return out;
  }

  /**
   * What is wrong with the excerpts: for each one that is not a contiguous run of whole lines
   * of its file (or whose file does not exist), a sentence naming the file; none if all hold.
   */
  static List<String> drift(Map<String, String> excerpts) throws IOException {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : excerpts.entrySet()) {
      Path file = ROOT.resolve(e.getKey());
      if (!Files.isRegularFile(file)) {
        problems.add(e.getKey() + ": no such file in the repository");
        continue;
      }
      List<String> lines = Arrays.asList(
          Files.readString(file, StandardCharsets.UTF_8).split("\n", -1));
      List<String> excerpt = Arrays.asList(e.getValue().split("\n", -1));
      // the block ends with a newline, so the last piece is empty
      excerpt = excerpt.subList(0, excerpt.size() - 1);
      if (excerpt.isEmpty() || java.util.Collections.indexOfSubList(lines, excerpt) < 0) {
        problems.add(e.getKey() + ": the excerpt (" + excerpt.size() + " lines, from \""
            + (excerpt.isEmpty() ? "" : excerpt.get(0).strip()) + "\") is not a contiguous "
            + "run of the file's lines");
      }
    }
    return problems;
  }

  @Test
  void everyExcerptIsAContiguousRegionOfItsFile() throws Exception {
    Map<String, String> excerpts = excerpts(page());
    assertThat(excerpts.keySet()).containsExactly(
        "graph/src/main/java/org/theano4j/tensor/FillDiagonal.java",
        "graph/src/main/java/org/theano4j/jvm/FillDiagonalKernels.java",
        "autodiff/src/main/java/org/theano4j/autodiff/FillDiagonalGrads.java",
        "codegen-cuda/src/main/java/org/theano4j/cuda/lower/FillDiagonalKernels.java",
        "graph/src/test/java/org/theano4j/tensor/FillDiagonalRows.java");
    assertThat(drift(excerpts)).isEmpty();
  }

  /** The check catches a changed line, a line left out and a file that is not there. */
  @Test
  void theCheckFindsDrift() throws Exception {
    Map<String, String> excerpts = excerpts(page());
    String tensor = "graph/src/main/java/org/theano4j/tensor/FillDiagonal.java";
    String kernels = "graph/src/main/java/org/theano4j/jvm/FillDiagonalKernels.java";
    Map<String, String> changed = new LinkedHashMap<>();
    changed.put(tensor, excerpts.get(tensor).replace("got rank", "of rank"));
    String k = excerpts.get(kernels);
    int secondLine = k.indexOf('\n') + 1;
    changed.put(kernels, k.substring(0, secondLine) + k.substring(k.indexOf('\n', secondLine)
        + 1));
    changed.put("graph/src/main/java/org/theano4j/tensor/Gone.java", "record Gone() {}\n");
    assertThat(drift(changed)).hasSize(3).satisfiesExactly(
        p -> assertThat(p).startsWith(tensor + ": the excerpt"),
        p -> assertThat(p).startsWith(kernels + ": the excerpt"),
        p -> assertThat(p).endsWith("Gone.java: no such file in the repository"));
  }

  @Test
  void usageExampleCompilesAndPrintsWhatThePageShows(@TempDir Path dir) throws Exception {
    String[] example = JavaSnippets.docExample(page(), "add-op-usage");
    String printed = JavaSnippets.compileAndRunMain(dir, "com.example.FillDiagonalExample",
        example[0], "the fill_diagonal example");
    assertThat(printed).isEqualTo(example[1]);
  }
}
