package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.printing.Printing;
import org.theano4j.rewrite.RewriteReport;
import org.theano4j.tutorial.mnist.data.MiniMnist;

/**
 * The optimised graph of the tutorial's {@code train_model} (gradients from autodiff,
 * FAST_RUN) is checked in as a golden file and shown in {@code docs/optimizer.md}; both must
 * match what the compiler produces now. Regenerate both with
 * {@code mvn -pl mnist-tutorial -am test -Dtest=TutorialGraphGoldenTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtheano4j.updateDocs=true}.
 */
class TutorialGraphGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/train_model_fast_run.txt");
  private static final Path DOC = Path.of("../docs/optimizer.md");
  private static final String BEGIN = "<!-- train_model:begin -->\n```\n";
  private static final String END = "```\n<!-- train_model:end -->";

  static String describe(Function f) {
    RewriteReport r = f.rewriteReport();
    return "nodes before rewriting: " + r.nodesBefore() + ", after: " + r.nodesAfter() + "\n\n"
        + Printing.debugPrint(f).strip() + "\n";
  }

  @Test
  void optimisedTrainingFunctionMatchesTheGoldenFileAndTheDocs() throws Exception {
    TutorialFunctions f = new TutorialFunctions(MiniMnist.load(), 60, 0.13, "jvm");
    String text = describe(f.trainModel);
    assertThat(describe(new TutorialFunctions(MiniMnist.load(), 60, 0.13, "jvm").trainModel))
        .as("deterministic").isEqualTo(text);
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int a = doc.indexOf(BEGIN);
    int e = doc.indexOf(END);
    assertThat(a).as("markers in " + DOC).isNotNegative().isLessThan(e);
    if (Boolean.getBoolean("theano4j.updateDocs")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, text, StandardCharsets.UTF_8);
      doc = doc.substring(0, a + BEGIN.length()) + text + doc.substring(e);
      Files.writeString(DOC, doc, StandardCharsets.UTF_8);
      a = doc.indexOf(BEGIN);
      e = doc.indexOf(END);
    }
    assertThat(Files.readString(GOLDEN, StandardCharsets.UTF_8)).isEqualTo(text);
    assertThat(doc.substring(a + BEGIN.length(), e)).isEqualTo(text);
  }
}
