package org.theano4j.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.GradCase;
import org.theano4j.tensor.OpCatalogue;
import org.theano4j.tensor.RowFamilies;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ScalarOp;
import org.theano4j.tensor.T;

/**
 * Every op of the catalogue has a gradient entry (a rule or an explicit not-differentiable
 * mark), and every differentiable op and scalar function has a gradient check: a case of
 * {@link GradOpTable}, which holds its own and those the op-table rows declare
 * ({@link RowFamilies#gradChecks()}).
 */
class GradRulesCompletenessTest {
  @Test
  void everyOpClassHasAnEntry() throws Exception {
    List<Class<? extends Op>> ops = OpCatalogue.opClasses();
    assertThat(ops).as("the scan found the catalogue").contains(Elemwise.class)
        .hasSizeGreaterThan(15);
    Set<String> missing = new TreeSet<>();
    for (Class<? extends Op> c : ops) {
      if (GradRules.kindOf(c).isEmpty()) {
        missing.add(c.getSimpleName());
      }
    }
    assertThat(missing).as("ops with neither a gradient rule nor a not-differentiable mark")
        .isEmpty();
  }

  @Test
  void everyScalarFunctionHasAnEntry() {
    Set<String> missing = new TreeSet<>();
    for (Scalar s : Scalar.values()) {
      if (GradRules.kindOf(s).isEmpty()) {
        missing.add(s.name());
      }
    }
    assertThat(missing).isEmpty();
    // Composite (fused elementwise programs) exists only in optimised graphs and has no rule.
    assertThat(ScalarOp.class.getPermittedSubclasses()).as("scalar op families")
        .containsExactlyInAnyOrder(Scalar.class, org.theano4j.tensor.Cast.class,
            org.theano4j.tensor.Composite.class);
  }

  @Test
  void everyDifferentiableOpHasARowInTheTable() throws Exception {
    assertThat(untested(GradOpTable.cases()))
        .as("differentiable ops without a gradient check (GradOpTable or an op-table row)")
        .isEmpty();
  }

  /**
   * The check fails without the cases the op-table rows declare: without them, the elementwise
   * functions, cumsum/cumprod, repeat, tile, sort and diag are reported untested.
   */
  @Test
  void theCheckReadsTheCasesTheRowsDeclare() throws Exception {
    List<GradCase> fromRows = RowFamilies.gradChecks();
    assertThat(fromRows).extracting(GradCase::name).contains("exp", "arctan2", "cast", "cumsum",
        "tile", "sort", "diag of a matrix");
    Set<String> rowCases = new HashSet<>();
    fromRows.forEach(c -> rowCases.add(c.name()));
    List<GradCase> rest = new ArrayList<>(GradOpTable.cases());
    rest.removeIf(c -> rowCases.contains(c.name()));
    assertThat(untested(rest)).contains("Elemwise{exp}", "Elemwise{arctan2}", "Elemwise{cast}",
        "CumOp", "Repeat", "Tile", "Sort", "Diag");
    List<GradCase> withoutArctanh = new ArrayList<>(GradOpTable.cases());
    withoutArctanh.removeIf(c -> c.name().equals("arctanh"));
    assertThat(untested(withoutArctanh)).containsExactly("Elemwise{arctanh}");
  }

  /** Names label the checks and seed their random points: one case per name. */
  @Test
  void caseNamesAreUnique() {
    Set<String> names = new HashSet<>();
    Set<String> dup = new TreeSet<>();
    for (GradCase c : GradOpTable.cases()) {
      if (!names.add(c.name())) {
        dup.add(c.name());
      }
    }
    assertThat(dup).as("gradient-check case names used twice").isEmpty();
  }

