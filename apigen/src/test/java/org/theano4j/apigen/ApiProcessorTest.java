package org.theano4j.apigen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor run by javac in-process on small sources shaped like graph's: a facade
 * {@code T} with {@code elemwise(op, Object...)}, an {@code @Api} enum of scalar functions and
 * an op record with an {@code @Api} factory. A well-formed package compiles and its generated
 * functions work; each malformed mark is one compile error on the marked line, naming what is
 * wrong (the class is still written without it, so that javac reports no cascade of missing
 * symbols).
 */
class ApiProcessorTest {
  @TempDir
  Path dir;

  private static final String FACADE = """
      package p;

      public final class T extends TFunctions {
        private T() {}

        /** Records the call: the op's name and the arguments. */
        public static String elemwise(Fn op, Object... args) {
          return op + java.util.Arrays.toString(args);
        }

        /** The sum. */
        public static String sum(Object x) {
          return "sum";
        }
      }
      """;

  private static final String SCALARS = """
      package p;

      import org.theano4j.apigen.Api;

      /** Scalar functions. */
      @Api
      public enum Fn {
        /** Negation; see {@link T#sum} and {@link #arity()}. */
        NEG(1),
        TRUE_DIV(2),
        /** {@code cond ? a : b}. */
        @Api(name = "where", params = {"cond", "a", "b"})
        SWITCH(3);

        private final int arity;

        Fn(int arity) {
          this.arity = arity;
        }

        public int arity() {
          return arity;
        }
      }
      """;

  private static final String RECORD = """
      package p;

      import org.theano4j.apigen.Api;

      /** An op. */
      public record Tile(int[] reps) {
        /**
         * Tiles {@code x}; see {@link #tile(String, int...)}.
         *
         * @param x what to tile
         * @param reps the counts
         */
        @Api
        static String tile(String x, int... reps) {
          return "tile " + x + " " + reps.length;
        }
      }
      """;

  /** javac's result: its error diagnostics and the generated TFunctions, if written. */
  private record Result(List<String> errors, String generated, Path classes) {}

