package org.theano4j.rewrite;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Elemwise;

/**
 * A compact printer for golden tests: each output as a nested expression, elementwise ops by
 * their scalar name ({@code add(x, 1.0)}), other ops by {@code describe()}, constants by value.
 */
final class GraphText {
  private GraphText() {}

  static String print(List<Variable> outputs) {
    return outputs.stream().map(GraphText::expr).collect(Collectors.joining("\n"));
  }

  static String expr(Variable v) {
    if (v instanceof Constant c) {
      return constant(c.value());
    }
    Apply a = v.owner();
    if (a == null) {
      return v.name() != null ? v.name() : "?";
    }
    String op = a.op() instanceof Elemwise e ? e.scalar().opName() : a.op().describe();
    return op + a.inputs().stream().map(GraphText::expr).collect(Collectors.joining(", ", "(",
        ")"));
  }

  private static String constant(NDArray c) {
    if (c.ndim() > 0) {
      return "const" + java.util.Arrays.toString(c.shape());
    }
    return c.dtype().isFloat() ? String.format(Locale.ROOT, "%s", c.getDouble())
        : String.valueOf(c.getLong());
  }
}
