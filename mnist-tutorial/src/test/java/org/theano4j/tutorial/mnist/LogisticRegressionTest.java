package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

class LogisticRegressionTest {
  @Test
  void errorsRejectsLabelsOfTheWrongRankOrDtype() {
    LogisticRegression m = new LogisticRegression(T.matrix("x"), 4, 3);
    assertThatThrownBy(() -> m.errors(T.imatrix("ymat")))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("same shape as yPred")
        .hasMessageContaining("'ymat'")
        .hasMessageContaining("LogisticRegressionTest.java");
    assertThatThrownBy(() -> m.errors(T.fvector("yf")))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("integer labels")
        .hasMessageContaining("'yf'")
        .hasMessageContaining("float32");
  }

  @Test
  void errorsAndLikelihoodMatchHandComputedValues() {
    Variable x = T.matrix("x");
    Variable y = T.ivector("y");
    LogisticRegression m = new LogisticRegression(x, 2, 3);
    m.W.setValue(NDArray.of(new float[] {1, 0, 0, 0, 1, 0}, 2, 3));
    m.b.setValue(NDArray.of(new float[] {0, 0, 0.5f}, 3));
    Function f = Theano.compile(List.of(x, y),
        List.of(m.errors(y), m.negativeLogLikelihood(y), m.yPred));
    // Row 0 scores [2, 0, 0.5] -> class 0; row 1 scores [0, 3, 0.5] -> class 1.
    List<NDArray> r = f.call(NDArray.of(new float[] {2, 0, 0, 3}, 2, 2), new int[] {0, 2});
    assertThat(r.get(2).toLongArray()).containsExactly(0, 1);
    assertThat(r.get(0).getDouble()).isEqualTo(0.5);
    double lse0 = Math.log(Math.exp(2) + 1 + Math.exp(0.5));
    double lse1 = Math.log(1 + Math.exp(3) + Math.exp(0.5));
    double nll = ((lse0 - 2) + (lse1 - 0.5)) / 2;
    assertThat(r.get(1).getDouble()).isCloseTo(nll, org.assertj.core.api.Assertions.within(1e-6));
  }
}
