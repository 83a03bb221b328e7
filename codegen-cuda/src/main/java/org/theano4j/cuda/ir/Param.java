package org.theano4j.cuda.ir;

import org.theano4j.ndarray.DType;

/** A kernel parameter: a pointer to elements of one dtype, or a scalar value. */
public sealed interface Param permits Param.Buffer, Param.Value {
  String name();

  DType dtype();

  /** Calls the visitor's method for this kind of parameter. */
  <R> R accept(Visitor<R> v);

  /**
   * A walker of parameters, one method per kind: a new kind must implement {@link #accept},
   * so the compiler names every walker (the renderer, the interpreter) that does not handle
   * it yet.
   */
  interface Visitor<R> {
    R buffer(Buffer p);

    R value(Value p);
  }

  /** How a kernel uses a buffer. */
  enum Access { READ, WRITE, READ_WRITE }

  /**
   * A pointer to the first element of a tensor view (the host adds the view's offset).
   * Elements are addressed in elements, not bytes.
   */
  record Buffer(String name, DType dtype, Access access) implements Param {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.buffer(this);
    }
  }

  /** A scalar passed by value, e.g. a size or a stride ({@link Types#INDEX}). */
  record Value(String name, DType dtype) implements Param {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.value(this);
    }
  }
}
