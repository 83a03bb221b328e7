package org.theano4j.numpy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.theano4j.tensor.Scalar;

/**
 * The NumPy differential test covers the scalar table itself: every {@link Scalar} is drawn by
 * {@link Generator} or listed in {@link Generator#EXCLUDED} with its reason, so a function
 * added to the table is compared with NumPy without anyone adding it to a list by hand.
 * Drawn is checked by what the generator really produces, not by its lists: the Java source of
 * generated cases must call every function that is not excluded.
 */
class GeneratorCoverageTest {
  private static final Pattern SCALAR = Pattern.compile("T\\.elemwise\\(Scalar\\.([A-Z0-9_]+)");
  private static final int CASES = 4000;

  @Test
  void everyScalarIsDrawnOrExcludedWithAReason() {
    Set<Scalar> seen = EnumSet.noneOf(Scalar.class);
    Generator g = new Generator(16, Set.of());
    for (int i = 0; i < CASES; i++) {
      Matcher m = SCALAR.matcher(g.generate(i).java());
      while (m.find()) {
        seen.add(Scalar.valueOf(m.group(1)));
      }
    }
    List<String> missing = new ArrayList<>();
    List<String> both = new ArrayList<>();
    for (Scalar s : Scalar.values()) {
      boolean excluded = Generator.EXCLUDED.containsKey(s);
      if (!seen.contains(s) && !excluded) {
        missing.add(s.name());
      }
      if (seen.contains(s) && excluded) {
        both.add(s.name());
      }
    }
    assertEquals(List.of(), missing, "scalar functions neither drawn in " + CASES
        + " generated cases nor listed in Generator.EXCLUDED with a reason (a unary or binary"
        + " one is drawn automatically unless excluded; a ternary one needs a branch in"
        + " Generator.ternary)");
    assertEquals(List.of(), both, "scalar functions drawn although Generator.EXCLUDED lists"
        + " them");
    new TreeMap<>(Generator.EXCLUDED).forEach((s, why) ->
        assertTrue(why.length() > 20, s + ": an exclusion needs its reason"));
  }

  @Test
  void referenceNamesFollowTheOpName() {
    assertEquals("np.cbrt", Generator.numpyFn(Scalar.CBRT));
    assertEquals("np.arccosh", Generator.numpyFn(Scalar.ARCCOSH));
    assertEquals("sp.erfinv", Generator.numpyFn(Scalar.ERFINV));
    assertEquals("np.floor_divide", Generator.numpyFn(Scalar.INT_DIV));
  }
}
