package org.theano4j.printing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.compile.Mode;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

class DebugPrintTest {
  private static final String M = "<TensorType(float32, (?, ?))>";
  private static final String V = "<TensorType(float32, (?,))>";

  @Test
  void layerWithSharedParametersPrintsTheanoStyleTree() {
    Variable x = T.fmatrix("x");
    SharedVariable w = Theano.shared(NDArray.zeros(DType.FLOAT32, 3, 2), "W");
    SharedVariable b = Theano.shared(NDArray.zeros(DType.FLOAT32, 2), "b");
    Variable h = T.dot(x, w).add(b).setName("h");
    Variable out = T.tanh(h).mul(h);

    String expected = String.join("\n",
        "Elemwise{mul} [id A] " + M,
        " |Elemwise{tanh} [id B] " + M,
        " | |Elemwise{add} [id C] " + M + " 'h'",
        " |   |Dot [id D] " + M,
        " |   | |x [id E] " + M,
        " |   | |W (shared) [id F] " + M,
        " |   |b (shared) [id G] " + V,
        " |Elemwise{add} [id C]",
        "");
    assertThat(Printing.debugPrint(out)).isEqualTo(expected);
  }

  @Test
  void constantsShowTheirValueWhenSmall() {
    Variable x = T.fvector("x");
    Variable y = T.exp(x).add(1.5);
    Variable idx = T.ivector("i").add(T.constant(new int[] {1, 2, 3}));
    Variable big = T.constant(NDArray.zeros(DType.FLOAT64, 3, 3)).setName("zeros");

    assertThat(Printing.debugPrint(y, idx, big)).isEqualTo(String.join("\n",
        "Elemwise{add} [id A] " + V,
        " |Elemwise{exp} [id B] " + V,
        " | |x [id C] " + V,
        " |Constant{1.5} [id D] <TensorType(float32, ())>",
        "Elemwise{add} [id E] <TensorType(int32, (3,))>",
        " |i [id F] <TensorType(int32, (?,))>",
        " |Constant{[1, 2, 3]} [id G] <TensorType(int32, (3,))>",
        "Constant{...} [id H] <TensorType(float64, (3, 3))> 'zeros'",
        ""));
  }

  @Test
  void functionPrintsOutputsThenLabelledUpdatesWithSharedIds() {
    Variable x = T.fvector("x");
    SharedVariable acc = Theano.shared(NDArray.zeros(DType.FLOAT32, 3), "acc");
    Variable sq = x.mul(x).setName("sq");
    Map<SharedVariable, Variable> updates = new LinkedHashMap<>();
    updates.put(acc, acc.add(sq));
    Function f = Theano.function(List.of(x), List.of(sq)).updates(updates)
        .mode(Mode.DEBUG).build();

    assertThat(Printing.debugPrint(f)).isEqualTo(String.join("\n",
        "Elemwise{mul} [id A] " + V + " 'sq'",
        " |x [id B] " + V,
        " |x [id B] " + V,
        "Elemwise{add} [id C] " + V + " (update of acc)",
        " |acc (shared) [id D] " + V,
        " |Elemwise{mul} [id A]",
        ""));
  }

