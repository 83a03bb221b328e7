package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.T;

/**
 * {@code Theano.function(...).fastMath(true)} end to end: compiled float32 transcendentals,
 * alone and fused, are within the documented bound ({@link FastFloatPassesTest#BOUND_ULPS})
 * of the default function's results and do differ from them somewhere (the fast loops are
 * used), in a scan's step too; float64 results, integer ops and the functions without fast
 * loops are bit for bit the default's. (A backend without fast math refusing the option:
 * {@code CudaFastMathTest} in codegen-cuda.)
 */
class FastMathTest {
  private static final List<Scalar> FAST = List.of(Scalar.EXP, Scalar.EXPM1, Scalar.TANH,
      Scalar.SIGMOID, Scalar.LOG, Scalar.LOG1P, Scalar.SOFTPLUS);

  /** Normal, wide, tiny and special arguments, float32. */
  private static float[] inputs(int n, long seed) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = switch (i % 4) {
        case 0 -> (float) r.nextGaussian();
        case 1 -> (float) (r.nextGaussian() * 30);
        case 2 -> (float) (r.nextDouble() * 200 - 100);
        default -> (float) (r.nextGaussian() * 1e-6);
      };
    }
    float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -1f, 1f, 100f, -100f};
    System.arraycopy(special, 0, a, 0, special.length);
    return a;
  }

  private static List<NDArray> run(List<Variable> outs, Variable x, NDArray arg, boolean fast) {
    Function f = Theano.function(List.of(x), outs).fastMath(fast).build();
    return f.call(arg);
  }

  @Test
  void fastFloat32FunctionsStayWithinTheBoundOfTheDefaultAndAreUsed() {
    Variable x = T.fmatrix("x");
    List<Variable> outs = new ArrayList<>();
    for (Scalar op : FAST) {
      outs.add(T.elemwise(op, x));
    }
    float[] a = inputs(64 * 1100, 1);
    NDArray arg = NDArray.of(a, 64, 1100);
    List<NDArray> exact = run(outs, x, arg, false);
    List<NDArray> fast = run(outs, x, arg, true);
    for (int j = 0; j < FAST.size(); j++) {
      Scalar op = FAST.get(j);
      float[] e = exact.get(j).toFloatArray();
      float[] f = fast.get(j).toFloatArray();
      double bound = FastFloatPassesTest.BOUND_ULPS.get(op) + 0.5; // the default: <= 0.5 ulp
      int differ = 0;
      for (int i = 0; i < a.length; i++) {
        double err = FloatAccuracyTest.ulps(f[i], e[i]);
        assertThat(err).as("fast %s(%s): %s, default %s", op, a[i], f[i], e[i])
            .isLessThanOrEqualTo(bound);
        if (Float.floatToIntBits(f[i]) != Float.floatToIntBits(e[i])) {
          differ++;
        }
        if (FastFloatPassesTest.mustBeExact(e[i])) {
          assertThat(Float.floatToIntBits(f[i])).as("fast %s(%s)", op, a[i])
              .isEqualTo(Float.floatToIntBits(e[i]));
        }
      }
      assertThat(differ).as("elements where fast %s differs from the default", op).isPositive();
    }
  }

  @Test
  void aFusedReductionUsesTheFastLoopsToo() {
    // sum(tanh(x), axis 1) is one FusedReduce node; with fast math its elements are the fast
    // tanh's, summed in the order of the unfused Sum over the fast Elemwise: bit for bit
    Variable x = T.fmatrix("x");
    Variable y = T.sum(T.tanh(x), 1);
    float[] a = inputs(40 * 1500, 3);
    NDArray arg = NDArray.of(a, 40, 1500);
    Function fused = Theano.function(List.of(x), List.of(y)).fastMath(true).build();
    Function unfused = Theano.function(List.of(x), List.of(y)).fastMath(true)
        .excluding("fuse-reduce").build();
    Function exact = Theano.function(List.of(x), List.of(y)).build();
    assertThat(fused.graph().nodes()).anyMatch(
        n -> n.op() instanceof org.theano4j.tensor.FusedReduce);
    assertThat(unfused.graph().nodes()).noneMatch(
        n -> n.op() instanceof org.theano4j.tensor.FusedReduce);
    float[] f = fused.call(arg).get(0).toFloatArray();
    float[] u = unfused.call(arg).get(0).toFloatArray();
    float[] e = exact.call(arg).get(0).toFloatArray();
    int differ = 0;
    for (int i = 0; i < f.length; i++) {
      assertThat(Float.floatToIntBits(f[i])).as("row %s", i)
          .isEqualTo(Float.floatToIntBits(u[i]));
      differ += f[i] != e[i] ? 1 : 0;
    }
    assertThat(differ).as("rows where the fast sum differs from the default").isPositive();
  }

  @Test
  void fusedGraphsUseTheFastLoopsToo() {
    Variable x = T.fvector("x");
    Variable y = T.tanh(x.mul(2)).add(T.exp(x.neg())).mul(0.5);
    float[] a = inputs(5000, 2);
    NDArray arg = NDArray.of(a, a.length);
    Function exactF = Theano.function(List.of(x), List.of(y)).build();
    Function fastF = Theano.function(List.of(x), List.of(y)).fastMath(true).build();
    assertThat(fastF.graph().nodes()).hasSize(exactF.graph().nodes().size());
    float[] e = exactF.call(arg).get(0).toFloatArray();
    float[] f = fastF.call(arg).get(0).toFloatArray();
    int differ = 0;
    for (int i = 0; i < a.length; i++) {
      // two fast functions and three roundings: a few ulps of the larger term
      double scale = Math.max(Math.abs(Math.tanh(2.0 * a[i])), Math.exp(-a[i]));
      double tol = 8 * Math.ulp((float) scale);
      if (Float.isNaN(e[i]) || Float.isInfinite(e[i])) {
        assertThat(Float.floatToIntBits(f[i])).as("at %s", a[i])
            .isEqualTo(Float.floatToIntBits(e[i]));
      } else {
        assertThat((double) f[i]).as("at %s", a[i]).isCloseTo(e[i], Offset.offset(tol));
      }
      differ += f[i] != e[i] ? 1 : 0;
    }
    assertThat(differ).isPositive();
  }

  @Test
  void helperThreadsUseTheFastLoopsToo() {
    Variable x = T.fmatrix("x");
    Function f = Theano.function(List.of(x), List.of(T.tanh(x), T.exp(x))).fastMath(true)
        .build();
    float[] a = inputs(512 * 300, 6);
    NDArray arg = NDArray.of(a, 512, 300);
    List<NDArray> one = f.call(arg);
    float[] tanh1 = one.get(0).toFloatArray();
    float[] exp1 = one.get(1).toFloatArray();
    int before = IntraOpThreads.threads();
    IntraOpThreads.set(2);
    try {
      List<NDArray> two = f.call(arg);
      assertThat(two.get(0).toFloatArray()).isEqualTo(tanh1);
      assertThat(two.get(1).toFloatArray()).isEqualTo(exp1);
    } finally {
      IntraOpThreads.set(before);
    }
  }

  @Test
  void aScanStepRunByTheFunctionUsesTheFastLoops() {
    Variable xs = T.fmatrix("xs");
    Variable h0 = T.fvector("h0");
    // h_t = tanh(x_t + h_(t-1) / 2): a recurrence, so the scan stays a loop over its step
    org.theano4j.scan.Scan.Result r = org.theano4j.scan.Scan.scan(
        v -> List.of(T.tanh(v.get(0).add(v.get(1).mul(0.5)))), List.of(xs), List.of(h0),
        List.of());
    int steps = 40;
    int width = 300;
    float[] x = inputs(steps * width, 5);
    for (int i = 0; i < x.length; i++) {
      x[i] = Float.isFinite(x[i]) ? x[i] : 0.25f; // NaN and inf would run through the state
    }
    Object[] args = {NDArray.of(x, steps, width), NDArray.zeros(org.theano4j.ndarray.DType
        .FLOAT32, width)};
    float[] e = Theano.function(List.of(xs, h0), r.outputs()).build().call(args).get(0)
        .toFloatArray();
    float[] f = Theano.function(List.of(xs, h0), r.outputs()).fastMath(true).build()
        .call(args).get(0).toFloatArray();
    int differ = 0;
    for (int i = 0; i < e.length; i++) {
      // |h| <= 1: each step adds at most ~3 ulps of 1, and the next step halves what it
      // inherits (near 0 the cancellation in x + h/2 makes that large in ulps of the result)
      assertThat((double) Math.abs(f[i] - e[i])).as("element %d", i)
          .isLessThanOrEqualTo(8 * Math.ulp(1f));
      differ += f[i] != e[i] ? 1 : 0;
    }
    assertThat(differ).as("elements where the fast scan differs").isPositive();
  }

  @Test
  void float64IntegerAndOtherFunctionsAreUnchanged() {
    Variable d = T.dvector("d");
    Variable i = T.ivector("i");
    Variable f = T.fvector("f");
    List<Variable> outs = new ArrayList<>();
    for (Scalar op : FAST) {
      outs.add(T.elemwise(op, d));
    }
    outs.add(i.mul(3).add(1));
    outs.add(T.elemwise(Scalar.ERF, f));
    outs.add(T.elemwise(Scalar.SIN, f));
    outs.add(f.mul(f).add(2));
    Random r = new Random(3);
    int n = 3000;
    double[] dv = new double[n];
    int[] iv = new int[n];
    float[] a = inputs(n, 4);
    for (int k = 0; k < n; k++) {
      dv[k] = r.nextGaussian() * 20;
      iv[k] = r.nextInt();
    }
    List<Variable> ins = List.of(d, i, f);
    Object[] args = {NDArray.of(dv, n), NDArray.of(iv, n), NDArray.of(a, n)};
    List<NDArray> exact = Theano.function(ins, outs).build().call(args);
    List<NDArray> fast = Theano.function(ins, outs).fastMath(true).build().call(args);
    for (int j = 0; j < outs.size(); j++) {
      assertThat(fast.get(j).toDoubleArray()).as("output %d", j)
          .isEqualTo(exact.get(j).toDoubleArray());
    }
  }
}
