package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.ndarray.DType;

/**
 * The typed program of an elementwise op, which the JVM loops and the CUDA lowering both run.
 * Expected dtypes are NumPy's: {@code np.int8(1) < np.float32(1)} compares in float32 and gives
 * bool; {@code np.where(b, np.float32(1), np.int32(1))} is float64; {@code np.int8 * np.int8}
 * stays int8.
 */
class ScalarProgramTest {
  private static final List<DType> IN = List.of(DType.INT8, DType.FLOAT32, DType.INT32);

  /** t0 = lt(i0, i1); t1 = switch(t0, i1, i2); t2 = mul(i0, i0). */
  private static final Composite FUSED = new Composite(3, List.of(
      new Composite.Step(Scalar.LT, List.of(0, 1)),
      new Composite.Step(Scalar.SWITCH, List.of(3, 1, 2)),
      new Composite.Step(Scalar.MUL, List.of(0, 0))));

  @Test
  void aCompositeIsTypedStepByStep() {
    ScalarProgram p = ScalarProgram.of(FUSED, IN);
    assertThat(p.inputs()).isEqualTo(IN);
    assertThat(p.steps()).extracting(ScalarProgram.Step::out)
        .containsExactly(DType.BOOL, DType.FLOAT64, DType.INT8);
    assertThat(p.steps()).extracting(ScalarProgram.Step::compute)
        .containsExactly(DType.FLOAT32, DType.FLOAT64, DType.INT8);
    assertThat(p.steps()).extracting(ScalarProgram.Step::args)
        .containsExactly(List.of(0, 1), List.of(3, 1, 2), List.of(0, 0));
    assertThat(p.operand(1)).isEqualTo(DType.FLOAT32);
    assertThat(p.operand(4)).isEqualTo(DType.FLOAT64);
    assertThat(p.output()).isEqualTo(DType.INT8);
    assertThat(FUSED.outputDType(IN)).isEqualTo(DType.INT8);
  }

  @Test
  void aPrimitiveIsOneStepOverItsInputs() {
    ScalarProgram p = ScalarProgram.of(new Cast(DType.INT16), List.of(DType.FLOAT64));
    assertThat(p.steps()).containsExactly(new ScalarProgram.Step(new Cast(DType.INT16),
        List.of(0), DType.INT16, DType.FLOAT64));
    ScalarProgram lt = ScalarProgram.of(Scalar.LT, List.of(DType.INT8, DType.FLOAT32));
    assertThat(lt.steps()).containsExactly(new ScalarProgram.Step(Scalar.LT, List.of(0, 1),
        DType.BOOL, DType.FLOAT32));
  }

  @Test
  void theWrongNumberOfInputsIsRefused() {
    assertThatThrownBy(() -> ScalarProgram.of(FUSED, List.of(DType.INT8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(FUSED.opName() + " takes 3 inputs, got 1");
  }

  @Test
  void aStepMustBeAPrimitive() {
    assertThatThrownBy(() -> new ScalarProgram.Step(FUSED, List.of(0, 1, 2), DType.INT8,
        DType.INT8)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("a program step must be a Scalar or a Cast, got composite{");
  }
}
