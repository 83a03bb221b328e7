package org.theano4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.theano4j.compile.UnusedInputPolicy;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * Every compile-time and call-time error names the variable and the user's source line that
 * created it, and says what was expected.
 */
class ErrorMessagesTest {
  private static final String FILE = "ErrorMessagesTest.java:";

  /** The line number of the caller's next line. */
  private static int nextLine() {
    return new Throwable().getStackTrace()[1].getLineNumber() + 1;
  }

  @Test
  void inputThatIsComputedIsRejected() {
    Variable x = T.matrix("x");
    int line = nextLine();
    Variable h = x.mul(2).setName("h");
    assertThatThrownBy(() -> Theano.compile(List.of(h), List.of(h.sum())))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("'h'")
        .hasMessageContaining(FILE + line)
        .hasMessageContaining("givens");
  }

  @Test
  void duplicateInputIsRejected() {
    int line = nextLine();
    Variable x = T.vector("x");
    assertThatThrownBy(() -> Theano.compile(List.of(x, x), List.of(x.sum())))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("'x'")
        .hasMessageContaining(FILE + line)
        .hasMessageContaining("listed twice, at positions 0 and 1");
  }

  @Test
  void sharedVariableAsInputIsRejected() {
    int line = nextLine();
    SharedVariable w = Theano.shared(NDArray.zeros(DType.FLOAT32, 3), "W");
    assertThatThrownBy(() -> Theano.compile(List.of(w), List.of(w.sum())))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("'W'")
        .hasMessageContaining(FILE + line)
        .hasMessageContaining("shared variable");
  }

  @Test
  void constantAsInputIsRejected() {
    int line = nextLine();
    Variable c = T.constant(NDArray.ones(DType.FLOAT32, 2), "two_ones");
    assertThatThrownBy(() -> Theano.compile(List.of(c), List.of(c.sum())))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("'two_ones'")
        .hasMessageContaining(FILE + line)
        .hasMessageContaining("constant");
  }

  @Test
  void updateOfWrongDtypeIsRejected() {
    int line = nextLine();
    SharedVariable w = Theano.shared(NDArray.zeros(DType.FLOAT32, 3), "W");
    Variable step = T.dvector("step");
    int updLine = nextLine();
    Variable upd = w.add(step).setName("w_new");
    assertThatThrownBy(() -> Theano.compile(List.of(step), List.of(), Map.of(w, upd)))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("'W'")
        .hasMessageContaining(FILE + line)
        .hasMessageContaining("'w_new'")
        .hasMessageContaining(FILE + updLine)
        .hasMessageContaining("TensorType(float32, (?,))")
        .hasMessageContaining("TensorType(float64, (?,))")
        .hasMessageContaining(".astype(float32)");
  }

  @Test
  void givenOfWrongTypeIsRejected() {
    int line = nextLine();
    Variable x = T.fmatrix("x");
    SharedVariable data = Theano.shared(NDArray.zeros(DType.FLOAT64, 4, 3), "data");
    Variable i = T.lscalar("i");
    assertThatThrownBy(() -> Theano.compile(List.of(i), List.of(x.sum()), Map.of(),
        Map.of(x, data.slice(i, i.add(2)))))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("'x'")
        .hasMessageContaining(FILE + line)
        .hasMessageContaining("expected TensorType(float32, (?, ?))")
        .hasMessageContaining("got TensorType(float64, (?, ?))");
  }

  @Test
  void unusedInputIsAnErrorUnlessAllowed() {
    Variable x = T.vector("x");
    int line = nextLine();
    Variable unused = T.vector("unused");
    assertThatThrownBy(() -> Theano.compile(List.of(x, unused), List.of(x.sum())))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("'unused'")
        .hasMessageContaining(FILE + line)
        .hasMessageContaining("not used");
    Function f = Theano.function(List.of(x, unused), List.of(x.sum()))
        .onUnusedInput(UnusedInputPolicy.IGNORE).build();
    assertThat(f.call(new float[] {1, 2}, new float[] {5}).get(0).getDouble()).isEqualTo(3.0);
  }

  @Test
  void missingInputIsNamed() {
    Variable x = T.vector("x");
    int line = nextLine();
    Variable y = T.vector("y");
    assertThatThrownBy(() -> Theano.compile(List.of(x), List.of(x.add(y))))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("'y'")
        .hasMessageContaining(FILE + line)
        .hasMessageContaining("not among the inputs");
  }

  @Test
  void staticShapeMismatchFailsWhenTheNodeIsBuilt() {
    Variable a = T.tensor(DType.FLOAT32, new int[] {TensorType.UNKNOWN, 784}, "a");
    Variable w = T.tensor(DType.FLOAT32, new int[] {500, 10}, "w");
    int line = nextLine();
    assertThatThrownBy(() -> T.dot(a, w))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("Dot")
        .hasMessageContaining("784 vs 500")
        .hasMessageContaining(FILE + line);
    Variable u = T.tensor(DType.FLOAT32, new int[] {3, 4}, "u");
    Variable v = T.tensor(DType.FLOAT32, new int[] {5}, "v");
    assertThatThrownBy(() -> u.add(v))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("cannot be broadcast")
        .hasMessageContaining("'u'")
        .hasMessageContaining("'v'");
  }

