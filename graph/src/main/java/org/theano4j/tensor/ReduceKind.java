package org.theano4j.tensor;

import org.theano4j.ndarray.DType;

/** What a {@link Reduce} computes over its axes. */
public enum ReduceKind {
  SUM, PROD, MEAN, MAX, MIN, ALL, ANY;

  /** NumPy's result dtype: sums of integers and bool are int64, means of integers float64. */
  public DType outputDType(DType in) {
    return switch (this) {
      case SUM, PROD -> in.isDiscrete() ? DType.INT64 : in;
      case MEAN -> in.isFloat() ? in : DType.FLOAT64;
      case MAX, MIN -> in;
      case ALL, ANY -> DType.BOOL;
    };
  }
}
