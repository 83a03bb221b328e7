package org.theano4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * Nulls and wrongly typed entries anywhere in the compile and call API give a TheanoException
 * naming the position or variable, never a NullPointerException or ClassCastException, and
 * leave shared values unchanged (Issue 10, findings 8 and 9).
 */
class ApiInputsTest {
  private static final String FILE = "ApiInputsTest.java:";

  private static int nextLine() {
    return new Throwable().getStackTrace()[1].getLineNumber() + 1;
  }

  @Test
  void callWithANullArgumentArrayOrElement() {
    int line = nextLine();
    Variable x = T.vector("x");
    Function f = Theano.compile(List.of(x), List.of(x.sum()));
    assertThatThrownBy(() -> f.call((Object[]) null))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("expected 1 argument [x: TensorType(float32, (?,))], got a null argument array");
    assertThatThrownBy(() -> f.call((Object) null))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("argument 0 for input 'x'")
        .hasMessageContaining(FILE + line)
        .hasMessageContaining("got null");
  }

  @Test
  void matrixArgumentWithANullOrRaggedRow() {
    Variable m = T.matrix("m");
    Function f = Theano.compile(List.of(m), List.of(m.sum()));
    assertThatThrownBy(() -> f.call((Object) new float[][] {{1, 2}, null}))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("argument 0 for input 'm'")
        .hasMessageContaining("row 1 of the matrix is null");
    assertThatThrownBy(() -> f.call((Object) new float[][] {{1, 2}, {3}}))
        .hasMessageContaining("ragged array: row 1 has 1 elements, row 0 has 2");
    // 1 + 2 + 3 + 4
    assertThat(f.call((Object) new float[][] {{1, 2}, {3, 4}}).get(0).getDouble())
        .isEqualTo(10.0);
  }

  @Test
  void lossyNumbersInACallAreRefusedAndLeaveSharedValuesUnchanged() {
    SharedVariable acc = Theano.shared(NDArray.scalar(5L), "acc");
    Variable k = T.lscalar("k");
    Function f = Theano.compile(List.of(k), List.of(k.mul(2)), Map.of(acc, acc.add(k)));
    assertThatThrownBy(() -> f.call(new BigDecimal("2.9")))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("'k'")
        .hasMessageContaining("fractional number 2.9");
    assertThatThrownBy(() -> f.call(BigInteger.ONE.shiftLeft(70)))
        .hasMessageContaining("does not fit int64");
    assertThat(acc.getValue().getLong()).isEqualTo(5);
    // An exact BigDecimal is accepted: 2 * 3 = 6, acc = 5 + 3.
    assertThat(f.call(new BigDecimal("3.0")).get(0).getLong()).isEqualTo(6);
    assertThat(acc.getValue().getLong()).isEqualTo(8);

    Variable y = T.fscalar("y");
    Function g = Theano.compile(List.of(y), List.of(y.mul(2)));
    // 0.1f doubled is exact in float32.
    assertThat(g.call(new BigDecimal("0.1")).get(0).getDouble()).isEqualTo((double) (0.2f));
    assertThatThrownBy(() -> g.call(1e300)).hasMessageContaining("beyond the range of float32");
  }

  @Test
  void setValueNullIsRefusedAndKeepsTheValue() {
    int line = nextLine();
    SharedVariable w = Theano.shared(NDArray.of(new float[] {1, 2}, 2), "w");
    assertThatThrownBy(() -> w.setValue(null))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("setValue on shared variable 'w'")
        .hasMessageContaining(FILE + line)
        .hasMessageContaining("expected a float32 array of rank 1, got null");
    assertThatThrownBy(() -> w.setValue(null, true)).isInstanceOf(TheanoException.class);
    assertThat(w.getValue().toFloatArray()).containsExactly(1, 2);
    assertThatThrownBy(() -> Theano.shared(null, "v"))
        .isInstanceOf(TheanoException.class)
        .hasMessage("the value of shared variable 'v' is null");
    assertThatThrownBy(() -> new SharedVariable(null, "u"))
        .isInstanceOf(TheanoException.class)
        .hasMessage("the value of shared variable 'u' is null");
  }

