package org.theano4j.jvm;

import org.theano4j.tensor.Scalar;

/**
 * float32 results of transcendental functions without the double lane's cost, bit for bit
 * what the lane gives rounded to float32 ({@code (float) Math.tanh((double) x)}).
 *
 * <p>Why: on JDK 17 {@code Math.tanh} is {@code StrictMath.tanh}, a JNI call into fdlibm of
 * about 20 ns per element, where {@code Math.exp} is a JIT intrinsic. {@link #tanh} computes
 * {@code 1 - 2 / (exp(2|x|) + 1)} in double (relative error below 2^-37 for
 * {@code |x| >= 2^-12}) and keeps the float it rounds to only when that double is farther than
 * 2^-36 (relative) from every rounding midpoint of float32, so the exact value rounds to the
 * same float; otherwise (rarely) and for NaN it calls the lane. Below 2^-12 the
 * float32 result is {@code x} itself ({@code |tanh x - x| < x^3/3}, under half an ulp), and
 * from 9.1 on it is ±1 ({@code 1 - tanh 9.1 < 2^-25}, half an ulp below 1). The agreement is
 * checked on every float32 input by {@code FloatFunctionsTest} (a sample in the normal test
 * run; all 2^32 inputs with {@code -Dtheano4j.exhaustive=true}).
 */
final class FloatFunctions {
  private static final double TINY = 0x1p-12;
  private static final double ONE_FROM = 9.1;
  private static final double MARGIN = 0x1p-36;

  private FloatFunctions() {}

  /** True if {@link #apply} has a float32 loop for {@code op}. */
  static boolean has(Scalar op) {
    return op == Scalar.TANH;
  }

  /** {@code out[i] = op(a[i])} for the first {@code n} elements, float32 results. */
  static void apply(Scalar op, float[][] in, float[] out, int n) {
    if (op != Scalar.TANH) {
      throw new AssertionError(op + " has no float32 function loop");
    }
    float[] a = in[0];
    for (int i = 0; i < n; i++) {
      out[i] = tanh(a[i]);
    }
  }

  /** {@code (float) Math.tanh(x)}, bit for bit. */
  static float tanh(float x) {
    double ax = Math.abs((double) x);
    if (ax < TINY) {
      return x; // also ±0 and subnormals; NaN fails every comparison and goes on
    }
    if (ax >= ONE_FROM) {
      return Math.copySign(1f, x);
    }
    double t = 1 - 2 / (Math.exp(2 * ax) + 1);
    float f = (float) t;
    double df = f;
    double lo = (df + Math.nextDown(f)) * 0.5;
    double hi = (df + Math.nextUp(f)) * 0.5;
    double m = t * MARGIN;
    if (!(t - lo > m && hi - t > m)) {
      return (float) Math.tanh(x); // near a rounding midpoint, or NaN: the lane decides
    }
    return Math.copySign(f, x); // no branch on the sign: random signs mispredict
  }
}
