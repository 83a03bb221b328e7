package org.theano4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.theano4j.compile.Mode;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * The programs of issue 16 (bugs 1–12; 13–15 from the NumPy differential test) with the values NumPy 2.4 gives for them (each
 * computed with {@code python3 -c "import numpy as np; ..."}, the expression quoted beside the
 * case). Shared by {@code FidelityTest} (JVM backend, every mode) and the codegen-cuda module's
 * test of the {@code cuda-interp} backend.
 */
public final class FidelityCases {
  private FidelityCases() {}

  /** One program: its inputs, output, arguments and NumPy's answer. */
  public record Case(String name, List<Variable> inputs, Variable output, List<NDArray> args,
      NDArray expected, double rtol) {
    @Override
    public String toString() {
      return name;
    }

    /** Whether NumPy's answer holds NaN or ±inf (DEBUG mode refuses those by design). */
    public boolean nonFinite() {
      if (!expected.dtype().isFloat()) {
        return false;
      }
      return Arrays.stream(expected.toDoubleArray()).anyMatch(v -> !Double.isFinite(v));
    }

    /**
     * Compiles for {@code backend} in {@code mode}, calls, and asserts NumPy's answer, or, for
     * a non-finite answer in DEBUG mode, the DEBUG check's error.
     */
    public void check(String backend, Mode mode) {
      Function f = Theano.function(inputs, List.of(output)).mode(mode).backend(backend).build();
      if (mode == Mode.DEBUG && nonFinite()) {
        assertThatThrownBy(() -> f.call(args.toArray())).isInstanceOf(TheanoException.class)
            .hasMessageContaining("DEBUG check");
        return;
      }
      NDArray got = f.call(args.toArray()).get(0);
      assertSame(name + " on " + backend + " in " + mode, got, expected, rtol);
    }
  }

  /**
   * Same dtype, shape and elements; NaN, infinities and zeros (with their sign) exactly, other
   * floats to the relative tolerance {@code rtol}.
   */
  public static void assertSame(String what, NDArray got, NDArray expected, double rtol) {
    assertThat(got.dtype()).as(what + ": dtype").isEqualTo(expected.dtype());
    assertThat(got.shape()).as(what + ": shape").containsExactly(expected.shape());
    if (!expected.dtype().isFloat()) {
      assertThat(got.toLongArray()).as(what).containsExactly(expected.toLongArray());
      return;
    }
    double[] g = got.toDoubleArray();
    double[] e = expected.toDoubleArray();
    for (int i = 0; i < e.length; i++) {
      boolean ok;
      if (Double.isNaN(e[i]) || e[i] == 0 || Double.isInfinite(e[i])) {
        ok = Double.compare(g[i], e[i]) == 0;
      } else {
        ok = Math.abs(g[i] - e[i]) <= rtol * Math.abs(e[i]);
      }
      assertThat(ok).as(what + ": element " + i + " is " + g[i] + ", NumPy gives " + e[i]
          + " (all: " + Arrays.toString(g) + ")").isTrue();
    }
  }

  /** Floats within 2 ulps of float32 (the cuda-interp lane rounds each step to float). */
  private static final double RTOL = 2.5e-7;

  private static Case of(String name, Supplier<Variable> out, List<Variable> ins,
      List<NDArray> args, NDArray expected) {
    return of(name, out, ins, args, expected, RTOL);
  }

  private static Case of(String name, Supplier<Variable> out, List<Variable> ins,
      List<NDArray> args, NDArray expected, double rtol) {
    return new Case(name, ins, out.get(), args, expected, rtol);
  }

  /** JUnit arguments (mode, case) for every case in each of {@code modes}. */
  public static Stream<Arguments> inModes(Mode... modes) {
    List<Arguments> out = new ArrayList<>();
    for (Mode mode : modes) {
      for (Case c : all()) {
        out.add(Arguments.of(mode, c));
      }
    }
    return out.stream();
  }

