package org.theano4j.tensor;

import java.util.List;
import java.util.function.Supplier;
import org.theano4j.graph.Variable;

/**
 * A bad node a rows file declares ({@link RowFamily#errors()}), refused when it is built: the
 * expression, written as a lambda in the rows file, and the fragments its message must hold
 * (what was wrong, expected vs got) and the inputs it must name, in order
 * ({@code input 0: 'v' TensorType(float64, (?,))}). {@code RowFamilyCasesTest} runs every case
 * and checks that the message's {@code building the node at File.java:line} is the lambda's
 * line in the rows file.
 */
record ErrorCase(String name, Supplier<Variable> build, List<String> fragments,
    List<String> inputs) {

  /** A case without its fragments yet: add them with {@link #says}. */
  static ErrorCase error(String name, Supplier<Variable> build) {
    return new ErrorCase(name, build, List.of(), List.of());
  }

  /** The fragments the message must contain. */
  ErrorCase says(String... fragments) {
    return new ErrorCase(name, build, List.of(fragments), inputs);
  }

  /** The inputs the message must name, as {@code input i: <text>}, by position. */
  ErrorCase inputs(String... inputs) {
    return new ErrorCase(name, build, fragments, List.of(inputs));
  }
}