  @Test
  void wrongNumberOfArguments() {
    Variable x = T.vector("x");
    Function f = Theano.compile(List.of(x), List.of(x.sum()));
    assertThatThrownBy(() -> f.call())
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("expected 1 argument [x: TensorType(float32, (?,))], got 0");
  }

  @Test
  void wrongRankShapeAndDtypeNameTheInput() {
    int line = nextLine();
    Variable x = T.tensor(DType.FLOAT32, new int[] {TensorType.UNKNOWN, 3}, "x");
    Function f = Theano.compile(List.of(x), List.of(x.sum()));
    assertThatThrownBy(() -> f.call(new float[] {1, 2, 3}))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("'x'")
        .hasMessageContaining(FILE + line)
        .hasMessageContaining("expected rank 2");
    assertThatThrownBy(() -> f.call(NDArray.zeros(DType.FLOAT32, 2, 4)))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("expected shape (?, 3), got [2, 4]");
    assertThatThrownBy(() -> f.call(NDArray.zeros(DType.FLOAT64, 2, 3)))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("expected float32, got float64")
        .hasMessageContaining("without loss");
    // int16 converts to float32 exactly, so it is accepted.
    assertThat(f.call(NDArray.ones(DType.INT16, 2, 3)).get(0).getDouble()).isEqualTo(6.0);
  }

  @Test
  void integerArgumentThatDoesNotFitIsRejected() {
    Variable i = T.bscalar("i");
    Function f = Theano.compile(List.of(i), List.of(i.mul(2)));
    assertThatThrownBy(() -> f.call(300))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("'i'")
        .hasMessageContaining("300 does not fit int8");
    assertThatThrownBy(() -> f.call(1.5))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("fractional");
  }

  @Test
  void failedCallLeavesSharedVariablesUnchanged() {
    SharedVariable acc = Theano.shared(NDArray.of(new float[] {1, 2, 3}, 3), "acc");
    SharedVariable count = Theano.shared(NDArray.scalar(0f), "count");
    Variable x = T.vector("x");
    int line = nextLine();
    Variable bad = acc.add(x);
    Function f = Theano.compile(List.of(x), List.of(bad.sum()),
        Map.of(acc, bad, count, count.add(1f)));
    assertThatThrownBy(() -> f.call(new float[] {1, 2}))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("Elemwise{add}")
        .hasMessageContaining(FILE + line)
        .hasMessageContaining("[3], [2]");
    assertThat(acc.getValue().toFloatArray()).containsExactly(1, 2, 3);
    assertThat(count.getValue().getDouble()).isEqualTo(0.0);
    f.call(new float[] {1, 1, 1});
    assertThat(acc.getValue().toFloatArray()).containsExactly(2, 3, 4);
    assertThat(count.getValue().getDouble()).isEqualTo(1.0);
  }

  @Test
  void setValueOfWrongTypeKeepsTheOldValue() {
    int line = nextLine();
    SharedVariable w = Theano.shared(NDArray.zeros(DType.FLOAT32, 2, 2), "W");
    assertThatThrownBy(() -> w.setValue(NDArray.zeros(DType.FLOAT64, 2, 2)))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("'W'")
        .hasMessageContaining(FILE + line)
        .hasMessageContaining("expected a float32 array of rank 2, got float64");
    assertThat(w.getValue()).isEqualTo(NDArray.zeros(DType.FLOAT32, 2, 2));
  }

  @Test
  void debugModeNamesTheNodeThatProducedNaN() {
    Variable x = T.dvector("x");
    SharedVariable total = Theano.shared(NDArray.scalar(0.0), "total");
    int line = nextLine();
    Variable lx = T.log(x);
    Variable out = lx.sum();
    Function debug = Theano.function(List.of(x), List.of(out))
        .updates(Map.of(total, total.add(out))).mode(org.theano4j.compile.Mode.DEBUG).build();
    assertThatThrownBy(() -> debug.call(new double[] {1, -1}))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("Elemwise{log}")
        .hasMessageContaining("DEBUG check")
        .hasMessageContaining("NaN at flat index 1")
        .hasMessageContaining(FILE + line);
    assertThat(total.getValue().getDouble()).isEqualTo(0.0);
    // Without DEBUG the NaN is a value like any other.
    Function fast = Theano.compile(List.of(x), List.of(out));
    assertThat(fast.call(new double[] {1, -1}).get(0).getDouble()).isNaN();
  }

  @Test
  void nullArgumentsAreNamedNotNullPointerExceptions() {
    Variable x = T.vector("x");
    assertThatThrownBy(() -> Theano.compile(null, List.of(x.sum())))
        .isInstanceOf(TheanoException.class).hasMessage("the inputs list is null");
    assertThatThrownBy(() -> Theano.shared(null, "W"))
        .isInstanceOf(TheanoException.class)
        .hasMessage("the value of shared variable 'W' is null");
    int line = nextLine();
    assertThatThrownBy(() -> T.matrix("m").reshape(-1, -1))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("more than one -1")
        .hasMessageContaining(FILE + line);
  }
}
