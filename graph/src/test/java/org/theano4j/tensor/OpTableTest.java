package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.compile.UnusedInputPolicy;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.graph.Variable;
import org.theano4j.jvm.Kernels;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.testing.ClassFiles;

/**
 * The op table: every op of the catalogue, compiled for the JVM backend on random inputs of
 * several shapes, dtypes and memory layouts, compared with the independent float64
 * {@link Reference} for values, dtype and shape. Completeness tests make an op (or scalar
 * function) without a row, or without a JVM kernel, fail.
 */
class OpTableTest {
  static final List<Row> TABLE = table();

  static List<Row> table() {
    List<Row> t = new ArrayList<>();
    t.addAll(ElemwiseRows.rows());
    t.addAll(ReduceRows.rows());
    t.addAll(LinalgNNRows.rows());
    t.addAll(ShapeRows.rows());
    t.addAll(IndexRows.rows());
    t.addAll(CumRepeatTileRows.rows());
    t.addAll(SortDiagRows.rows());
    t.addAll(RandomRows.rows());
    return t;
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Row row : TABLE) {
      for (DType dt : row.dtypes()) {
        for (List<In> ins : row.variants()) {
          StringBuilder label = new StringBuilder(row.name()).append(" |");
          for (In in : ins) {
            label.append(' ').append(in.label(dt));
          }
          out.add(Arguments.of(label.toString(), row, dt, ins));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesReference(String label, Row row, DType dt, List<In> ins) {
    try {
      check(label, row, dt, ins);
    } catch (RuntimeException e) {
      throw new AssertionError(label + ": " + e, e);
    }
  }

  private static void check(String label, Row row, DType dt, List<In> ins) {
    Random rnd = new Random(label.hashCode());
    List<Variable> vars = new ArrayList<>();
    List<NDArray> args = new ArrayList<>();
    List<RefArray> refIn = new ArrayList<>();
    for (int i = 0; i < ins.size(); i++) {
      In in = ins.get(i);
      vars.add(in.variable(dt, "in" + i));
      NDArray a = in.array(dt, rnd);
      args.add(a);
      refIn.add(RefArray.of(a));
    }
    RefArray expected = row.ref().apply(refIn);
    Variable out = row.build().apply(vars);
    // Some results do not read an input's values (zerosLike of a statically shaped x).
    // FAST_COMPILE (merge only) keeps the covered ops in the graph; FAST_RUN, which fuses
    // and specialises them, must compute the same.
    Function f = Theano.function(vars, List.of(out)).onUnusedInput(UnusedInputPolicy.IGNORE)
        .mode(Mode.FAST_COMPILE).build();
    assertThat(covered(f.graph().nodes()))
        .as("ops in the compiled graph of %s", label).containsAll(row.covers());
    NDArray fast = Theano.function(vars, List.of(out))
        .onUnusedInput(UnusedInputPolicy.IGNORE).build().call(args.toArray()).get(0);
    compare(label + " (FAST_RUN)", fast.toDoubleArray(), expected, row.tolScale());
    NDArray got = f.call(args.toArray()).get(0);
    assertThat(out.dtype()).as("static dtype of %s", label).isEqualTo(expected.dtype());
    assertThat(out.ndim()).as("static rank of %s", label).isEqualTo(expected.ndim());
    for (int d = 0; d < out.ndim(); d++) {
      int s = out.type().dim(d);
      if (s >= 0) {
        assertThat(s).as("static dim %d of %s", d, label).isEqualTo(expected.dim(d));
      }
    }
    assertThat(got.dtype()).as("dtype of %s", label).isEqualTo(expected.dtype());
    assertThat(got.shape()).as("shape of %s", label).isEqualTo(expected.shape());
    compare(label, got.toDoubleArray(), expected, row.tolScale());
    // The call must not have changed its arguments.
    for (int i = 0; i < args.size(); i++) {
      assertThat(args.get(i).toDoubleArray()).as("argument %d after %s", i, label)
          .isEqualTo(refIn.get(i).data());
    }
  }

  private static void compare(String label, double[] got, RefArray expected, double scale) {
    DType dt = expected.dtype();
    double rtol = dt == DType.FLOAT32 ? 1e-5 * scale : dt == DType.FLOAT64 ? 1e-12 * scale : 0;
    double atol = dt == DType.FLOAT32 ? 1e-6 * scale : dt == DType.FLOAT64 ? 1e-12 * scale : 0;
    double[] want = expected.data();
    for (int i = 0; i < want.length; i++) {
      double g = got[i];
      double w = want[i];
      boolean ok = g == w || Double.isNaN(g) && Double.isNaN(w)
          || Math.abs(g - w) <= atol + rtol * Math.abs(w);
      if (!ok) {
        fail(label + ": element " + i + " (index " + Arrays.toString(
            RefArray.unravel(i, expected.shape())) + ") is " + g + ", expected " + w
            + " (dtype " + dt + ", rtol " + rtol + ")\n got      " + Arrays.toString(got)
            + "\n expected " + Arrays.toString(want));
      }
    }
  }

  /** Op classes and scalar functions (Scalar values, Cast) in these nodes. */
  static Set<Object> covered(List<Apply> nodes) {
    Set<Object> s = new HashSet<>();
    for (Apply a : nodes) {
      s.add(a.op().getClass());
      if (a.op() instanceof Elemwise) {
        ScalarOp so = ((Elemwise) a.op()).scalar();
        s.add(so instanceof Cast ? Cast.class : so);
      }
    }
    return s;
  }

  private static Set<Object> tableCovers() {
    Set<Object> s = new HashSet<>();
    for (Row r : TABLE) {
      s.addAll(r.covers());
    }
    return s;
  }

  @Test
  void everyScalarFunctionHasARow() {
    Set<Object> covers = tableCovers();
    Set<String> missing = new TreeSet<>();
    for (Scalar s : Scalar.values()) {
      if (!covers.contains(s)) {
        missing.add(s.name());
      }
    }
    assertThat(missing).as("Scalar values without an op-table row").isEmpty();
    assertThat(covers).as("Cast has a row").contains(Cast.class);
  }

  @Test
  void everyOpClassHasARow() throws Exception {
    List<Class<? extends Op>> ops = OpCatalogue.opClasses();
    assertThat(ops).as("op classes found in org.theano4j.tensor").hasSizeGreaterThan(10)
        .contains(Elemwise.class, Dot.class, AdvancedIncSubtensor.class);
    Set<Object> covers = tableCovers();
    Set<String> missing = new TreeSet<>();
    for (Class<? extends Op> c : ops) {
      if (!covers.contains(c)) {
        missing.add(c.getSimpleName());
      }
    }
    assertThat(missing).as("op classes without an op-table row").isEmpty();
  }

  @Test
  void everyOpClassHasAJvmKernel() throws Exception {
    Set<String> missing = new TreeSet<>();
    for (Class<? extends Op> c : OpCatalogue.opClasses()) {
      if (!Kernels.supports(c)) {
        missing.add(c.getSimpleName());
      }
    }
    assertThat(missing).as("op classes without a JVM kernel").isEmpty();
  }

  @Test
  void rowNamesAreUnique() {
    Set<String> names = new HashSet<>();
    Set<String> dup = new LinkedHashSet<>();
    for (Row r : TABLE) {
      if (!names.add(r.name())) {
        dup.add(r.name());
      }
    }
    assertThat(dup).isEmpty();
  }
}
