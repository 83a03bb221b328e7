package org.theano4j.tensor;

import java.util.List;
import org.theano4j.ndarray.DType;

/** The per-element function of an {@link Elemwise} op. */
public sealed interface ScalarOp permits Scalar, Cast, Composite {
  /** Number of inputs. */
  int arity();

  /** Output dtype for these input dtypes; throws IllegalArgumentException if unsupported. */
  DType outputDType(List<DType> inputs);

  /**
   * The dtype the computation runs in: exact integer arithmetic when it is discrete,
   * double precision otherwise.
   */
  DType computeDType(List<DType> inputs);

  /** Theano's lower-case name, e.g. {@code add}, {@code true_div}. */
  String opName();
}
