package org.theano4j.graph;

import org.theano4j.ndarray.NDArray;

/** A root variable with a fixed value; its type knows the full shape. */
public final class Constant extends Variable {
  private final NDArray value;

  public Constant(NDArray value, String name) {
    super(new TensorType(value.dtype(), value.shape()), name);
    this.value = value.copy();
  }

  /** The value; treat it as read-only. */
  public NDArray value() {
    return value;
  }

  @Override
  public String toString() {
    if (name() != null) {
      return name();
    }
    return value.size() <= 8 ? value.toString().replace("array(", "Constant(")
        : "Constant" + type();
  }
}
