package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;

/**
 * {@code alpha * dot(x, y) + beta * z} for float matrices {@code x}, {@code y} and a bias
 * {@code z} that broadcasts to the product's shape (a vector adds to every row); {@code alpha}
 * and {@code beta} are scalars. Inputs in order: x, y, z, alpha, beta. All of one float dtype.
 * The optimiser's specialise phase builds it from {@code dot(x, W) + b}; it is one BLAS GEMM.
 */
public record Gemm() implements Op {
  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    if (inputs.size() != 5) {
      throw new IllegalArgumentException("Gemm takes x, y, z, alpha, beta; got " + inputs.size()
          + " inputs");
    }
    Variable x = inputs.get(0);
    Variable y = inputs.get(1);
    Variable z = inputs.get(2);
    if (!x.dtype().isFloat() || x.ndim() != 2 || y.ndim() != 2) {
      throw new IllegalArgumentException("Gemm needs float matrices, got " + x.type() + " and "
          + y.type());
    }
    for (int i = 1; i < 5; i++) {
      if (inputs.get(i).dtype() != x.dtype()) {
        throw new IllegalArgumentException("Gemm input " + i + " has dtype "
            + inputs.get(i).dtype() + ", expected " + x.dtype());
      }
    }
    StaticShapes.requireScalar(inputs.get(3), "alpha");
    StaticShapes.requireScalar(inputs.get(4), "beta");
    int k1 = x.type().dim(1);
    int k2 = y.type().dim(0);
    if (k1 != UNKNOWN && k2 != UNKNOWN && k1 != k2) {
      throw new IllegalArgumentException("inner dimensions differ: " + x.type().shapeString()
          + " · " + y.type().shapeString());
    }
    if (z.ndim() > 2) {
      throw new IllegalArgumentException("the bias must have rank <= 2, got " + z.type());
    }
    int[] out = {x.type().dim(0), y.type().dim(1)};
    for (int d = 0; d < 2; d++) {
      int k = d - (2 - z.ndim());
      if (k < 0) {
        continue;
      }
      int zs = z.type().dim(k);
      if (zs == 1 || zs == UNKNOWN) {
        continue;
      }
      if (out[d] == 1 || out[d] != UNKNOWN && out[d] != zs) {
        throw new IllegalArgumentException("bias " + z.type().shapeString()
            + " does not broadcast to the product's shape (" + out[0] + ", " + out[1] + ")");
      }
      out[d] = zs;
    }
    return List.of(new TensorType(x.dtype(), out));
  }
}
