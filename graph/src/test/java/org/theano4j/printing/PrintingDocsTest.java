package org.theano4j.printing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * {@code docs/printing.md} shows the debugPrint and DOT text of the hand-written training
 * step; this test fails when the doc is stale. Regenerate with
 * {@code mvn -pl graph test -Dtest=PrintingDocsTest -Dtheano4j.updateDocs=true}.
 */
class PrintingDocsTest {
  /** The tutorial's SGD step with the gradient written by hand (as in TrainingStepTest). */
  static Function handWrittenStep() {
    SharedVariable trainX = Theano.shared(NDArray.zeros(DType.FLOAT32, 1200, 784), "train_x");
    SharedVariable trainY = Theano.shared(NDArray.zeros(DType.INT32, 1200), "train_y");
    SharedVariable w = Theano.shared(NDArray.zeros(DType.FLOAT32, 784, 10), "W");
    SharedVariable b = Theano.shared(NDArray.zeros(DType.FLOAT32, 10), "b");
    Variable index = T.lscalar("index");
    Variable x = T.matrix("x");
    Variable y = T.ivector("y");
    Variable p = T.softmax(T.dot(x, w).add(b)).setName("p");
    Variable n = y.shape(0);
    Variable cost = T.log(p).get(T.arange(n), y).mean().neg().setName("cost");
    Variable onehot = T.eq(y.dimshuffle(0, "x"), T.arange(10).dimshuffle("x", 0))
        .astype(DType.FLOAT32);
    Variable diff = p.sub(onehot).setName("p_minus_onehot");
    Variable gw = T.dot(x.transpose(), diff).div(n.astype(DType.FLOAT32)).setName("gW");
    Variable gb = diff.mean(0).setName("gb");
    Variable lo = index.mul(600);
    Variable hi = index.add(1).mul(600);
    return Theano.function(List.of(index), List.of(cost))
        .updates(Map.of(w, w.sub(gw.mul(0.13)), b, b.sub(gb.mul(0.13))))
        .givens(Map.of(x, trainX.slice(lo, hi), y, trainY.slice(lo, hi)))
        .mode(Mode.DEBUG)
        .build();
  }

  @Test
  void docsShowTheCurrentPrintOfTheTrainingStep() throws Exception {
    Function f = handWrittenStep();
    String printed = Printing.debugPrint(f).strip();
    String dot = Printing.toDot(f).strip();
    Path doc = Path.of(System.getProperty("user.dir")).resolveSibling("docs")
        .resolve("printing.md");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("theano4j.updateDocs")) {
      text = replace(text, "debugPrint", printed);
      text = replace(text, "toDot", dot);
      Files.writeString(doc, text, StandardCharsets.UTF_8);
    }
    assertThat(section(text, "debugPrint")).isEqualTo(printed);
    assertThat(section(text, "toDot")).isEqualTo(dot);
  }

  private static String section(String text, String name) {
    String begin = "<!-- " + name + ":begin -->\n```\n";
    int a = text.indexOf(begin);
    int e = text.indexOf("\n```\n<!-- " + name + ":end -->");
    assertThat(a).as("markers for " + name).isNotNegative().isLessThan(e);
    return text.substring(a + begin.length(), e);
  }

  private static String replace(String text, String name, String body) {
    String begin = "<!-- " + name + ":begin -->";
    String end = "<!-- " + name + ":end -->";
    int a = text.indexOf(begin);
    int e = text.indexOf(end);
    return text.substring(0, a + begin.length()) + "\n```\n" + body + "\n```\n"
        + text.substring(e);
  }
}
