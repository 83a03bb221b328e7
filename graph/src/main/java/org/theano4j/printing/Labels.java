package org.theano4j.printing;

import org.theano4j.graph.Constant;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;

/** The short texts that name variables and ids in printed graphs. */
final class Labels {
  /** Constants with at most this many elements are shown by value. */
  static final int MAX_CONSTANT_ELEMENTS = 8;

  private Labels() {}

  /**
   * Spreadsheet-style letters for the {@code n}-th id (0-based): A..Z, AA..AZ, BA, ...
   */
  static String letters(int n) {
    StringBuilder sb = new StringBuilder();
    int k = n;
    do {
      sb.append((char) ('A' + k % 26));
      k = k / 26 - 1;
    } while (k >= 0);
    return sb.reverse().toString();
  }

  /**
   * What stands for {@code v} in a printed graph: the op (with {@code .i} for an output of a
   * multi-output node), the input's name, {@code name (shared)}, or {@code Constant{value}}.
   */
  static String of(Variable v) {
    if (v.owner() != null) {
      String op = v.owner().op().describe();
      return v.owner().outputs().size() > 1 ? op + "." + v.outputIndex() : op;
    }
    if (v instanceof SharedVariable) {
      return (v.name() != null ? v.name() : "<unnamed>") + " (shared)";
    }
    if (v instanceof Constant) {
      return "Constant{" + constantValue(((Constant) v).value()) + "}";
    }
    return v.name() != null ? v.name() : "<unnamed input>";
  }

  /**
   * True when the name is not already part of {@link #of}: named op outputs and constants
   * show it separately, in quotes.
   */
  static boolean showsNameSeparately(Variable v) {
    return v.name() != null && (v.owner() != null || v instanceof Constant);
  }

  /** A small array's values on one line ({@code 0.13}, {@code [1, 2, 3]}); else "...". */
  static String constantValue(NDArray value) {
    if (value.size() > MAX_CONSTANT_ELEMENTS) {
      return "...";
    }
    String s = value.toString();
    int start = s.indexOf('(') + 1;
    int dtype = s.lastIndexOf(", dtype=");
    int end = dtype >= 0 ? dtype : s.lastIndexOf(')');
    return s.substring(start, end).replaceAll("\\s*\\n\\s*", " ");
  }
}