  public static List<Case> all() {
    List<Case> c = new ArrayList<>();
    {
      // np.log(1/(1+np.exp(-np.float32([5, 0])))) -> [-0.00671535, -0.6931472]
      Variable x = T.tensor(DType.UINT8, new int[] {-1}, "x");
      // Unstabilised (FAST_COMPILE, DEBUG), log of sigmoid(5) rounded to float32 (one ulp
      // 6e-8 near 1) is -0.00671532: 4e-6 relative, what the stabilisation exists to avoid.
      c.add(of("1 log(sigmoid(uint8))", () -> T.log(T.sigmoid(x)), List.of(x),
          List.of(NDArray.ofUnsigned(new byte[] {5, 0}, 2)),
          NDArray.of(new float[] {-0.0067153485f, -0.6931472f}, 2), 1e-5));
    }
    {
      // (np.float32([0, 1]) * np.float32(1e20)) * np.float32(1e38) -> [0, inf]
      Variable x = T.tensor(DType.FLOAT32, new int[] {-1}, "x");
      c.add(of("2 (x*1e20)*1e38 float32", () -> x.mul(1e20).mul(1e38), List.of(x),
          List.of(NDArray.of(new float[] {0, 1}, 2)),
          NDArray.of(new float[] {0, Float.POSITIVE_INFINITY}, 2)));
      // (np.float32([3]) * np.float32(0.1)) * np.float32(3) -> 0.90000004; the product of
      // the constants rounded to float32 is 0.3 (inexact), and 3 * 0.3f = 0.90000004 too,
      // but 1e-30 * 1e-30 underflows: (np.float32([1e20]) * 1e-30) * 1e-30 -> 1e-40
      Variable y = T.tensor(DType.FLOAT32, new int[] {-1}, "y");
      c.add(of("2 (x*1e-30)*1e-30 float32 stays subnormal", () -> y.mul(1e-30).mul(1e-30),
          List.of(y), List.of(NDArray.of(new float[] {1e20f, 2}, 2)),
          NDArray.of(new float[] {1e-40f, 0}, 2)));
    }
    {
      // np.log(np.uint8([255, 3]) + np.uint8(1)) -> [-inf, 1.3862944] (1 + 255 wraps to 0)
      Variable x = T.tensor(DType.UINT8, new int[] {-1}, "x");
      c.add(of("3 log(x+1) uint8", () -> T.log(x.add(1)), List.of(x),
          List.of(NDArray.ofUnsigned(new byte[] {(byte) 255, 3}, 2)),
          NDArray.of(new float[] {Float.NEGATIVE_INFINITY, 1.3862944f}, 2)));
    }
    {
      // np.power([1., -1, 1, -1, 2, np.nan], [np.inf, np.inf, np.nan, -np.inf, np.nan, 0])
      // -> [1, 1, 1, 1, nan, 1]
      Variable a = T.tensor(DType.FLOAT64, new int[] {-1}, "a");
      Variable b = T.tensor(DType.FLOAT64, new int[] {-1}, "b");
      double inf = Double.POSITIVE_INFINITY;
      c.add(of("4 pow C99 special cases", () -> T.pow(a, b), List.of(a, b),
          List.of(NDArray.of(new double[] {1, -1, 1, -1, 2, Double.NaN}, 6),
              NDArray.of(new double[] {inf, inf, Double.NaN, -inf, Double.NaN, 0}, 6)),
          NDArray.of(new double[] {1, 1, 1, 1, Double.NaN, 1}, 6)));
      Variable f = T.tensor(DType.FLOAT32, new int[] {-1}, "f");
      // np.power(np.float32([1, -1]), np.float32([np.nan, -np.inf])) -> [1, 1]
      c.add(of("4 pow float32 base 1 and -1", () -> T.pow(f, T.constant(NDArray.of(
              new float[] {Float.NaN, Float.NEGATIVE_INFINITY}, 2))), List.of(f),
          List.of(NDArray.of(new float[] {1, -1}, 2)), NDArray.of(new float[] {1, 1}, 2)));
    }
    {
      // np.clip(np.array([0.5, 3.0]), np.nan, 1.0) -> [nan, nan] (NumPy 2.4: a NaN bound
      // propagates), np.clip(np.array([np.nan, 3.0]), 0.0, 1.0) -> [nan, 1.0]
      Variable x = T.tensor(DType.FLOAT64, new int[] {-1}, "x");
      c.add(of("5 clip(x, NaN, 1)", () -> T.clip(x, Double.NaN, 1.0), List.of(x),
          List.of(NDArray.of(new double[] {0.5, 3}, 2)),
          NDArray.of(new double[] {Double.NaN, Double.NaN}, 2)));
      Variable y = T.tensor(DType.FLOAT64, new int[] {-1}, "y");
      c.add(of("5 clip(NaN, 0, 1)", () -> T.clip(y, 0.0, 1.0), List.of(y),
          List.of(NDArray.of(new double[] {Double.NaN, 3}, 2)),
          NDArray.of(new double[] {Double.NaN, 1}, 2)));
    }
    {
      // 1 / np.mod([-4.0, 4.0, -0.0], [2.0, -2.0, 2.0]) -> [inf, -inf, inf]
      Variable a = T.tensor(DType.FLOAT64, new int[] {-1}, "a");
      Variable b = T.tensor(DType.FLOAT64, new int[] {-1}, "b");
      c.add(of("6 1/mod signed zero", () -> T.trueDiv(1.0, T.mod(a, b)), List.of(a, b),
          List.of(NDArray.of(new double[] {-4, 4, -0.0}, 3), NDArray.of(new double[] {2, -2, 2}, 3)),
          NDArray.of(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
              Double.POSITIVE_INFINITY}, 3)));
      // np.array([1.0, -1.0]) / -0.0 -> [-inf, inf]
      Variable x = T.tensor(DType.FLOAT64, new int[] {-1}, "x");
      c.add(of("6 x / -0.0", () -> x.div(-0.0), List.of(x),
          List.of(NDArray.of(new double[] {1, -1}, 2)),
          NDArray.of(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}, 2)));
      // np.array([-0.0, 1.0]) + 0.0 -> [0., 1.]; np.array([-0.0, 1.0]) - (-0.0) -> [0., 1.]
      // (the identity of + is -0.0, of - it is +0.0: add-zero must not drop these)
      Variable z = T.tensor(DType.FLOAT64, new int[] {-1}, "z");
      c.add(of("6 -0.0 + 0.0", () -> z.add(0.0), List.of(z),
          List.of(NDArray.of(new double[] {-0.0, 1}, 2)), NDArray.of(new double[] {0.0, 1}, 2)));
      Variable w = T.tensor(DType.FLOAT64, new int[] {-1}, "w");
      c.add(of("6 -0.0 - -0.0", () -> w.sub(-0.0), List.of(w),
          List.of(NDArray.of(new double[] {-0.0, 1}, 2)), NDArray.of(new double[] {0.0, 1}, 2)));
      // np.full(2, -0.0, np.float32) + np.float32(-0.0) -> [-0., -0.]
      Variable y = T.tensor(DType.FLOAT32, new int[] {-1}, "y");
      c.add(of("6 -0.0 + -0.0", () -> y.add(-0.0), List.of(y),
          List.of(NDArray.full(DType.FLOAT32, -0.0, 2)), NDArray.of(new float[] {-0f, -0f}, 2)));
    }
    {
      // (-np.zeros((3, 0), np.int64))[2] -> array([], dtype=int64)
      Variable x = T.tensor(DType.INT64, new int[] {-1, -1}, "x");
      c.add(of("7 neg(x)[2] of (3, 0)", () -> T.neg(x).get(2), List.of(x),
          List.of(NDArray.zeros(DType.INT64, 3, 0)), NDArray.zeros(DType.INT64, 0)));
    }
    {
      // np.zeros((2, 0), np.int64) @ np.zeros(0, np.int64) -> [0, 0]
      Variable a = T.tensor(DType.INT64, new int[] {-1, -1}, "a");
      Variable b = T.tensor(DType.INT64, new int[] {-1}, "b");
      c.add(of("8 int dot (2,0).(0,)", () -> T.dot(a, b), List.of(a, b),
          List.of(NDArray.zeros(DType.INT64, 2, 0), NDArray.zeros(DType.INT64, 0)),
          NDArray.zeros(DType.INT64, 2)));
      Variable p = T.tensor(DType.INT32, new int[] {-1, -1}, "p");
      Variable q = T.tensor(DType.INT32, new int[] {-1, -1}, "q");
      c.add(of("8 int dot (2,0).(0,3)", () -> T.dot(p, q), List.of(p, q),
          List.of(NDArray.zeros(DType.INT32, 2, 0), NDArray.zeros(DType.INT32, 0, 3)),
          NDArray.zeros(DType.INT32, 2, 3)));
    }
    {
      // np.arange(3.).reshape(3, 1, 1).reshape(-1, 3) -> [[0, 1, 2]]
      Variable x = T.tensor(DType.FLOAT64, new int[] {-1}, "x");
      c.add(of("9 reshape(reshape(x, 3, 1, 1), -1, 3)", () -> x.reshape(3, 1, 1).reshape(-1, 3),
          List.of(x), List.of(NDArray.of(new double[] {0, 1, 2}, 3)),
          NDArray.of(new double[] {0, 1, 2}, 1, 3)));
    }
    {
      // np.array([[1., 2]]) @ [[1, 2], [3, 4]] + [[0, 1], [2, 3], [4, 5]]
      // -> [[7, 11], [9, 13], [11, 15]]
      Variable a = T.tensor(DType.FLOAT64, new int[] {1, -1}, "a");
      Variable b = T.tensor(DType.FLOAT64, new int[] {-1, -1}, "b");
      Variable cc = T.tensor(DType.FLOAT64, new int[] {3, 2}, "c");
      c.add(of("10 dot(a(1,?), b) + c(3,2)", () -> T.dot(a, b).add(cc), List.of(a, b, cc),
          List.of(NDArray.of(new double[] {1, 2}, 1, 2), NDArray.of(new double[] {1, 2, 3, 4}, 2, 2),
              NDArray.of(new double[] {0, 1, 2, 3, 4, 5}, 3, 2)),
          NDArray.of(new double[] {7, 11, 9, 13, 11, 15}, 3, 2)));
    }
    {
      // np.zeros((2, 0, 2)) @ np.ones((2, 3)) -> zeros of shape (2, 0, 3)
      Variable a = T.tensor(DType.FLOAT64, new int[] {-1, -1, -1}, "a");
      Variable b = T.tensor(DType.FLOAT64, new int[] {-1, -1}, "b");
      c.add(of("11 dot (2,0,2).(2,3)", () -> T.dot(a, b), List.of(a, b),
          List.of(NDArray.zeros(DType.FLOAT64, 2, 0, 2), NDArray.ones(DType.FLOAT64, 2, 3)),
          NDArray.zeros(DType.FLOAT64, 2, 0, 3)));
    }
    {
      // np.zeros((2, 0)).flatten() -> shape (0,); .reshape(0, 7) -> shape (0, 7)
      Variable x = T.tensor(DType.FLOAT32, new int[] {-1, -1}, "x");
      c.add(of("12 flatten of (2, 0)", () -> x.flatten(), List.of(x),
          List.of(NDArray.zeros(DType.FLOAT32, 2, 0)), NDArray.zeros(DType.FLOAT32, 0)));
      Variable y = T.tensor(DType.FLOAT32, new int[] {-1, -1}, "y");
      c.add(of("12 reshape (2, 0) to (0, 7)", () -> y.reshape(0, 7), List.of(y),
          List.of(NDArray.zeros(DType.FLOAT32, 2, 0)), NDArray.zeros(DType.FLOAT32, 0, 7)));
    }
    {
      // NumPy's float floor division (npy_divmod): np.floor_divide([-6., 6, 6, -0., 7, -7, 0],
      // [np.inf, -np.inf, np.inf, 5, 2, 2, -3]) -> [-1, -1, 0, -0., 3, -4, -0.]
      // (Java's floor(a / b) gave -0.0 for -6 // inf and 6 // -inf)
      Variable a = T.tensor(DType.FLOAT64, new int[] {-1}, "a");
      Variable b = T.tensor(DType.FLOAT64, new int[] {-1}, "b");
      double inf = Double.POSITIVE_INFINITY;
      c.add(of("13 floor division by inf, signed zeros", () -> T.intDiv(a, b), List.of(a, b),
          List.of(NDArray.of(new double[] {-6, 6, 6, -0.0, 7, -7, 0}, 7),
              NDArray.of(new double[] {inf, -inf, inf, 5, 2, 2, -3}, 7)),
          NDArray.of(new double[] {-1, -1, 0, -0.0, 3, -4, -0.0}, 7)));
      // np.floor_divide(np.int32([-6, 6]), np.float32([np.inf, -np.inf])) -> float64 [-1, -1]
      Variable i = T.tensor(DType.INT32, new int[] {-1}, "i");
      Variable f = T.tensor(DType.FLOAT32, new int[] {-1}, "f");
      c.add(of("13 int32 // float32 by inf", () -> T.intDiv(i, f), List.of(i, f),
          List.of(NDArray.of(new int[] {-6, 6}, 2),
              NDArray.of(new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}, 2)),
          NDArray.of(new double[] {-1, -1}, 2)));
      // np.floor_divide(np.float32([-6, 6, -0., 7.5, -7.5]), np.float32([np.inf, -np.inf, 5,
      // 2, 2])) -> float32 [-1, -1, -0., 3, -4]
      Variable g = T.tensor(DType.FLOAT32, new int[] {-1}, "g");
      Variable h = T.tensor(DType.FLOAT32, new int[] {-1}, "h");
      c.add(of("13 float32 floor division", () -> T.intDiv(g, h), List.of(g, h),
          List.of(NDArray.of(new float[] {-6, 6, -0f, 7.5f, -7.5f}, 5),
              NDArray.of(new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 5, 2,
                  2}, 5)),
          NDArray.of(new float[] {-1, -1, -0f, 3, -4}, 5)));
      // np.floor_divide([5., -6, 0], [-0., -0., 0.]) -> [-inf, inf, nan] (a / b)
      Variable x = T.tensor(DType.FLOAT64, new int[] {-1}, "x");
      Variable y = T.tensor(DType.FLOAT64, new int[] {-1}, "y");
      c.add(of("13 floor division by signed zeros", () -> T.intDiv(x, y), List.of(x, y),
          List.of(NDArray.of(new double[] {5, -6, 0}, 3), NDArray.of(new double[] {-0.0, -0.0,
              0.0}, 3)),
          NDArray.of(new double[] {-inf, inf, Double.NaN}, 3)));
    }
    {
      // np.sign([-0., 0., -2.5, 3.]) -> [0., 0., -1., 1.] (+0.0 for both zeros; Java's
      // Math.signum keeps -0.0); np.sign(np.float32([-0., -1.])) -> [0., -1.]
      Variable x = T.tensor(DType.FLOAT64, new int[] {-1}, "x");
      c.add(of("14 sign of -0.0 is +0.0", () -> T.sign(x), List.of(x),
          List.of(NDArray.of(new double[] {-0.0, 0.0, -2.5, 3}, 4)),
          NDArray.of(new double[] {0.0, 0.0, -1, 1}, 4)));
      Variable y = T.tensor(DType.FLOAT32, new int[] {-1}, "y");
      c.add(of("14 float32 sign of -0.0", () -> T.sign(y), List.of(y),
          List.of(NDArray.of(new float[] {-0f, -1}, 2)), NDArray.of(new float[] {0f, -1}, 2)));
      // np.sign([np.nan]) -> [nan]
      Variable z = T.tensor(DType.FLOAT64, new int[] {-1}, "z");
      c.add(of("14 sign of NaN", () -> T.sign(z), List.of(z),
          List.of(NDArray.of(new double[] {Double.NaN}, 1)),
          NDArray.of(new double[] {Double.NaN}, 1)));
    }
    {
      // A sum starts from +0.0 in NumPy too: np.sum([[-0., -0.]], axis=1) -> [0.] (+0.0),
      // np.sum(np.float32([-0.])) -> 0.0, np.mean([-0., -0.]) -> 0.0 (NumPy 2.4)
      Variable x = T.tensor(DType.FLOAT64, new int[] {-1, -1}, "x");
      c.add(of("15 sum of -0.0 is +0.0", () -> T.sum(x, 1), List.of(x),
          List.of(NDArray.of(new double[] {-0.0, -0.0}, 1, 2)), NDArray.of(new double[] {0.0}, 1)));
      Variable y = T.tensor(DType.FLOAT32, new int[] {-1}, "y");
      c.add(of("15 float32 sum of -0.0", () -> T.sum(y), List.of(y),
          List.of(NDArray.of(new float[] {-0f}, 1)), NDArray.of(new float[] {0f})));
      Variable z = T.tensor(DType.FLOAT64, new int[] {-1}, "z");
      c.add(of("15 mean of -0.0", () -> T.mean(z), List.of(z),
          List.of(NDArray.of(new double[] {-0.0, -0.0}, 2)), NDArray.of(new double[] {0.0})));
    }
    return c;
  }
}
