package org.theano4j.graph;

import java.util.Arrays;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.Shapes;

/**
 * The static type of a tensor variable: a dtype and a rank, with each dimension either a
 * known size or unknown ({@link #UNKNOWN}).
 *
 * <p>A dimension statically known to be 1 is <em>broadcastable</em>, as in Theano: only such
 * a dimension stretches to match another operand.
 */
public final class TensorType {
  /** Marks a dimension whose size is not known before run time. */
  public static final int UNKNOWN = -1;

  private final DType dtype;
  private final int[] shape;

  /**
   * @throws IllegalArgumentException if a dimension is below {@link #UNKNOWN} or the known
   *     dimensions alone make a shape no array can have ({@link Shapes#size}), so that every
   *     product of known dimensions fits an {@code int}
   */
  public TensorType(DType dtype, int... shape) {
    int[] known = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < UNKNOWN) {
        throw new IllegalArgumentException("bad static shape " + Arrays.toString(shape));
      }
      known[i] = shape[i] == UNKNOWN ? 1 : shape[i];
    }
    try {
      Shapes.size(known);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad static shape " + Arrays.toString(shape) + ": "
          + e.getMessage(), e);
    }
    this.dtype = dtype;
    this.shape = shape.clone();
  }

  /** A type of rank {@code ndim} with every dimension unknown. */
  public static TensorType ofRank(DType dtype, int ndim) {
    int[] s = new int[ndim];
    Arrays.fill(s, UNKNOWN);
    return new TensorType(dtype, s);
  }

  public DType dtype() {
    return dtype;
  }

  public int ndim() {
    return shape.length;
  }

  /** Static shape (a copy); unknown dimensions are {@link #UNKNOWN}. */
  public int[] shape() {
    return shape.clone();
  }

  public int dim(int axis) {
    return shape[axis];
  }

  public boolean isBroadcastable(int axis) {
    return shape[axis] == 1;
  }

  public boolean isScalar() {
    return shape.length == 0;
  }

  /** True if every dimension is known. */
  public boolean isFullyKnown() {
    for (int d : shape) {
      if (d == UNKNOWN) {
        return false;
      }
    }
    return true;
  }

  public TensorType withDType(DType d) {
    return new TensorType(d, shape);
  }

  /**
   * True if a value of {@code other} can stand where this type is expected: same dtype and
   * rank, and every dimension this type knows is known equal in {@code other}.
   */
  public boolean accepts(TensorType other) {
    if (dtype != other.dtype || shape.length != other.shape.length) {
      return false;
    }
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] != UNKNOWN && shape[i] != other.shape[i]) {
        return false;
      }
    }
    return true;
  }

  /** The static shape as text, e.g. {@code (?, 10)}. */
  public String shapeString() {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i] == UNKNOWN ? "?" : String.valueOf(shape[i]));
    }
    return sb.append(shape.length == 1 ? ",)" : ")").toString();
  }

  /** Theano's name for a type of this rank: scalar, vector, matrix, tensor3, tensor4, ... */
  public String rankName() {
    switch (shape.length) {
      case 0: return "scalar";
      case 1: return "vector";
      case 2: return "matrix";
      default: return "tensor" + shape.length;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorType && ((TensorType) o).dtype == dtype
        && Arrays.equals(((TensorType) o).shape, shape);
  }

  @Override
  public int hashCode() {
    return 31 * dtype.hashCode() + Arrays.hashCode(shape);
  }

  /** For example {@code TensorType(float32, (?, 10))}. */
  @Override
  public String toString() {
    return "TensorType(" + dtype + ", " + shapeString() + ")";
  }
}
