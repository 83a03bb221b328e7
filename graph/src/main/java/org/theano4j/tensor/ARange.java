package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.Shapes;

/** {@code arange(start, stop, step)} of {@code dtype}, from three scalars. */
public record ARange(DType dtype) implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    String[] what = {"start", "stop", "step"};
    for (int i = 0; i < 3; i++) {
      StaticShapes.requireScalar(inputs.get(i), "arange " + what[i]);
    }
    Long a = StaticShapes.constantLong(inputs.get(0));
    Long b = StaticShapes.constantLong(inputs.get(1));
    Long c = StaticShapes.constantLong(inputs.get(2));
    int n = UNKNOWN;
    if (a != null && b != null && c != null && dtype.isDiscrete()) {
      n = Shapes.arangeLength(a, b, c);
    }
    return List.of(new TensorType(dtype, n));
  }

  @Override
  public String describe() {
    return "ARange{" + dtype + "}";
  }
}
