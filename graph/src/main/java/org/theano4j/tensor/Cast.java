package org.theano4j.tensor;

import java.util.List;
import org.theano4j.ndarray.DType;

/**
 * Conversion to {@code to}: floats to integers truncate toward zero, integers wrap, and
 * anything to bool tests for non-zero, as NumPy's {@code astype}.
 */
public record Cast(DType to) implements ScalarOp {
  @Override
  public int arity() {
    return 1;
  }

  @Override
  public DType outputDType(List<DType> inputs) {
    return to;
  }

  @Override
  public DType computeDType(List<DType> inputs) {
    return inputs.get(0);
  }

  @Override
  public String opName() {
    return "cast{" + to + "}";
  }
}
