package org.theano4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.Op;

/**
 * The four docs pages that list ops by hand name every op of {@link OpCatalogue}: the dtype
 * table of semantics.md, the gradient families of autodiff.md, the lowering families of
 * cuda.md and the kernels' memory behaviour in optimizer.md. An op added without its line in
 * one of them fails here with the missing ops per page.
 *
 * <p>An op is mentioned by its class name or by the name its list uses for it; names are
 * compared without case and underscores ({@code Shape_i} is {@code ShapeI}, {@code argsort}
 * is {@code ArgSort}), and a family class ({@code DiagKernels}, {@code FillDiagonalGrads})
 * names its op. {@code Elemwise} is mentioned by its name or, in a list of scalar functions,
 * by naming every {@link Scalar}.
 */
class DocsOpListsTest {
  private static final Path DOCS = Path.of("..", "docs");
  private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  /** A hand-kept list: the page, and the lines that start and end it (the end excluded). */
  private record OpList(String page, String start, String end) {}

  private static final List<OpList> LISTS = List.of(
      new OpList("semantics.md", "## Result dtypes per op", "The special functions follow"),
      new OpList("autodiff.md", "The rules, one class per family:", "## Adding a gradient rule"),
      new OpList("cuda.md", "One class per family:", "- An op with no lowering"),
      new OpList("optimizer.md", "answers from its kernel table", "The planner allows a write"));

  /** The names the lists use for ops whose class name they do not use. */
  private static final Map<String, List<String>> ALIASES = Map.of(
      "Reduce", List.of("sum"),
      "ArgReduce", List.of("argmax"),
      "CumOp", List.of("cumsum"));

  @Test
  void everyOpOfTheCatalogueIsInEveryHandKeptList() throws Exception {
    List<Class<? extends Op>> ops = OpCatalogue.opClasses();
    assertTrue(ops.size() > 30, "the op catalogue lists " + ops.size() + " ops");
    Map<String, List<String>> missing = new LinkedHashMap<>();
    for (OpList l : LISTS) {
      Set<String> words = words(section(l));
      List<String> gone = new ArrayList<>();
      for (Class<? extends Op> op : ops) {
        String m = missing(op.getSimpleName(), words);
        if (m != null) {
          gone.add(m);
        }
      }
      if (!gone.isEmpty()) {
        missing.put("docs/" + l.page(), gone);
      }
    }
    assertEquals(Map.of(), missing, "ops of the catalogue that a docs page's hand-kept list"
        + " does not name (by class name or the name the list uses; see DocsOpListsTest)");
  }

  @Test
  void aListWithoutAnOpIsCaught() {
    Set<String> words = words("| `add`, `mul` | promoted dtype |\n| `DiagKernels` | eye |");
    assertEquals(null, missing("Diag", words));
    assertEquals(null, missing("Eye", words));
    assertEquals("Sort", missing("Sort", words));
    assertTrue(missing("Elemwise", words).startsWith("Elemwise (or every scalar function;"
        + " missing: sub, "), missing("Elemwise", words));
  }

  /** Null if {@code op} is named in {@code words}, else what is missing. */
  private static String missing(String op, Set<String> words) {
    List<String> names = new ArrayList<>(List.of(op));
    names.addAll(ALIASES.getOrDefault(op, List.of()));
    for (String n : names) {
      if (words.contains(normal(n))) {
        return null;
      }
    }
    if (!op.equals("Elemwise")) {
      return op;
    }
    List<String> scalars = new ArrayList<>();
    for (Scalar s : Scalar.values()) {
      if (!words.contains(normal(s.opName()))) {
        scalars.add(s.opName());
      }
    }
    return scalars.isEmpty() ? null
        : "Elemwise (or every scalar function; missing: " + String.join(", ", scalars) + ")";
  }

  private static String section(OpList l) throws IOException {
    Path file = DOCS.resolve(l.page());
    assertTrue(Files.isRegularFile(file), file.toAbsolutePath() + " is missing");
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int from = text.indexOf(l.start());
    assertTrue(from >= 0, "docs/" + l.page() + ": the list's first line '" + l.start()
        + "' is gone; update DocsOpListsTest.LISTS");
    int to = text.indexOf(l.end(), from);
    assertTrue(to >= 0, "docs/" + l.page() + ": the line after the list, '" + l.end()
        + "', is gone; update DocsOpListsTest.LISTS");
    return text.substring(from, to);
  }

  /** The words of {@code text}, normalised, and each family class's op name. */
  private static Set<String> words(String text) {
    Set<String> out = new HashSet<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      String w = m.group();
      out.add(normal(w));
      for (String suffix : List.of("Kernels", "Kernel", "Grads")) {
        if (w.endsWith(suffix) && w.length() > suffix.length()) {
          out.add(normal(w.substring(0, w.length() - suffix.length())));
        }
      }
    }
    return out;
  }

  private static String normal(String name) {
    return name.replace("_", "").toLowerCase(Locale.ROOT);
  }
}
