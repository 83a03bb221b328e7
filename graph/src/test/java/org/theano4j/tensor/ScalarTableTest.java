package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.ndarray.DType;

/** The lanes of the scalar table: which exist, what an absent one says, NOT's two forms. */
class ScalarTableTest {
  @Test
  void everyFunctionHasTheLanesItsDtypeRuleAsksFor() {
    for (Scalar s : Scalar.values()) {
      List<DType> ints = java.util.Collections.nCopies(s.arity(), DType.INT32);
      List<DType> floats = java.util.Collections.nCopies(s.arity(), DType.FLOAT64);
      if (s.rule() != Scalar.Rule.LOGIC) {
        assertThat(s.computeDType(floats).isFloat()).as(s.name()).isTrue();
        assertThat(s.doubleLane()).as(s.name()).isNotNull();
      }
      if (s.computeDType(ints).isDiscrete()) {
        assertThat(s.longLane(false)).as(s.name()).isNotNull();
      }
    }
  }

  @Test
  void anAbsentLaneIsRefusedWithTheFunctionsName() {
    assertThatThrownBy(() -> Scalar.EXP.longLane(false))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("exp has no integer lane: its result is a float");
    assertThatThrownBy(() -> Scalar.XOR.doubleLane())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("xor has no float lane: it takes integer or bool inputs only");
  }

  @Test
  void notIsLogicalForBoolAndBitwiseForIntegers() {
    assertThat(Scalar.NOT.longLane(true).apply(0, 0, 0)).isEqualTo(1);
    assertThat(Scalar.NOT.longLane(true).apply(1, 0, 0)).isEqualTo(0);
    assertThat(Scalar.NOT.longLane(false).apply(5, 0, 0)).isEqualTo(-6);
  }

  @Test
  void isnanIsFalseForIntegersAndTrueOnlyForNan() {
    assertThat(Scalar.ISNAN.outputDType(List.of(DType.INT32))).isEqualTo(DType.BOOL);
    assertThat(Scalar.ISNAN.longLane(true).apply(Long.MIN_VALUE, 0, 0)).isEqualTo(0);
    Scalar.DoubleLane f = Scalar.ISNAN.doubleLane();
    assertThat(f.apply(Double.NaN, 0, 0)).isEqualTo(1);
    assertThat(f.apply(Double.POSITIVE_INFINITY, 0, 0)).isEqualTo(0);
    assertThat(f.apply(-0.0, 0, 0)).isEqualTo(0);
  }
}
