package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.theano4j.TheanoException;
import org.theano4j.graph.Variable;

/**
 * The error cases and static types every rows file declares ({@link RowFamily#errors()},
 * {@link RowFamily#types()}), one runner for all families. An error case must throw a
 * {@link TheanoException} holding each of its fragments, naming its inputs, and naming as the
 * node's site the line of the rows file's lambda that built it, which this runner reads from the
 * exception's own stack trace (the frame that called into the library), not from the message.
 */
class RowFamilyCasesTest {
  static Stream<Arguments> errorCases() {
    List<Arguments> out = new ArrayList<>();
    for (RowFamily f : RowFamilies.families()) {
      for (ErrorCase c : f.errors()) {
        out.add(Arguments.of(f.getClass().getSimpleName() + ": " + c.name(), f.getClass(), c));
      }
    }
    return out.stream();
  }

  static Stream<Arguments> typeCases() {
    List<Arguments> out = new ArrayList<>();
    for (RowFamily f : RowFamilies.families()) {
      for (TypeCase c : f.types()) {
        out.add(Arguments.of(f.getClass().getSimpleName() + ": " + c.name(), c));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorCases")
  void isRefusedWithItsMessageAndTheRowsFileLine(String label, Class<?> family, ErrorCase c) {
    assertThat(c.fragments()).as("fragments of %s", label).isNotEmpty();
    Throwable t = catchThrowable(() -> c.build().get());
    assertThat(t).as(label).isInstanceOf(TheanoException.class);
    String msg = t.getMessage();
    for (String fragment : c.fragments()) {
      assertThat(msg).as(label).contains(fragment);
    }
    for (int i = 0; i < c.inputs().size(); i++) {
      assertThat(msg).as("input %d of %s", i, label)
          .contains("\n  input " + i + ": " + c.inputs().get(i));
    }
    if (!c.inputs().isEmpty()) {
      assertThat(msg).as("no input beyond those listed in %s", label)
          .doesNotContain("\n  input " + c.inputs().size() + ": ");
    }
    StackTraceElement lambda = callerOfLibrary(t);
    assertThat(lambda.getClassName()).as("the frame that built the node in %s", label)
        .isEqualTo(family.getName());
    assertThat(lambda.getMethodName()).as("a lambda of %s", label).startsWith("lambda$");
    assertThat(lambda.getFileName()).isEqualTo(family.getSimpleName() + ".java");
    String site = "\n  building the node at " + lambda.getFileName() + ":"
        + lambda.getLineNumber();
    assertThat(msg).as(label).contains(site);
    int end = msg.indexOf(site) + site.length();
    assertThat(end == msg.length() || msg.charAt(end) == '\n')
        .as("the site of %s is line %d, not a longer number: %s", label,
            lambda.getLineNumber(), msg).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typeCases")
  void hasItsStaticType(String label, TypeCase c) {
    Variable v = c.build().get();
    assertThat(v.dtype()).as("dtype of %s", label).isEqualTo(c.dtype());
    assertThat(v.type().shape()).as("static shape of %s", label).isEqualTo(c.shape());
  }

  /**
   * The frame just below this runner's own in {@code t}'s stack trace, skipping the lambda's
   * (hidden) proxy frames: the body of the case's lambda, the code that called the library.
   */
  private static StackTraceElement callerOfLibrary(Throwable t) {
    StackTraceElement[] st = t.getStackTrace();
    for (int i = 0; i < st.length; i++) {
      if (st[i].getClassName().equals(RowFamilyCasesTest.class.getName())) {
        for (int j = i - 1; j >= 0; j--) {
          if (!st[j].getClassName().contains("$$Lambda")) {
            return st[j];
          }
        }
      }
    }
    throw new AssertionError("no frame of the runner in the stack trace of " + t);
  }
}
