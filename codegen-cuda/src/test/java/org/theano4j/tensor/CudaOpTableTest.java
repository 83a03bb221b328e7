package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.compile.UnusedInputPolicy;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * The op table of the graph module (the rows of every {@link RowFamily}, collected by
 * {@link RowFamilies}), run through the CUDA lowering and the kernel-IR
 * interpreter (backend {@code cuda-interp}; {@code cuda} on a GPU, see {@link #BACKEND}),
 * compared with the JVM backend: same dtype, shape
 * and values (float32 within a few ulps, since the kernels compute in float where the JVM
 * computes in double). Rows using an op with no CUDA lowering must fail with the clear
 * "not supported on CUDA" sentence.
 */
public class CudaOpTableTest {
  /**
   * Ops the CUDA lowering does not handle (yet); their rows check the error instead. Empty:
   * every op of the table is lowered; {@code opWithoutLoweringGivesTheClearError} checks the
   * error with an op defined by the test.
   */
  static final Set<Class<?>> UNSUPPORTED = Set.of();

  /**
   * The backend under test: {@code cuda-interp} (every build), or {@code cuda} on a GPU
   * machine ({@code -Dtheano4j.test.cuda.backend=cuda}, set by {@code GpuTests}).
   */
  public static final String BACKEND = System.getProperty("theano4j.test.cuda.backend",
      "cuda-interp");
  /** Every how-many-th case runs ({@code -Dtheano4j.test.cuda.sample}; default all). */
  static final int SAMPLE = Integer.getInteger("theano4j.test.cuda.sample", 1);

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    int seen = 0;
    for (Row row : RowFamilies.rows()) {
      for (DType dt : row.dtypes()) {
        for (List<In> ins : row.variants()) {
          StringBuilder label = new StringBuilder(row.name()).append(" |");
          for (In in : ins) {
            label.append(' ').append(in.label(dt));
          }
          if (seen++ % SAMPLE == 0) {
            out.add(Arguments.of(label.toString(), row, dt, ins));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void interpreterMatchesJvmBackend(String label, Row row, DType dt, List<In> ins) {
    Random rnd = new Random(label.hashCode());
    List<Variable> vars = new ArrayList<>();
    List<NDArray> args = new ArrayList<>();
    for (int i = 0; i < ins.size(); i++) {
      vars.add(ins.get(i).variable(dt, "in" + i));
      args.add(ins.get(i).array(dt, rnd));
    }
    Variable out = row.build().apply(vars);
    Function jvm = Theano.function(vars, List.of(out)).onUnusedInput(UnusedInputPolicy.IGNORE)
        .backend("jvm").build();
    boolean unsupported = jvm.graph().nodes().stream()
        .anyMatch(a -> UNSUPPORTED.contains(a.op().getClass()));
    if (unsupported) {
      assertThatThrownBy(() -> Theano.function(vars, List.of(out))
          .onUnusedInput(UnusedInputPolicy.IGNORE).backend(BACKEND).build())
          .isInstanceOf(TheanoException.class).hasMessageStartingWith("not supported on CUDA: ")
          .hasMessageContaining(" created at ");
      return;
    }
    Function cuda = Theano.function(vars, List.of(out))
        .onUnusedInput(UnusedInputPolicy.IGNORE).backend(BACKEND).build();
    NDArray want;
    try {
      want = jvm.call(args.toArray()).get(0);
    } catch (TheanoException e) {
      // Bad data (an index out of range...): the same message on both backends.
      assertThatThrownBy(() -> cuda.call(args.toArray())).isInstanceOf(TheanoException.class)
          .hasMessageContaining(firstLine(e.getMessage()));
      return;
    }
    NDArray got = cuda.call(args.toArray()).get(0);
    assertThat(got.dtype()).as("dtype of %s", label).isEqualTo(want.dtype());
    assertThat(got.shape()).as("shape of %s", label).isEqualTo(want.shape());
    compare(label, got.toDoubleArray(), want.toDoubleArray(), want.dtype(), row.tolScale());
  }

  /** An op the CUDA lowering cannot know: the identity, defined here. */
  record Opaque() implements org.theano4j.graph.Op {
    @Override
    public List<org.theano4j.graph.TensorType> outputTypes(List<Variable> inputs) {
      return List.of(inputs.get(0).type());
    }

    @Override
    public String describe() {
      return "Opaque";
    }
  }

  @org.junit.jupiter.api.Test
  void opWithoutLoweringGivesTheClearError() {
    Variable x = T.matrix("x");
    Variable y = org.theano4j.graph.Apply.make(new Opaque(), List.of(x)).output(0).mul(2);
    assertThatThrownBy(() -> Theano.function(List.of(x), List.of(y)).backend("cuda-interp")
        .build()).isInstanceOf(TheanoException.class)
        .hasMessageStartingWith("not supported on CUDA: Opaque created at CudaOpTableTest.java:")
        .hasMessageContaining("has no CUDA lowering; an elementwise op defined outside the "
            + "library can register a CUDA C expression with CudaElementwise.register")
        .hasMessageEndingWith("or compile this function for the jvm backend");
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  public static void compare(String label, double[] got, double[] want, DType dt, double scale) {
    double rtol = dt == DType.FLOAT32 ? 2e-5 * scale : dt == DType.FLOAT64 ? 1e-12 * scale : 0;
    double atol = dt == DType.FLOAT32 ? 2e-6 * scale : dt == DType.FLOAT64 ? 1e-12 * scale : 0;
    for (int i = 0; i < want.length; i++) {
      double g = got[i];
      double w = want[i];
      boolean ok = g == w || Double.isNaN(g) && Double.isNaN(w)
          || Math.abs(g - w) <= atol + rtol * Math.abs(w);
      if (!ok) {
        fail(label + ": element " + i + " is " + g + ", the JVM backend gives " + w
            + "\n got " + Arrays.toString(got) + "\n jvm " + Arrays.toString(want));
      }
    }
  }
}
