package org.theano4j.tensor;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * Reorders the axes of a tensor of rank {@code inputNdim}; an entry of -1 inserts a
 * broadcastable axis (Theano's {@code 'x'}). Input axes left out must be broadcastable.
 */
public record DimShuffle(int inputNdim, List<Integer> order) implements Op {
  /** Marks an inserted axis in {@link #order()}. */
  public static final int NEW_AXIS = -1;

  public DimShuffle {
    order = List.copyOf(order);
  }

  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    TensorType t = inputs.get(0).type();
    if (t.ndim() != inputNdim) {
      throw new IllegalArgumentException("expected rank " + inputNdim + ", got " + t.ndim());
    }
    boolean[] used = new boolean[inputNdim];
    int[] out = new int[order.size()];
    for (int i = 0; i < out.length; i++) {
      int ax = order.get(i);
      if (ax == NEW_AXIS) {
        out[i] = 1;
        continue;
      }
      if (ax < 0 || ax >= inputNdim || used[ax]) {
        throw new IllegalArgumentException("bad dimshuffle pattern " + pattern()
            + " for rank " + inputNdim);
      }
      used[ax] = true;
      out[i] = t.dim(ax);
    }
    for (int ax = 0; ax < inputNdim; ax++) {
      if (!used[ax] && !t.isBroadcastable(ax)) {
        throw new IllegalArgumentException("dimshuffle " + pattern() + " drops axis " + ax
            + " of " + t.shapeString() + ", which is not known to have length 1");
      }
    }
    return List.of(new TensorType(t.dtype(), out));
  }

  /** The pattern in Theano's notation, e.g. {@code (x, 0)}. */
  public String pattern() {
    StringBuilder sb = new StringBuilder();
    for (int ax : order) {
      sb.append(sb.length() == 0 ? "" : ",").append(ax == NEW_AXIS ? "x" : String.valueOf(ax));
    }
    return sb.toString();
  }

  @Override
  public String describe() {
    return "DimShuffle{" + pattern() + "}";
  }
}
