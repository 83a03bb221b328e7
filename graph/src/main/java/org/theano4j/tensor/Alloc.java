package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * {@code alloc(value, d0, d1, ...)}: a new tensor of the given shape filled by broadcasting
 * {@code value} (a scalar or a tensor that broadcasts to it).
 */
public record Alloc() implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    Variable v = inputs.get(0);
    int nd = inputs.size() - 1;
    if (v.ndim() > nd) {
      throw new IllegalArgumentException("value of rank " + v.ndim()
          + " cannot fill a tensor of rank " + nd);
    }
    int[] out = new int[nd];
    for (int i = 0; i < nd; i++) {
      Variable d = inputs.get(i + 1);
      StaticShapes.requireScalar(d, "dimension " + i);
      StaticShapes.requireInteger(d, "dimension " + i);
      Long c = StaticShapes.constantLong(d);
      out[i] = c == null ? UNKNOWN : c.intValue();
      if (c != null && c < 0) {
        throw new IllegalArgumentException("negative dimension " + c);
      }
      int k = i - (nd - v.ndim());
      if (k >= 0) {
        int vs = v.type().dim(k);
        if (vs != 1 && vs != UNKNOWN && out[i] != UNKNOWN && vs != out[i]) {
          throw new IllegalArgumentException("value of shape " + v.type().shapeString()
              + " cannot fill dimension " + i + " of size " + out[i]);
        }
        if (out[i] == UNKNOWN && vs != 1) {
          out[i] = vs;
        }
      }
    }
    return List.of(new TensorType(v.dtype(), out));
  }
}
