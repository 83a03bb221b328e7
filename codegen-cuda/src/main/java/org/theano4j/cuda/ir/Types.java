package org.theano4j.cuda.ir;

import org.theano4j.ndarray.DType;

/** The value types the IR computes in. */
public final class Types {
  /** Index arithmetic (thread ids, sizes, strides, element positions): 32-bit signed. */
  public static final DType INDEX = DType.INT32;

  private Types() {}

  /**
   * The lane a scalar function of this compute dtype runs in: float32 and float64 natively,
   * every discrete dtype in exact 64-bit integers (stores wrap to the output's width, as the
   * JVM backend does).
   */
  public static DType lane(DType compute) {
    return compute.isFloat() ? compute : DType.INT64;
  }

  /** The accumulator of a reduction over elements of {@code in}: float64 or int64. */
  public static DType accumulator(DType in) {
    return in.isFloat() ? DType.FLOAT64 : DType.INT64;
  }
}
