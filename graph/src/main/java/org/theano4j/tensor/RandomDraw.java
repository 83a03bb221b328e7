package org.theano4j.tensor;

import static org.theano4j.graph.TensorType.UNKNOWN;

import java.util.List;
import org.theano4j.graph.Op;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;

/**
 * {@code draw(state, d0, d1, ...)}: a tensor of the given shape of independent random values
 * of one {@link Distribution}, a pure function of {@code state}, an int64 vector
 * {@code [key, counter]} (Theano's random state; {@code RandomStreams} keeps it in a shared
 * variable whose default update advances the counter). Element {@code j} (row-major) is
 * computed from the Philox block {@link Philox#draw(long, long, long) draw(key, counter, j)}
 * by {@link #sample}, on every backend. The op does not change the state.
 *
 * @param distribution what each element is
 * @param dtype the result's dtype: float32/float64 for {@code UNIFORM} and {@code NORMAL},
 *     int64 for {@code BITS}
 * @param p0 {@code low} (uniform) or {@code mean} (normal); 0 for bits
 * @param p1 {@code high} (uniform) or {@code std} (normal); 0 for bits
 */
public record RandomDraw(Distribution distribution, DType dtype, double p0, double p1)
    implements Op {
  /** The distributions of one element. */
  public enum Distribution {
    /** {@code low + (high - low) * u}, u uniform in [0, 1). */
    UNIFORM,
    /** {@code mean + std * z}, z standard normal (Box-Muller). */
    NORMAL,
    /** A uniform non-negative int64 (63 random bits). */
    BITS
  }

  /** Checks the parameters; errors say what is wrong and what is expected. */
  public RandomDraw {
    if (distribution == null || dtype == null) {
      throw new IllegalArgumentException("RandomDraw: the distribution and dtype are required");
    }
    switch (distribution) {
      case UNIFORM, NORMAL -> {
        if (!dtype.isFloat()) {
          throw new IllegalArgumentException(distribution.name().toLowerCase(java.util.Locale.ROOT)
              + " draws float32 or float64 values, got dtype " + dtype);
        }
        if (!Double.isFinite(p0) || !Double.isFinite(p1)) {
          throw new IllegalArgumentException(distribution == Distribution.UNIFORM
              ? "uniform: low and high must be finite, got low " + p0 + ", high " + p1
              : "normal: mean and std must be finite, got mean " + p0 + ", std " + p1);
        }
        if (distribution == Distribution.UNIFORM && !(p0 <= p1)) {
          throw new IllegalArgumentException("uniform: low must not exceed high, got low "
              + p0 + ", high " + p1);
        }
        if (distribution == Distribution.NORMAL && p1 < 0) {
          throw new IllegalArgumentException("normal: std must be non-negative, got " + p1);
        }
      }
      case BITS -> {
        if (dtype != DType.INT64 || p0 != 0 || p1 != 0) {
          throw new IllegalArgumentException("random bits are int64 without parameters, got "
              + dtype + ", " + p0 + ", " + p1);
        }
      }
    }
  }

  @Override
  public List<TensorType> outputTypes(List<Variable> inputs) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("a random draw takes the state and the dimensions");
    }
    Variable state = inputs.get(0);
    if (state.dtype() != DType.INT64 || state.ndim() != 1
        || state.type().dim(0) != UNKNOWN && state.type().dim(0) != 2) {
      throw new IllegalArgumentException("the random state must be an int64 vector [key, "
          + "counter] of length 2, got " + state.type());
    }
    int nd = inputs.size() - 1;
    int[] out = new int[nd];
    for (int i = 0; i < nd; i++) {
      Variable d = inputs.get(i + 1);
      StaticShapes.requireScalar(d, "size dimension " + i);
      StaticShapes.requireInteger(d, "size dimension " + i);
      Long c = StaticShapes.constantLong(d);
      out[i] = c == null ? UNKNOWN : checkDim(c, i);
    }
    return List.of(new TensorType(dtype, out));
  }

  /** A dimension of the result, checked: non-negative and an int (shared with the kernels). */
  public static int checkDim(long v, int axis) {
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("random draw: size dimension " + axis + " is " + v
          + "; dimensions must be non-negative");
    }
    return (int) v;
  }

  /**
   * The {@code [key, counter]} of a state value, checked at run time (shared with the CUDA
   * kernels).
   */
  public static long[] readState(org.theano4j.ndarray.NDArray state) {
    checkStateShape(state.shape());
    return new long[] {state.getLong(0), state.getLong(1)};
  }

  /** Checks the run-time shape of a state value: {@code [2]}. */
  public static void checkStateShape(int[] shape) {
    if (shape.length != 1 || shape[0] != 2) {
      throw new IllegalArgumentException("the random state must hold [key, counter] (shape "
          + "[2]), got shape " + java.util.Arrays.toString(shape));
    }
  }

  /** The result's shape from the dimension values (each checked), for the kernels. */
  public static int[] shape(org.theano4j.ndarray.NDArray[] dims, int from) {
    int[] shape = new int[dims.length - from];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = checkDim(dims[from + i].getLong(), i);
    }
    org.theano4j.ndarray.Shapes.size(shape);
    return shape;
  }

  /**
   * Element {@code index} of a UNIFORM or NORMAL draw for the state {@code (key, counter)},
   * rounded to {@link #dtype}; BITS elements are {@link #sampleBits} (a double cannot hold
   * them).
   */
  public double sample(long key, long counter, long index) {
    return sample(Philox.draw(key, counter, index));
  }

  /** The UNIFORM or NORMAL element of the block {@code w} ({@link Philox#draw}). */
  public double sample(int[] w) {
    boolean f32 = dtype == DType.FLOAT32;
    return switch (distribution) {
      case UNIFORM -> {
        double u = f32 ? Philox.unitFloat(w[0]) : Philox.unitDouble(w[0], w[1]);
        yield dtype.round(p0 + (p1 - p0) * u);
      }
      case NORMAL -> dtype.round(p0 + p1 * Philox.boxMuller(Philox.unitDouble(w[0], w[1]),
          Philox.unitDouble(w[2], w[3])));
      case BITS -> throw new IllegalStateException("random bits are read with sampleBits");
    };
  }

  /** Element {@code index} of a BITS draw. */
  public long sampleBits(long key, long counter, long index) {
    return sampleBits(Philox.draw(key, counter, index));
  }

  /** The BITS element of the block {@code w} ({@link Philox#draw}). */
  public static long sampleBits(int[] w) {
    return Philox.bits63(w[0], w[1]);
  }

  @Override
  public String describe() {
    return switch (distribution) {
      case UNIFORM -> "RandomUniform{" + dtype + ", " + p0 + ", " + p1 + "}";
      case NORMAL -> "RandomNormal{" + dtype + ", " + p0 + ", " + p1 + "}";
      case BITS -> "RandomBits{int64}";
    };
  }
}
