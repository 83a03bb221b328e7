package org.theano4j.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/** Products built from {@link Dot}, {@link BatchedDot}, dimshuffles and reshapes. */
final class LinearAlgebra {
  private LinearAlgebra() {}

  /**
   * A product with a bool operand, as NumPy computes it: the bool operand promotes to the
   * other's dtype; of two bools, the product is whether some pair of elements is true (an
   * int64 product tested for non-zero). Null when neither operand is bool.
   */
  static Variable boolProduct(Variable a, Variable b, BinaryOperator<Variable> product) {
    boolean ba = a.dtype() == DType.BOOL;
    boolean bb = b.dtype() == DType.BOOL;
    if (!ba && !bb) {
      return null;
    }
    if (ba && bb) {
      return T.cast(product.apply(T.cast(a, DType.INT64), T.cast(b, DType.INT64)), DType.BOOL);
    }
    return product.apply(ba ? T.cast(a, b.dtype()) : a, bb ? T.cast(b, a.dtype()) : b);
  }

  static Variable tensordot(Variable a, Variable b, int[] aAxes, int[] bAxes) {
    Variable bools = boolProduct(a, b, (x, y) -> tensordot(x, y, aAxes, bAxes));
    if (bools != null) {
      return bools;
    }
    if (aAxes.length != bAxes.length) {
      throw new IllegalArgumentException("tensordot needs as many axes of a as of b, got "
          + aAxes.length + " and " + bAxes.length);
    }
    List<Integer> sa = T.normaliseAxes(a, aAxes);
    List<Integer> sb = T.normaliseAxes(b, bAxes);
    // Keep the pairing order given by the caller.
    List<Integer> pa = new ArrayList<>();
    List<Integer> pb = new ArrayList<>();
    for (int i = 0; i < aAxes.length; i++) {
      pa.add(aAxes[i] < 0 ? aAxes[i] + a.ndim() : aAxes[i]);
      pb.add(bAxes[i] < 0 ? bAxes[i] + b.ndim() : bAxes[i]);
    }
    List<Object> orderA = new ArrayList<>();
    List<Object> freeA = new ArrayList<>();
    for (int d = 0; d < a.ndim(); d++) {
      if (!sa.contains(d)) {
        orderA.add(d);
        freeA.add(dim(a, d));
      }
    }
    orderA.addAll(pa);
    List<Object> orderB = new ArrayList<>(pb);
    List<Object> freeB = new ArrayList<>();
    for (int d = 0; d < b.ndim(); d++) {
      if (!sb.contains(d)) {
        orderB.add(d);
        freeB.add(dim(b, d));
      }
    }
    Variable at = T.dimshuffle(a, orderA.toArray());
    Variable bt = T.dimshuffle(b, orderB.toArray());
    // The contracted length is spelled out, not -1: with an empty free axis (a (2, 0, 2)
    // operand) -1 would be ambiguous and the reshape refused.
    List<Object> innerA = new ArrayList<>();
    List<Object> innerB = new ArrayList<>();
    for (int i = 0; i < pa.size(); i++) {
      innerA.add(dim(a, pa.get(i)));
      innerB.add(dim(b, pb.get(i)));
    }
    Variable a2 = T.reshape(at, product(freeA), product(innerA));
    Variable b2 = T.reshape(bt, product(innerB), product(freeB));
    Variable d = T.node(new Dot(), a2, b2);
    List<Object> outShape = new ArrayList<>(freeA);
    outShape.addAll(freeB);
    return T.reshape(d, outShape.toArray());
  }

  /** A known length as an Integer, else a symbolic int64 scalar. */
  private static Object dim(Variable x, int d) {
    int k = x.type().dim(d);
    return k != TensorType.UNKNOWN ? (Object) k : T.shapeOf(x, d);
  }

  private static Object product(List<Object> dims) {
    long known = 1;
    Variable sym = null;
    for (Object o : dims) {
      if (o instanceof Integer) {
        known *= (Integer) o;
      } else {
        sym = sym == null ? (Variable) o : T.mul(sym, o);
      }
    }
    if (sym == null) {
      return (int) known;
    }
    return known == 1 ? sym : T.mul(sym, known);
  }

  static Variable batchedDot(Variable a, Variable b) {
    if (a.ndim() < 2 || a.ndim() > 3 || b.ndim() < 2 || b.ndim() > 3) {
      throw new IllegalArgumentException("batchedDot takes rank-2 or rank-3 tensors, got "
          + a.describe() + " and " + b.describe());
    }
    Variable a3 = a.ndim() == 3 ? a : T.dimshuffle(a, 0, "x", 1);
    Variable b3 = b.ndim() == 3 ? b : T.dimshuffle(b, 0, 1, "x");
    Variable r = T.node(new BatchedDot(), a3, b3);
    if (a.ndim() == 2 && b.ndim() == 2) {
      return T.dimshuffle(r, 0);
    }
    if (a.ndim() == 2) {
      return T.dimshuffle(r, 0, 2);
    }
    return b.ndim() == 2 ? T.dimshuffle(r, 0, 1) : r;
  }
}
