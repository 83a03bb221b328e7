package org.theano4j.autodiff;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.theano4j.TheanoException;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.T;

/** The messages of grad's user errors name the variable and the line that created it. */
class GradErrorsTest {
  @Test
  void nonScalarCost() {
    Variable x = T.matrix("x");
    Variable cost = x.mul(2).setName("rowCost");
    assertThatThrownBy(() -> Grad.grad(cost, x)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("the cost must be a scalar, got a matrix")
        .hasMessageContaining("'rowCost'")
        .hasMessageContaining("GradErrorsTest.java:16")
        .hasMessageContaining("sum() or mean()");
  }

  @Test
  void wrtNotInTheGraphWithRaise() {
    Variable x = T.vector("x");
    Variable w = T.matrix("w");
    Variable cost = x.sum().setName("cost");
    assertThatThrownBy(() -> Grad.grad(cost, w)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("'w'")
        .hasMessageContaining("GradErrorsTest.java:27")
        .hasMessageContaining("GradErrorsTest.java:28")
        .hasMessageContaining("not part of the computational graph of the cost 'cost'")
        .hasMessageContaining("DisconnectedPolicy.IGNORE");
  }

  @Test
  void integerCost() {
    Variable k = T.lvector("k");
    Variable cost = k.sum().setName("count");
    assertThatThrownBy(() -> Grad.grad(cost, k)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("the cost must be a float scalar, got int64")
        .hasMessageContaining("'count'")
        .hasMessageContaining("GradErrorsTest.java:40");
  }

  @Test
  void jacobianNeedsAStaticShape() {
    Variable x = T.dvector("x");
    Variable y = T.exp(x).setName("ex");
    assertThatThrownBy(() -> Grad.jacobian(y, x)).isInstanceOf(TheanoException.class)
        .hasMessageContaining("'ex'").hasMessageContaining("statically known shape");
    Variable fixed = T.tensor(DType.FLOAT64, new int[] {3}, "fixed");
    Grad.jacobian(T.exp(fixed), fixed);
  }

  @Test
  void nullWrtIsNamed() {
    Variable x = T.dvector("x");
    assertThatThrownBy(() -> Grad.grad(x.sum(), (Variable) null))
        .isInstanceOf(TheanoException.class).hasMessage("grad: wrt 0 is null");
  }
}
