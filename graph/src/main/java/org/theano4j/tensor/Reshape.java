package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.List;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Shapes;

/**
 * {@code reshape(x, shape)} to rank {@code ndim}; {@code shape} is an integer vector of that
 * length in which one entry may be -1.
 */
public record Reshape(int ndim) implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable x = inputs.get(0);
    Variable shape = inputs.get(1);
    StaticShapes.requireInteger(shape, "the new shape");
    if (shape.ndim() != 1 || shape.type().dim(0) != ndim) {
      throw new IllegalArgumentException("the new shape must be an int vector of length " + ndim
          + ", got " + shape.type());
    }
    int[] out = new int[ndim];
    java.util.Arrays.fill(out, UNKNOWN);
    if (shape instanceof Constant) {
      NDArray s = ((Constant) shape).value();
      int inferred = 0;
      for (int i = 0; i < ndim; i++) {
        out[i] = (int) s.getLong(i);
        if (out[i] < -1) {
          throw new IllegalArgumentException("the new shape has a negative dimension " + out[i]);
        }
        inferred += out[i] == -1 ? 1 : 0;
      }
      if (inferred > 1) {
        throw new IllegalArgumentException("the new shape " + java.util.Arrays.toString(out)
            + " has more than one -1");
      }
      if (x.type().isFullyKnown()) {
        out = Shapes.resolveReshape(x.type().shape(), out);
      } else {
        for (int i = 0; i < ndim; i++) {
          if (out[i] < 0) {
            out[i] = UNKNOWN;
          }
        }
      }
    }
    return List.of(new TensorType(x.dtype(), out));
  }

  @Override
  public String describe() {
    return "Reshape{" + ndim + "}";
  }
}
