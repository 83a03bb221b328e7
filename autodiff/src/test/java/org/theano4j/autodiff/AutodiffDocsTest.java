package org.theano4j.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.theano4j.Theano;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * Regenerates the debugPrint of the tutorial's gradient graph in {@code docs/autodiff.md}
 * when run with {@code -Dtheano4j.updateDocs=true} (and the printing module is present).
 */
class AutodiffDocsTest {
  private static final String BEGIN = "<!-- debugPrint:begin -->";
  private static final String END = "<!-- debugPrint:end -->";

  /** The tutorial's cost and its gradient wrt W, as in docs/autodiff.md. */
  static Variable tutorialGradient() {
    Variable x = T.matrix("x");
    Variable y = T.ivector("y");
    SharedVariable w = Theano.shared(NDArray.zeros(DType.FLOAT32, 784, 10), "W");
    SharedVariable b = Theano.shared(NDArray.zeros(DType.FLOAT32, 10), "b");
    Variable p = T.softmax(T.dot(x, w).add(b));
    Variable cost = T.log(p).get(T.arange(y.shape(0)), y).mean().neg();
    return Grad.grad(cost, w).setName("gW");
  }

  @Test
  void regenerateDebugPrint() throws Exception {
    Variable gw = tutorialGradient();
    assertThat(gw.type().dtype()).isEqualTo(DType.FLOAT32);
    Assumptions.assumeTrue(Boolean.getBoolean("theano4j.updateDocs"), "not asked to update");
    Method debugPrint = Class.forName("org.theano4j.printing.Printing")
        .getMethod("debugPrint", Variable[].class);
    String printed = (String) debugPrint.invoke(null, (Object) new Variable[] {gw});
    Path doc = Path.of(System.getProperty("user.dir")).resolveSibling("docs")
        .resolve("autodiff.md");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    int a = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    assertThat(a).as("markers in " + doc).isNotNegative().isLessThan(e);
    String updated = text.substring(0, a + BEGIN.length()) + "\n```\n" + printed.strip()
        + "\n```\n" + text.substring(e);
    Files.writeString(doc, updated, StandardCharsets.UTF_8);
  }
}
