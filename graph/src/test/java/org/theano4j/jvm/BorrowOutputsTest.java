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
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * The output contract: fresh arrays by default; with {@code borrowOutputs(true)} a returned
 * array is the function's buffer, valid until the next call, which reuses it.
 */
class BorrowOutputsTest {
  private final Variable x = T.dvector("x");
  private final Variable y = T.exp(x).mul(2).add(1);

  @Test
  void byDefaultEveryCallReturnsAFreshArrayThatLaterCallsLeaveAlone() {
    Function f = Theano.function(List.of(x), List.of(y)).build();
    NDArray first = f.call(NDArray.of(new double[] {0, 1}, 2)).get(0);
    NDArray second = f.call(NDArray.of(new double[] {2, 3}, 2)).get(0);
    assertThat(second.storage()).isNotSameAs(first.storage());
    assertThat(first.toDoubleArray()).containsExactly(3, 2 * Math.exp(1) + 1);
  }

  @Test
  void borrowedOutputsAreReusedByTheNextCallAndStayCorrect() {
    Function f = Theano.function(List.of(x), List.of(y)).borrowOutputs(true).build();
    NDArray first = f.call(NDArray.of(new double[] {0, 1}, 2)).get(0);
    assertThat(first.toDoubleArray()).containsExactly(3, 2 * Math.exp(1) + 1);
    NDArray second = f.call(NDArray.of(new double[] {2, 3}, 2)).get(0);
    assertThat(second.storage()).as("the buffer is reused").isSameAs(first.storage());
    assertThat(second.toDoubleArray()).containsExactly(2 * Math.exp(2) + 1,
        2 * Math.exp(3) + 1);
  }

  @Test
  void aBorrowedOutputPassedBackAsTheArgumentIsNotOverwrittenWhileRead() {
    Function f = Theano.function(List.of(x), List.of(y)).borrowOutputs(true).build();
    NDArray first = f.call(NDArray.of(new double[] {0, -1}, 2)).get(0);
    double[] firstValues = first.toDoubleArray();
    NDArray second = f.call(first).get(0);
    assertThat(second.storage()).isNotSameAs(first.storage());
    assertThat(second.toDoubleArray()).containsExactly(2 * Math.exp(firstValues[0]) + 1,
        2 * Math.exp(firstValues[1]) + 1);
    assertThat(first.toDoubleArray()).as("the argument is unchanged").containsExactly(
        firstValues);
  }

  @Test
  void anOutputThatIsAlsoAnUpdateLeavesTheSharedValueIntact() {
    SharedVariable s = Theano.shared(NDArray.of(new double[] {1, 2}, 2), "s");
    Variable next = s.mul(2.0);
    Function f = Theano.function(List.of(), List.of(next)).updates(Map.of(s, next))
        .borrowOutputs(true).build();
    NDArray out1 = f.call().get(0);
    assertThat(out1.toDoubleArray()).containsExactly(2, 4);
    f.call();
    assertThat(s.getValue().toDoubleArray()).containsExactly(4, 8);
    f.call();
    assertThat(s.getValue().toDoubleArray()).containsExactly(8, 16);
  }

  @Test
  void aSteadyStateCallWithBorrowedOutputsAllocatesNoNativeBuffer() {
    Function f = Theano.function(List.of(x), List.of(y)).mode(Mode.FAST_COMPILE).build();
    Interpreter borrow = new Interpreter(f.graph(), Mode.FAST_COMPILE, null, true);
    Interpreter fresh = new Interpreter(f.graph(), Mode.FAST_COMPILE, null, false);
    NDArray arg = NDArray.of(new double[] {0.5, 1.5, 2.5}, 3);
    for (Interpreter in : List.of(borrow, fresh)) {
      for (int i = 0; i < 3; i++) {
        PoolBoundsTest.run(in, arg);
      }
    }
    long b0 = borrow.pool().allocations();
    long f0 = fresh.pool().allocations();
    for (int i = 0; i < 10; i++) {
      assertThat(PoolBoundsTest.run(borrow, arg)[0].toDoubleArray())
          .containsExactly(PoolBoundsTest.run(fresh, arg)[0].toDoubleArray());
    }
    assertThat(borrow.pool().allocations() - b0).isZero();
    assertThat(fresh.pool().allocations() - f0).as("a fresh output per call").isEqualTo(10);
  }
}