  /** A row declaring its op or function not differentiable agrees with the gradient rules. */
  @Test
  void rowsDeclaredNotDifferentiableHaveNoGradientRule() {
    List<Object> declared = RowFamilies.declaredNotDifferentiable();
    assertThat(declared).contains(Scalar.EQ, Scalar.ISNAN, org.theano4j.tensor.ArgSort.class,
        org.theano4j.tensor.Eye.class);
    Set<String> wrong = new TreeSet<>();
    for (Object o : declared) {
      java.util.Optional<GradRules.Kind> kind = o instanceof Scalar s ? GradRules.kindOf(s)
          : GradRules.kindOf(((Class<?>) o).asSubclass(Op.class));
      if (kind.orElse(GradRules.Kind.DIFFERENTIABLE) == GradRules.Kind.DIFFERENTIABLE) {
        wrong.add(o instanceof Scalar s ? s.name() : ((Class<?>) o).getSimpleName());
      }
    }
    assertThat(wrong).as("declared not differentiable but with a gradient rule").isEmpty();
  }

  /**
   * The differentiable op classes and scalar functions (and cast) that no case's graph
   * contains, as {@code Name} or {@code Elemwise{name}}.
   */
  private static Set<String> untested(List<GradCase> cases) throws Exception {
    Set<Class<?>> seenOps = new HashSet<>();
    Set<Object> seenScalars = new HashSet<>();
    for (GradCase c : cases) {
      List<Variable> ins = new ArrayList<>();
      for (int[] shape : c.shapeSets().get(0)) {
        int[] st = shape.clone();
        for (int d = 0; d < st.length; d++) {
          st[d] = st[d] == 1 ? 1 : TensorType.UNKNOWN;
        }
        ins.add(T.tensor(DType.FLOAT64, st, "x"));
      }
      for (Apply a : Graphs.toposort(List.of(c.fn().apply(ins)))) {
        seenOps.add(a.op().getClass());
        if (a.op() instanceof Elemwise) {
          ScalarOp s = ((Elemwise) a.op()).scalar();
          seenScalars.add(s instanceof Scalar ? s : s.getClass());
        }
      }
    }
    Set<String> untested = new TreeSet<>();
    for (Class<? extends Op> c : OpCatalogue.opClasses()) {
      if (GradRules.kindOf(c).orElse(null) == GradRules.Kind.DIFFERENTIABLE
          && !seenOps.contains(c)) {
        untested.add(c.getSimpleName());
      }
    }
    for (Scalar s : Scalar.values()) {
      // trigamma's rule refuses by name (no tetragamma): see trigammaGradIsRefusedByName
      if (GradRules.kindOf(s).orElse(null) == GradRules.Kind.DIFFERENTIABLE
          && !seenScalars.contains(s) && s != Scalar.TRIGAMMA) {
        untested.add("Elemwise{" + s.opName() + "}");
      }
    }
    if (!seenScalars.contains(org.theano4j.tensor.Cast.class)) {
      untested.add("Elemwise{cast}");
    }
    return untested;
  }

  @Test
  void notDifferentiableOpsAreMarkedExplicitly() {
    assertThat(GradRules.kindOf(org.theano4j.tensor.ArgReduce.class)).contains(
        GradRules.Kind.ZERO);
    assertThat(GradRules.kindOf(org.theano4j.tensor.Shape.class)).contains(
        GradRules.Kind.DISCONNECTED);
    for (Scalar s : new Scalar[] {Scalar.EQ, Scalar.LT, Scalar.ROUND, Scalar.FLOOR,
        Scalar.CEIL, Scalar.SIGN, Scalar.AND, Scalar.INT_DIV}) {
      assertThat(GradRules.kindOf(s)).as(s.name()).contains(GradRules.Kind.ZERO);
    }
  }

  @Test
  void trigammaGradIsRefusedByName() {
    Variable x = T.dvector("x");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Grad.grad(T.sum(T.trigamma(x)), List.of(x)))
        .isInstanceOf(org.theano4j.TheanoException.class)
        .hasMessageContaining("derivative of trigamma (polygamma(2, x)) is not implemented");
  }
}
