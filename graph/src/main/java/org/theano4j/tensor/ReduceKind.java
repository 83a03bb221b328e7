package org.theano4j.tensor;

import org.theano4j.ndarray.DType;

/** What a {@link Reduce} computes over its axes. */
public enum ReduceKind {
  SUM, PROD, MEAN, MAX, MIN, ALL, ANY;

  /** NumPy's result dtype: sums of integers and bool are int64, means of integers float64. */
  public DType outputDType(DType in) {
    switch (this) {
      case SUM:
      case PROD:
        return in.isDiscrete() ? DType.INT64 : in;
      case MEAN:
        return in.isFloat() ? in : DType.FLOAT64;
      case MAX:
      case MIN:
        return in;
      default:
        return DType.BOOL;
    }
  }
}
