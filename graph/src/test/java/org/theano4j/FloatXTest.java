package org.theano4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.T;

/** {@code Theano.floatX()} is float32 unless the system property theano4j.floatX says. */
class FloatXTest {
  @AfterEach
  void clear() {
    System.clearProperty("theano4j.floatX");
  }

  @Test
  void defaultsToFloat32() {
    System.clearProperty("theano4j.floatX");
    assertThat(Theano.floatX()).isEqualTo(DType.FLOAT32);
    assertThat(T.matrix("m").dtype()).isEqualTo(DType.FLOAT32);
    assertThat(T.scalar("s").mul(0.5).dtype()).isEqualTo(DType.FLOAT32);
  }

  @Test
  void propertySelectsFloat64ForUnprefixedTypesAndLiterals() {
    System.setProperty("theano4j.floatX", "float64");
    assertThat(Theano.floatX()).isEqualTo(DType.FLOAT64);
    Variable v = T.vector("v");
    assertThat(v.dtype()).isEqualTo(DType.FLOAT64);
    // Prefixed constructors ignore floatX.
    assertThat(T.fvector("f").dtype()).isEqualTo(DType.FLOAT32);
    // A fractional literal with an integer tensor becomes floatX, then promotes.
    assertThat(T.bvector("b").mul(0.5).dtype()).isEqualTo(DType.FLOAT64);
    Function f = Theano.compile(List.of(v), List.of(v.mul(2)));
    assertThat(f.call(new double[] {1.5}).get(0).getDouble(0)).isEqualTo(3.0);
  }

  @Test
  void nonFloatValuesAreRejected() {
    System.setProperty("theano4j.floatX", "int32");
    assertThatThrownBy(Theano::floatX).isInstanceOf(TheanoException.class)
        .hasMessageContaining("float32 or float64, got 'int32'");
  }
}
