package org.theano4j.tensor;

import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/** The type check the pooling gradient ops share: an input of the pooled output's type. */
final class PoolGradTypes {
  private PoolGradTypes() {}

  /** {@code v} (named {@code what}) must have the dtype, rank and known dims of pool(x). */
  static void checkPooled(Pool2d options, Variable x, Variable v, String what) {
    TensorType pooled = options.pooledType(x);
    if (!compatible(pooled, v.type())) {
      throw new IllegalArgumentException(what + " must have the pooled output's type "
          + pooled + ", got " + v.type());
    }
  }

  /** Same dtype and rank, and no dimension known in both with different lengths. */
  static boolean compatible(TensorType a, TensorType b) {
    if (a.dtype() != b.dtype() || a.ndim() != b.ndim()) {
      return false;
    }
    for (int d = 0; d < a.ndim(); d++) {
      if (a.dim(d) != TensorType.UNKNOWN && b.dim(d) != TensorType.UNKNOWN
          && a.dim(d) != b.dim(d)) {
        return false;
      }
    }
    return true;
  }
}