  @Test
  void nullOrMistypedGivens() {
    int line = nextLine();
    Variable x = T.vector("x");
    Variable y = T.vector("y");
    Map<Variable, Variable> nullValue = new HashMap<>();
    nullValue.put(y, null);
    assertThatThrownBy(() -> Theano.compile(List.of(x), List.of(x.add(y)), Map.of(), nullValue))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("the givens replacement for 'y'")
        .hasMessageContaining(FILE + (line + 1))
        .hasMessageEndingWith("is null");
    Map<Variable, Variable> nullKey = new HashMap<>();
    nullKey.put(null, x);
    assertThatThrownBy(() -> Theano.compile(List.of(x), List.of(x.sum()), Map.of(), nullKey))
        .isInstanceOf(TheanoException.class)
        .hasMessage("a givens key is null");
    Map<Variable, Variable> raw = rawMap("y", x);
    assertThatThrownBy(() -> Theano.compile(List.of(x), List.of(x.sum()), Map.of(), raw))
        .isInstanceOf(TheanoException.class)
        .hasMessage("a givens key is a java.lang.String (y), not a Variable");
  }

  @Test
  void nullOrMistypedUpdates() {
    SharedVariable s = Theano.shared(NDArray.of(new double[] {1, 2}, 2), "s");
    Variable x = T.dvector("x");
    Map<SharedVariable, Variable> nullValue = new HashMap<>();
    nullValue.put(s, null);
    assertThatThrownBy(() -> Theano.compile(List.of(x), List.of(x.sum()), nullValue))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("the update of 's'")
        .hasMessageEndingWith("is null");
    Map<SharedVariable, Variable> nullKey = new HashMap<>();
    nullKey.put(null, x);
    assertThatThrownBy(() -> Theano.compile(List.of(x), List.of(x.sum()), nullKey))
        .isInstanceOf(TheanoException.class)
        .hasMessage("an updates key is null");
    // A raw-typed map that "updates" the symbolic input x: used to be a ClassCastException.
    Map<SharedVariable, Variable> notShared = rawMap(x, x.mul(2));
    assertThatThrownBy(() -> Theano.compile(List.of(x), List.of(x.sum()), notShared))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("updates: 'x'")
        .hasMessageContaining("is not a shared variable");
    Map<SharedVariable, Variable> notVariable = rawMap(s, 3.0);
    assertThatThrownBy(() -> Theano.compile(List.of(x), List.of(x.sum()), notVariable))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("the update of 's'")
        .hasMessageContaining("is a java.lang.Double (3.0), not a Variable");
    assertThat(s.getValue().toDoubleArray()).containsExactly(1, 2);
  }

  @Test
  void nullOrMistypedInputsAndOutputs() {
    Variable x = T.vector("x");
    assertThatThrownBy(() -> Theano.compile(null, List.of(x.sum())))
        .isInstanceOf(TheanoException.class).hasMessage("the inputs list is null");
    assertThatThrownBy(() -> Theano.compile(List.of(x), null))
        .isInstanceOf(TheanoException.class).hasMessage("the outputs list is null");
    List<Variable> withNull = new ArrayList<>();
    withNull.add(x);
    withNull.add(null);
    assertThatThrownBy(() -> Theano.compile(withNull, List.of(x.sum())))
        .isInstanceOf(TheanoException.class).hasMessage("input 1 is null");
    assertThatThrownBy(() -> Theano.compile(List.of(x), withNull))
        .isInstanceOf(TheanoException.class).hasMessage("output 1 is null");
    List<Variable> raw = rawList(x, "y");
    assertThatThrownBy(() -> Theano.compile(raw, List.of(x.sum())))
        .isInstanceOf(TheanoException.class)
        .hasMessage("input 1 is a java.lang.String (y), not a Variable");
    assertThatThrownBy(() -> Theano.compile(List.of(x), raw))
        .isInstanceOf(TheanoException.class)
        .hasMessage("output 1 is a java.lang.String (y), not a Variable");
  }

  @Test
  void nullBuilderSettings() {
    Variable x = T.vector("x");
    List<Variable> out = List.of(x.sum());
    assertThatThrownBy(() -> Theano.function(List.of(x), out).mode(null).build())
        .isInstanceOf(TheanoException.class).hasMessage("the mode is null");
    assertThatThrownBy(() -> Theano.function(List.of(x), out).backend(null).build())
        .isInstanceOf(TheanoException.class).hasMessage("the backend name is null");
    assertThatThrownBy(() -> Theano.function(List.of(x), out).onUnusedInput(null).build())
        .isInstanceOf(TheanoException.class).hasMessage("the onUnusedInput policy is null");
    assertThatThrownBy(() -> Theano.function(List.of(x), out).excluding("fusion", null))
        .isInstanceOf(TheanoException.class).hasMessage("excluding name 1 is null");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <K, V> Map<K, V> rawMap(Object key, Object value) {
    Map m = new HashMap();
    m.put(key, value);
    return m;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Variable> rawList(Object... items) {
    List l = new ArrayList();
    for (Object o : items) {
      l.add(o);
    }
    return l;
  }
}