  @Test
  void sharedSubtreeIsExpandedOnceAndReferencedAfterwards() {
    Variable x = T.fmatrix("x");
    Variable e = T.exp(T.log(x));
    Variable out = e.add(e).mul(e).sub(T.tanh(e));

    String text = Printing.debugPrint(out);
    List<String> lines = text.lines().toList();
    // exp and log are each written in full once (with their type); exp is referenced 3 more times.
    assertThat(lines.stream().filter(l -> l.contains("Elemwise{exp}") && l.contains("<")))
        .hasSize(1);
    assertThat(lines.stream().filter(l -> l.endsWith("Elemwise{exp} [id " + idOf(text, "exp")
        + "]"))).hasSize(3);
    assertThat(lines.stream().filter(l -> l.contains("Elemwise{log}"))).hasSize(1);
    // Nodes: sub, mul, add, exp, log, tanh, plus the input x: seven distinct ids, A..G.
    assertThat(distinctIds(text)).containsExactlyInAnyOrder("A", "B", "C", "D", "E", "F", "G");
    // A reference line has no children: the next line is not deeper.
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (!lines.get(i).contains("<")) {
        assertThat(depth(lines.get(i + 1))).isLessThanOrEqualTo(depth(lines.get(i)));
      }
    }
  }

  @Test
  void outputIsDeterministicAcrossIdenticalGraphs() {
    assertThat(Printing.debugPrint(buildSmallGraph())).isEqualTo(
        Printing.debugPrint(buildSmallGraph()));
    Variable g = buildSmallGraph();
    assertThat(Printing.debugPrint(g)).isEqualTo(Printing.debugPrint(g));
  }

  @Test
  void deepChainPrintsWithoutRecursion() {
    Variable v = T.fvector("x");
    int depth = 20_000;
    for (int i = 0; i < depth; i++) {
      v = T.neg(v);
    }
    String text = Printing.debugPrint(v);
    assertThat(text.lines().count()).isEqualTo(depth + 1);
    assertThat(text.lines().reduce((a, b) -> b).orElseThrow())
        .isEqualTo(" ".repeat(2 * depth - 2) + " |x [id " + Labels.letters(depth) + "] " + V);
  }

  @Test
  void printDebugWritesTheSameTextToAStream() {
    Variable g = buildSmallGraph();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Printing.printDebug(new PrintStream(bytes, true, StandardCharsets.UTF_8), g);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(Printing.debugPrint(g));
  }

  @Test
  void printDebugWithoutAStreamPrintsToStandardOutput() {
    Variable g = buildSmallGraph();
    Variable v = T.fvector("v");
    Function f = Theano.compile(List.of(v), List.of(v.shape(0)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      Printing.printDebug(g);
      Printing.printDebug(f);
    } finally {
      System.setOut(stdout);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo(Printing.debugPrint(g) + Printing.debugPrint(f));
  }

  @Test
  void aVariablePrintsWithItsType() {
    assertThat(T.matrix("x")).hasToString("x: TensorType(float32, (?, ?))");
    Variable x = T.tensor(DType.FLOAT32, new int[] {-1, 784}, "x");
    assertThat(x).hasToString("x: TensorType(float32, (?, 784))");
    assertThat(T.exp(x)).hasToString("Elemwise{exp}.out0: TensorType(float32, (?, 784))");
    assertThat(Theano.shared(NDArray.zeros(DType.INT32, 3), "b"))
        .hasToString("b: TensorType(int32, (?,))");   // a shared variable's shape may change
  }

  @Test
  void nullOutputIsAClearError() {
    assertThatThrownBy(() -> Printing.debugPrint(T.fvector("x"), null))
        .isInstanceOf(TheanoException.class).hasMessageContaining("output 1 is null");
    assertThatThrownBy(() -> Printing.debugPrint((Function) null))
        .isInstanceOf(TheanoException.class).hasMessageContaining("null function");
  }

  @Test
  void idLettersCountLikeSpreadsheetColumns() {
    assertThat(Labels.letters(0)).isEqualTo("A");
    assertThat(Labels.letters(25)).isEqualTo("Z");
    assertThat(Labels.letters(26)).isEqualTo("AA");
    assertThat(Labels.letters(27)).isEqualTo("AB");
    assertThat(Labels.letters(26 + 26 * 26 - 1)).isEqualTo("ZZ");
    assertThat(Labels.letters(26 + 26 * 26)).isEqualTo("AAA");
  }

  private static Variable buildSmallGraph() {
    Variable x = T.fmatrix("x");
    Variable y = T.exp(x).setName("e");
    return y.mul(y).add(x);
  }

  private static String idOf(String text, String scalarOp) {
    Matcher m = Pattern.compile("Elemwise\\{" + scalarOp + "\\} \\[id ([A-Z]+)\\]").matcher(text);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static Set<String> distinctIds(String text) {
    Set<String> ids = new HashSet<>();
    Matcher m = Pattern.compile("\\[id ([A-Z]+)\\]").matcher(text);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  private static int depth(String line) {
    int i = 0;
    while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '|')) {
      i++;
    }
    return i;
  }
}
