package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/** Java literals take the dtype of the tensor they meet where exact (Theano's autocast). */
class AutocastTest {
  @Test
  void literalsAdoptTheTensorDtypeWhenExact() {
    assertThat(T.fmatrix("x").mul(0.13).dtype()).isEqualTo(DType.FLOAT32);
    assertThat(T.dvector("x").add(1).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(T.bvector("x").add(3).dtype()).isEqualTo(DType.INT8);
    assertThat(T.ivector("x").mul(2).dtype()).isEqualTo(DType.INT32);
  }

  @Test
  void integerLiteralsTooBigTakeTheSmallestIntegerTypeThatHoldsThem() {
    Variable b = T.bvector("b");
    assertThat(b.add(1000).dtype()).isEqualTo(DType.INT16);
    assertThat(b.add(100_000).dtype()).isEqualTo(DType.INT32);
    assertThat(b.add(10_000_000_000L).dtype()).isEqualTo(DType.INT64);
  }

  @Test
  void fractionalLiteralWithIntegerTensorUsesFloatX() {
    // int8 (exact in float32) with a float32 literal promotes to float32, as NumPy.
    assertThat(T.bvector("b").mul(0.5).dtype()).isEqualTo(DType.FLOAT32);
    // int32 does not fit float32 exactly, so the result is float64.
    assertThat(T.ivector("i").mul(0.5).dtype()).isEqualTo(DType.FLOAT64);
  }
}
