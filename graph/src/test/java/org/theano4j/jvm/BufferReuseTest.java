package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * Intermediate buffers are reused between nodes and calls; results handed out, and values
 * that are still referenced through views, must never be overwritten by that reuse.
 */
class BufferReuseTest {
  @Test
  void outputsOfEarlierCallsStayIntactAcrossCalls() {
    Variable x = T.dvector("x");
    // a and c have the same dtype and size, so c may reuse a's buffer within a call; the
    // output d is a view (dimshuffle) of an intermediate.
    Variable a = T.exp(x);
    Variable b = a.mul(2);
    Variable c = T.sin(b);
    Variable d = c.dimshuffle("x", 0);
    for (Mode mode : new Mode[] {Mode.FAST_COMPILE, Mode.DEBUG}) {
      Function f = Theano.function(List.of(x), List.of(d, b.sum())).mode(mode).build();
      NDArray first = f.call(new double[] {0, 1, 2}).get(0);
      NDArray firstCopy = first.copy();
      for (int i = 0; i < 5; i++) {
        NDArray again = f.call(new double[] {3, 4, 5 + i}).get(0);
        assertThat(again.getDouble(0, 2)).isEqualTo(Math.sin(2 * Math.exp(5 + i)));
      }
      assertThat(first).isEqualTo(firstCopy);
      for (int k = 0; k < 3; k++) {
        assertThat(first.getDouble(0, k)).isEqualTo(Math.sin(2 * Math.exp(k)));
      }
    }
  }

  @Test
  void repeatedTrainingStepsMatchAFunctionWithoutReuseHistory() {
    // Two identical functions on their own shared state: one called 20 times in a row, the
    // other rebuilt for every call (a fresh pool each time). Their parameters must agree
    // bit for bit.
    NDArray data = NDArray.arange(DType.FLOAT64, 0, 24, 1).reshape(6, 4);
    SharedVariable w1 = Theano.shared(NDArray.zeros(DType.FLOAT64, 4, 3), "w1");
    SharedVariable w2 = Theano.shared(NDArray.zeros(DType.FLOAT64, 4, 3), "w2");
    Function f1 = step(w1, data);
    for (int i = 0; i < 20; i++) {
      f1.call();
      step(w2, data).call();
    }
    assertThat(w1.getValue()).isEqualTo(w2.getValue());
    assertThat(w1.getValue().getDouble(0, 0)).isNotEqualTo(0.0);
  }

  static Function step(SharedVariable w, NDArray data) {
    Variable x = T.constant(data);
    Variable p = T.softmax(T.dot(x, w).mul(0.01));
    NDArray target = NDArray.zeros(DType.FLOAT64, 6, 3);
    for (int i = 0; i < 6; i++) {
      target.setDouble(1, i, i % 3);
    }
    Variable g = T.dot(x.transpose(), p.sub(T.constant(target))).div(6);
    return Theano.compile(List.of(), List.of(p.sum()), Map.of(w, w.sub(g.mul(0.1))));
  }
}
