package org.theano4j.printing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

class DotTest {
  private static final Pattern NODE = Pattern.compile("^  (\\w+) \\[(.*)\\];$");
  private static final Pattern EDGE = Pattern.compile("^  (\\w+) -> (\\w+)(?: \\[(.*)\\])?;$");

  /** softmax(x·W + b) with a doubly-used input: 3 ops, 3 roots, 3 computed variables. */
  private static Variable layer() {
    Variable x = T.fmatrix("x");
    SharedVariable w = Theano.shared(NDArray.zeros(DType.FLOAT32, 4, 3), "W");
    SharedVariable b = Theano.shared(NDArray.zeros(DType.FLOAT32, 3), "b");
    return T.exp(T.dot(x, w).add(b)).setName("p");
  }

  @Test
  void everyEdgeEndpointIsDeclaredAndBracesBalance() {
    String dot = Printing.toDot(layer());
    Parsed g = parse(dot);
    assertThat(dot).startsWith("digraph theano4j {\n").endsWith("}\n");
    assertThat(balance(dot)).isZero();
    for (String[] e : g.edges) {
      assertThat(g.nodes).containsKey(e[0]).containsKey(e[1]);
    }
    // Ops are boxes, variables ellipses: Dot, add, exp; x, W, b, dot-out, add-out, p.
    assertThat(g.nodes.values().stream().filter(a -> a.contains("shape=box"))).hasSize(3);
    assertThat(g.nodes.values().stream().filter(a -> a.contains("shape=ellipse"))).hasSize(6);
    // 2 + 2 + 1 input edges and 3 output edges.
    assertThat(g.edges).hasSize(8);
  }

  @Test
  void inputEdgesCarryTheirIndexOnlyForMultiInputOps() {
    Parsed g = parse(Printing.toDot(layer()));
    Map<String, List<String>> labelsByOp = new HashMap<>();
    for (String[] e : g.edges) {
      if (g.nodes.get(e[1]).contains("shape=box")) {
        labelsByOp.computeIfAbsent(opName(g.nodes.get(e[1])), k -> new ArrayList<>()).add(e[2]);
      }
    }
    assertThat(labelsByOp.get("Dot")).containsExactly("label=\"0\"", "label=\"1\"");
    assertThat(labelsByOp.get("Elemwise{add}")).containsExactly("label=\"0\"", "label=\"1\"");
    assertThat(labelsByOp.get("Elemwise{exp}")).containsExactly((String) null);
  }

  @Test
  void variablesShowNameAndTypeAndTheOutputIsMarked() {
    Parsed g = parse(Printing.toDot(layer()));
    assertThat(g.nodes.values()).contains(
        "shape=ellipse, label=\"x\\nTensorType(float32, (?, ?))\", style=filled,"
            + " fillcolor=palegreen",
        "shape=ellipse, label=\"W (shared)\\nTensorType(float32, (?, ?))\", style=filled,"
            + " fillcolor=khaki",
        "shape=ellipse, label=\"output 0\\n'p'\\nTensorType(float32, (?, ?))\", style=filled,"
            + " fillcolor=lightblue");
  }

  @Test
  void quotesAndBackslashesInNamesAreEscaped() {
    Variable x = T.fvector("say \"hi\" \\o/");
    String dot = Printing.toDot(T.neg(x));
    assertThat(dot).contains("label=\"say \\\"hi\\\" \\\\o/\\nTensorType(float32, (?,))\"");
    assertThat(balance(dot)).isZero();
  }

  @Test
  void functionDotShowsUpdatesAsDashedEdgesIntoTheSharedVariable() {
    Variable x = T.fvector("x");
    SharedVariable acc = Theano.shared(NDArray.zeros(DType.FLOAT32, 3), "acc");
    Map<SharedVariable, Variable> updates = new LinkedHashMap<>();
    updates.put(acc, acc.add(x));
    Function f = Theano.function(List.of(x), List.of(x.mul(2))).updates(updates)
        .mode(Mode.DEBUG).build();
    Parsed g = parse(Printing.toDot(f));
    String accId = idWithLabelStart(g, "acc (shared)");
    List<String[]> updateEdges = g.edges.stream()
        .filter(e -> "style=dashed, label=\"update\"".equals(e[2])).toList();
    assertThat(updateEdges).hasSize(1);
    assertThat(updateEdges.get(0)[1]).isEqualTo(accId);
    // The edge starts at the output of the add node.
    String addId = idWithLabelStart(g, "Elemwise{add}");
    assertThat(g.edges).anySatisfy(e -> {
      assertThat(e[0]).isEqualTo(addId);
      assertThat(e[1]).isEqualTo(updateEdges.get(0)[0]);
    });
    for (String[] e : g.edges) {
      assertThat(g.nodes).containsKey(e[0]).containsKey(e[1]);
    }
  }

  @Test
  void toDotIsDeterministic() {
    assertThat(Printing.toDot(layer())).isEqualTo(Printing.toDot(layer()));
  }

  @Test
  void graphvizParsesTheOutput() throws Exception {
    File dotExe = findOnPath("dot");
    assumeTrue(dotExe != null, "SKIPPED: graphviz 'dot' is not on the PATH "
        + "(apt-get install graphviz to run this check)");
    Variable x = T.fvector("say \"hi\" \\o/");
    String text = Printing.toDot(T.exp(T.dot(layer(), T.fvector("v")).add(x)));
    Process p = new ProcessBuilder(dotExe.getPath(), "-Tsvg").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("dot said:\n%s\nfor\n%s", output, text).isZero();
    assertThat(output).contains("<svg").doesNotContain("Warning").doesNotContain("Error");
  }

  // ---------------------------------------------------------------- a small DOT reader

  private record Parsed(Map<String, String> nodes, List<String[]> edges) {}

  private static Parsed parse(String dot) {
    Map<String, String> nodes = new LinkedHashMap<>();
    List<String[]> edges = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String line : dot.lines().toList()) {
      Matcher e = EDGE.matcher(line);
      Matcher n = NODE.matcher(line);
      if (e.matches()) {
        edges.add(new String[] {e.group(1), e.group(2), e.group(3)});
      } else if (n.matches() && !n.group(1).equals("node") && !n.group(1).equals("edge")) {
        assertThat(seen.add(n.group(1))).as("node %s declared twice", n.group(1)).isTrue();
        nodes.put(n.group(1), n.group(2));
      }
    }
    return new Parsed(nodes, edges);
  }

  private static String opName(String attrs) {
    Matcher m = Pattern.compile("label=\"([^\"]*)\"").matcher(attrs);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static String idWithLabelStart(Parsed g, String label) {
    return g.nodes.entrySet().stream()
        .filter(en -> en.getValue().contains("label=\"" + label))
        .map(Map.Entry::getKey).findFirst().orElseThrow();
  }

  /** Braces outside double-quoted strings: +1 for each open, -1 for each close. */
  private static int balance(String dot) {
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < dot.length(); i++) {
      char c = dot.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '{') {
        depth++;
      } else if (!quoted && c == '}') {
        depth--;
        assertThat(depth).isGreaterThanOrEqualTo(0);
      }
    }
    assertThat(quoted).as("unterminated string").isFalse();
    return depth;
  }

  private static File findOnPath(String exe) throws IOException {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      File f = new File(dir, exe);
      if (f.isFile() && f.canExecute()) {
        return f;
      }
    }
    return null;
  }
}