  private Result compile(Map<String, String> sources) throws IOException {
    Path src = Files.createDirectories(dir.resolve("src/p"));
    Path gen = Files.createDirectories(dir.resolve("gen"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path f = src.resolve(e.getKey() + ".java");
      Files.writeString(f, e.getValue());
      files.add(f);
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT,
        null)) {
      List<String> options = List.of("-processor",
          ApiProcessor.class.getName(), "-classpath", System.getProperty("java.class.path"),
          "-d", classes.toString(), "-s", gen.toString());
      javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files))
          .call();
    }
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        String file = d.getSource() == null ? "?" : Path.of(d.getSource().toUri()).getFileName()
            .toString();
        errors.add(file + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
      }
    }
    Path out = gen.resolve("p/TFunctions.java");
    return new Result(errors, Files.exists(out) ? Files.readString(out) : null, classes);
  }

  @Test
  void theProcessorHandlesTheAnnotationItNames() {
    assertThat(ApiProcessor.API).isEqualTo(Api.class.getName());
  }

  @Test
  void wellFormedMarksGenerateWorkingFunctions() throws Exception {
    Result r = compile(Map.of("T", FACADE, "Fn", SCALARS, "Tile", RECORD));
    assertThat(r.errors()).isEmpty();
    assertThat(r.generated())
        .contains("public abstract class TFunctions")
        .contains("public static java.lang.String neg(java.lang.Object x)")
        .contains("public static java.lang.String trueDiv(java.lang.Object a, java.lang.Object b)")
        .contains("public static java.lang.String where(java.lang.Object cond, java.lang.Object a,"
            + " java.lang.Object b)")
        .contains("public static java.lang.String tile(java.lang.String x, int... reps)")
        // javadoc copied, references made valid anywhere (#arity() is Fn's, #tile(...) the
        // marked factory's function on T), showing the text they showed where written
        .contains("/** Negation; see {@link p.T#sum T.sum} and {@link p.Fn#arity() arity()}. */")
        .contains("Tiles {@code x}; see {@link p.T#tile(java.lang.String, int[])"
            + " tile(String, int...)}.")
        .contains("   * @param reps the counts")
        .contains("/** {@code cond ? a : b}. */");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {r.classes().toUri().toURL()})) {
      Class<?> t = loader.loadClass("p.T");
      Method where = t.getMethod("where", Object.class, Object.class, Object.class);
      assertThat(where.invoke(null, 1, 2, 3)).isEqualTo("SWITCH[1, 2, 3]");
      Method tile = t.getMethod("tile", String.class, int[].class);
      assertThat(tile.isVarArgs()).isTrue();
      assertThat(tile.invoke(null, "x", new int[] {2, 3})).isEqualTo("tile x 2");
    }
  }

  private List<String> errorsOf(String scalars, String record) throws IOException {
    Result r = compile(Map.of("T", FACADE, "Fn", scalars, "Tile", record));
    assertThat(r.errors()).as("the compilation fails").isNotEmpty();
    return r.errors();
  }

  @Test
  void anArityThatIsNotAnIntLiteralIsAnError() throws IOException {
    String scalars = SCALARS.replace("TRUE_DIV(2)", "TRUE_DIV(1 + 1)");
    assertThat(errorsOf(scalars, RECORD)).containsExactly("Fn.java:10: @Api: cannot read the arity of"
        + " Fn.TRUE_DIV: its first constructor argument must be the number of arguments as an"
        + " int literal, e.g. ERF(1, ...)");
  }

  @Test
  void parametersThatDisagreeWithTheArityAreAnError() throws IOException {
    String scalars = SCALARS.replace("params = {\"cond\", \"a\", \"b\"}",
        "params = {\"cond\", \"a\"}");
    assertThat(errorsOf(scalars, RECORD)).containsExactly("Fn.java:12: @Api(params = [cond, a])"
        + " names 2 parameters, but Fn.SWITCH has arity 3 (its first constructor argument)");
  }

  @Test
  void aNameThatIsAKeywordIsAnError() throws IOException {
    String scalars = SCALARS.replace("@Api(name = \"where\", ", "@Api(");
    assertThat(errorsOf(scalars, RECORD)).containsExactly("Fn.java:12: @Api: 'switch' (the name"
        + " of Fn.SWITCH on T) is not a Java identifier; give one with @Api(name = ...)");
  }

  @Test
  void anInstanceOrPrivateFactoryIsAnError() throws IOException {
    assertThat(errorsOf(SCALARS, RECORD.replace("static String tile", "String tile")))
        .containsExactly("Tile.java:14: @Api method Tile.tile(...) must be static and not"
            + " private (T.tile calls it)");
    assertThat(errorsOf(SCALARS, RECORD.replace("static String tile",
        "private static String tile"))).hasSize(1);
  }

  @Test
  void anUnresolvedJavadocReferenceIsAnError() throws IOException {
    String scalars = SCALARS.replace("{@link #arity()}", "{@link #nothing()}");
    assertThat(errorsOf(scalars, RECORD)).containsExactly("Fn.java:9: @Api: the javadoc"
        + " reference '#nothing()' of Fn.NEG does not resolve; the comment is copied to"
        + " TFunctions, so it must");
  }

  @Test
  void twoFunctionsWithOneSignatureAreAnError() throws IOException {
    String scalars = SCALARS.replace("NEG(1),", "@Api(name = \"trueDiv\")\n  NEG(2),");
    Result r = compile(Map.of("T", FACADE, "Fn", scalars, "Tile", RECORD));
    // the functions not in error are still written: no cascade of missing symbols
    assertThat(r.generated()).contains(" where(").contains(" tile(");
    assertThat(r.errors()).containsExactly("Fn.java:11: @Api: T.trueDiv("
        + "java.lang.Object, java.lang.Object) is generated twice, from Fn.NEG and from"
        + " Fn.TRUE_DIV; give one of them another name with @Api(name = ...)");
  }
}
