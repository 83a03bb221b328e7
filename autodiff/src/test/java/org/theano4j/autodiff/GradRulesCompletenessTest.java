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
import org.theano4j.tensor.OpCatalogue;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.ScalarOp;
import org.theano4j.tensor.T;

/**
 * Every op of the catalogue has a gradient entry (a rule or an explicit not-differentiable
 * mark), and every differentiable op and scalar function has a row in the gradient-check
 * table.
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
    Set<Class<?>> seenOps = new HashSet<>();
    Set<Object> seenScalars = new HashSet<>();
    for (OpCase c : GradOpTable.cases()) {
      List<Variable> ins = new ArrayList<>();
      for (int[] shape : c.shapeSets.get(0)) {
        int[] st = shape.clone();
        for (int d = 0; d < st.length; d++) {
          st[d] = st[d] == 1 ? 1 : TensorType.UNKNOWN;
        }
        ins.add(T.tensor(DType.FLOAT64, st, "x"));
      }
      for (Apply a : Graphs.toposort(List.of(c.fn.apply(ins)))) {
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
    assertThat(untested).as("differentiable ops without a row in GradOpTable").isEmpty();
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
