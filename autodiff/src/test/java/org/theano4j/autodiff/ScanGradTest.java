package org.theano4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.random.RandomStreams;
import org.theano4j.scan.Scan;
import org.theano4j.tensor.T;

/** Backpropagation through time, checked against finite differences in float64. */
class ScanGradTest {
  static NDArray rand(Random r, double scale, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (r.nextDouble() * 2 - 1) * scale;
    }
    return NDArray.of(v, shape);
  }

  /** h_t = tanh(x_t W + h_{t-1} U): w.r.t. the sequence, the initial state and both weights. */
  @Test
  void tanhRnn() {
    Random r = new Random(3);
    GradCheck.verify(v -> Scan.scan(a -> List.of(T.tanh(T.dot(a.get(0), a.get(2))
            .add(T.dot(a.get(1), a.get(3))))), List.of(v.get(0)), List.of(v.get(1)),
            List.of(v.get(2), v.get(3))).output(0),
        List.of(rand(r, 1, 5, 2, 3), rand(r, 1, 2, 4), rand(r, 0.7, 3, 4), rand(r, 0.7, 4, 4)));
  }

  /** Taps -2 and -1 on an output and a sequence: w.r.t. both initial rows. */
  @Test
  void outputTapsMinusTwoAndMinusOne() {
    Random r = new Random(4);
    GradCheck.verify(v -> Scan.scan(a -> List.of(T.tanh(a.get(1).mul(a.get(3))
            .add(T.sin(a.get(2))).add(a.get(0)))),
            List.of(v.get(0)), List.of(Scan.taps(v.get(1), -2, -1)), List.of(v.get(2)))
            .output(0),
        List.of(rand(r, 1, 6, 3), rand(r, 1, 2, 3), rand(r, 1, 3)));
  }

  /** Taps -3 and -1 (a gap) with an initial value of 3 rows, and sequence taps -1, 0, 1. */
  @Test
  void sparseOutputTapsAndSequenceTaps() {
    Random r = new Random(5);
    GradCheck.verify(v -> Scan.scan(a -> List.of(
            T.tanh(a.get(0).mul(a.get(1)).add(a.get(2)).add(a.get(3).mul(a.get(4)))),
            a.get(1).mul(a.get(5)).sum()),
            List.of(Scan.taps(v.get(0), -1, 0, 1)),
            Arrays.asList(Scan.taps(v.get(1), -3, -1), null), List.of(v.get(2))).output(0)
            .sum().add(0),
        List.of(rand(r, 1, 7, 2), rand(r, 1, 3, 2), rand(r, 1, 2)));
  }

  /**
   * A weight used by two dots ({@code x_t W}, {@code h W}: terms {@code Aᵀ·B} summed after the
   * loop by one GEMM), once as {@code h Wᵀ} (a term carried as a running sum), and a bias
   * (summed after the loop by one reduction): finite differences, the unrolled graph's
   * gradient, and the backward scan carries no running sum for the bias.
   */
  @Test
  void nonSequenceGradientsSummedAfterTheLoop() {
    Random r = new Random(11);
    java.util.function.Function<List<Variable>, Variable> step = a -> T.tanh(
        T.dot(a.get(0), a.get(2)).add(T.dot(a.get(1), a.get(2)))
            .add(T.dot(a.get(1), a.get(2).T()).mul(0.5)).add(a.get(3)));
    List<NDArray> point = List.of(rand(r, 1, 5, 2, 3), rand(r, 1, 2, 3), rand(r, 0.6, 3, 3),
        rand(r, 0.5, 3));
    GradCheck.verify(v -> Scan.scan(a -> List.of(step.apply(a)), List.of(v.get(0)),
        List.of(v.get(1)), List.of(v.get(2), v.get(3))).output(0).sum(), point);
    Variable x = T.dtensor3("x");
    Variable h0 = T.dmatrix("h0");
    Variable w = T.dmatrix("w");
    Variable b = T.dvector("b");
    Variable scanCost = Scan.scan(a -> List.of(step.apply(a)), List.of(x), List.of(h0),
        List.of(w, b)).output(0).sum();
    Variable unrolledCost = null;
    Variable h = h0;
    for (int t = 0; t < 5; t++) {
      h = step.apply(List.of(x.get(t), h, w, b));
      unrolledCost = unrolledCost == null ? h.sum() : unrolledCost.add(h.sum());
    }
    List<Variable> all = List.of(x, h0, w, b);
    List<NDArray> viaScan = Theano.function(all, Grad.grad(scanCost, all)).build()
        .call(point.toArray());
    List<NDArray> viaUnrolled = Theano.function(all, Grad.grad(unrolledCost, all)).build()
        .call(point.toArray());
    for (int i = 0; i < all.size(); i++) {
      double[] got = viaScan.get(i).toDoubleArray();
      double[] want = viaUnrolled.get(i).toDoubleArray();
      for (int j = 0; j < want.length; j++) {
        assertEquals(want[j], got[j], 1e-12, "gradient " + i + " at " + j);
      }
    }
    // the backward scan feeds back h's gradient and the running sum of W's h·Wᵀ term; the
    // bias and W's two dot terms are summed after the loop
    org.theano4j.tensor.ScanOp back = null;
    for (org.theano4j.graph.Apply a : org.theano4j.graph.Graphs.toposort(
        List.of(Grad.grad(scanCost, b)))) {
      if (a.op() instanceof org.theano4j.tensor.ScanOp so && so.name().endsWith("_grad")) {
        back = so;
      }
    }
    assertTrue(back != null, "no backward scan");
    int fedBack = 0;
    for (int o = 0; o < back.nOuts(); o++) {
      fedBack += back.outTaps(o).length > 0 ? 1 : 0;
    }
    assertEquals(2, fedBack, "fed-back outputs of the backward scan");
  }

  /** A non-sequence weight matrix used by two outputs, one not fed back. */
  @Test
  void nonSequenceWeightMatrix() {
    Random r = new Random(6);
    GradCheck.verify(v -> {
      Scan.Result s = Scan.scan(a -> List.of(T.tanh(T.dot(a.get(1), a.get(2)).add(a.get(0))),
          T.sqr(T.dot(a.get(0), a.get(2))).sum()), List.of(v.get(0)),
          Arrays.asList(v.get(1), null), List.of(v.get(2)));
      return s.output(0).sum().add(s.output(1).sum());
    }, List.of(rand(r, 1, 4, 3), rand(r, 1, 3), rand(r, 0.8, 3, 3)));
  }

  /** goBackwards: the gradient reaches the sequence's rows in their own order. */
  @Test
  void goBackwards() {
    Random r = new Random(7);
    GradCheck.verify(v -> Scan.builder().sequences(v.get(0)).outputsInfo(v.get(1))
            .nonSequences(v.get(2)).goBackwards(true)
            .fn(a -> List.of(T.tanh(a.get(1).mul(a.get(2)).add(a.get(0))))).build().output(0),
        List.of(rand(r, 1, 5, 2), rand(r, 1, 2), rand(r, 1, 2)));
  }

  /** A symbolic number of steps shorter than the sequence: the rows not read get zero. */
  @Test
  void fewerStepsThanRows() {
    Random r = new Random(8);
    GradCheck.verify(v -> Scan.scan(a -> List.of(T.tanh(a.get(1).add(a.get(0)))),
            List.of(v.get(0)), List.of(v.get(1)), List.of(), 3).output(0),
        List.of(rand(r, 1, 6, 2), rand(r, 1, 2)));
  }

  /**
   * truncateGradient(k) against a hand-derived truncated gradient of h_t = tanh(w h_{t-1} +
   * x_t), cost sum(h): only the last k steps are backpropagated.
   */
  @Test
  void truncatedGradientMatchesADirectLoop() {
    int steps = 8;
    int k = 3;
    Random r = new Random(9);
    double[] xs = rand(r, 1, steps).toDoubleArray();
    double w = 0.8;
    double h0 = 0.3;
    double[] h = new double[steps + 1];
    h[0] = h0;
    for (int t = 0; t < steps; t++) {
      h[t + 1] = Math.tanh(w * h[t] + xs[t]);
    }
    double[] dx = new double[steps];
    double dw = 0;
    double carry = 0;
    for (int t = steps - 1; t >= steps - k; t--) {
      double g = 1 + carry;                          // dcost/dh_t within the window
      double pre = g * (1 - h[t + 1] * h[t + 1]);    // through tanh
      dx[t] = pre;
      dw += pre * h[t];
      carry = pre * w;
    }
    Variable x = T.dvector("x");
    Variable hInit = T.dscalar("h0");
    Variable wv = T.dscalar("w");
    Scan.Result s = Scan.builder().sequences(x).outputsInfo(hInit).nonSequences(wv)
        .truncateGradient(k).fn(a -> List.of(T.tanh(a.get(1).mul(a.get(2)).add(a.get(0)))))
        .build();
    Variable cost = s.output(0).sum();
    List<Variable> g = Grad.grad(cost, List.of(x, hInit, wv));
    List<NDArray> out = Theano.function(List.of(x, hInit, wv), g).build()
        .call(xs, h0, w);
    double[] gx = out.get(0).toDoubleArray();
    for (int t = 0; t < steps; t++) {
      assertEquals(dx[t], gx[t], 1e-12, "dx[" + t + "]");
    }
    assertEquals(0.0, out.get(1).getDouble(), "h0 is beyond the window");
    assertEquals(dw, out.get(2).getDouble(), 1e-12);
    // a window longer than the loop: the full gradient, checked by finite differences
    GradCheck.verify(v -> Scan.builder().sequences(v.get(0)).outputsInfo(v.get(1))
            .nonSequences(v.get(2)).truncateGradient(50)
            .fn(a -> List.of(T.tanh(a.get(1).mul(a.get(2)).add(a.get(0))))).build().output(0),
        List.of(rand(r, 1, 4), rand(r, 1), rand(r, 1)));
  }

  /** A shared weight used inside the loop (an implicit non-sequence): grad w.r.t. it. */
  @Test
  void sharedVariableUsedInside() {
    Random r = new Random(10);
    NDArray w0 = rand(r, 0.8, 3, 3);
    SharedVariable wShared = Theano.shared(w0, "W");
    Variable x = T.dmatrix("x");
    Variable hInit = T.dvector("h0");
    Scan.Result s = Scan.scan(a -> List.of(T.tanh(T.dot(a.get(1), wShared).add(a.get(0)))),
        List.of(x), List.of(hInit), List.of());
    Variable cost = s.output(0).sum();
    Function gf = Theano.function(List.of(x, hInit), List.of(Grad.grad(cost, wShared)))
        .build();
    Function cf = Theano.function(List.of(x, hInit), List.of(cost)).build();
    NDArray xv = rand(r, 1, 4, 3);
    NDArray hv = rand(r, 1, 3);
    double[] analytic = gf.call(xv, hv).get(0).toDoubleArray();
    double eps = 1e-6;
    for (int i = 0; i < 9; i++) {
      double[] wp = w0.toDoubleArray();
      wp[i] += eps;
      wShared.setValue(NDArray.of(wp, 3, 3));
      double up = cf.call(xv, hv).get(0).getDouble();
      wp[i] -= 2 * eps;
      wShared.setValue(NDArray.of(wp, 3, 3));
      double down = cf.call(xv, hv).get(0).getDouble();
      assertEquals((up - down) / (2 * eps), analytic[i], 1e-6, "dW[" + i + "]");
    }
  }

  /** until's condition is not differentiated; the gradient covers the steps run. */
  @Test
  void untilIsDisconnected() {
    Random r = new Random(11);
    GradCheck.verify(v -> Scan.builder().sequences(v.get(0)).outputsInfo(v.get(1))
            .step(a -> {
              Variable h = T.tanh(a.get(1).add(a.get(0)));
              return Scan.Step.of(h).until(T.constant(NDArray.scalar(false)));
            }).build().output(0),
        List.of(rand(r, 1, 4, 2), rand(r, 1, 2)));
  }

  /** until stopping early: the gradient covers the 3 steps run; later rows get zero. */
  @Test
  void untilStoppingEarly() {
    Random r = new Random(13);
    Variable stop = T.constant(NDArray.of(new long[] {0, 0, 1, 0, 0}, 5));
    GradCheck.verify(v -> Scan.builder().sequences(v.get(0), stop).outputsInfo(v.get(1))
            .nonSequences(v.get(2))
            .step(a -> Scan.Step.of(T.tanh(a.get(2).mul(a.get(3)).add(a.get(0))))
                .until(a.get(1).gt(0))).build().output(0),
        List.of(rand(r, 1, 5, 2), rand(r, 1, 2), rand(r, 1, 2)));
    Variable x = T.dmatrix("x");
    Variable h0 = T.dvector("h0");
    Scan.Result s = Scan.builder().sequences(x, stop).outputsInfo(h0)
        .step(a -> Scan.Step.of(T.tanh(a.get(2).add(a.get(0)))).until(a.get(1).gt(0))).build();
    List<NDArray> out = Theano.function(List.of(x, h0), List.of(s.output(0),
        Grad.grad(s.output(0).sum(), x))).build().call(rand(r, 1, 5, 2), rand(r, 1, 2));
    assertEquals(3, out.get(0).shape(0));
    double[] gx = out.get(1).toDoubleArray();
    for (int i = 6; i < 10; i++) {
      assertEquals(0.0, gx[i], "row " + i / 2 + " was not read");
    }
    assertTrue(Math.abs(gx[0]) > 0);
  }

  /** The backward scan is a scan: its gradient (a second derivative) is this rule again. */
  @Test
  void gradientOfTheGradient() {
    Random r = new Random(12);
    GradCheck.verify(v -> {
      Variable h = Scan.scan(a -> List.of(T.tanh(a.get(1).mul(a.get(2)).add(a.get(0)))),
          List.of(v.get(0)), List.of(v.get(1)), List.of(v.get(2))).output(0);
      return Grad.grad(T.sqr(h).sum(), v.get(2)).add(0);
    }, List.of(rand(r, 1, 4), rand(r, 1), rand(r, 1)));
  }

  /**
   * Random draws inside the step: the backward step redraws the forward's numbers from the
   * states recomputed per step. Checked against central differences with the draws fixed
   * (the stream reseeded before every call), and
   * {@code d sum(x_t * u_t) / dx = u}, the very draws of the forward pass.
   */
  @Test
  void randomDrawsInsideAreDifferentiated() {
    Random r = new Random(17);
    RandomStreams rs = new RandomStreams(1);
    Variable xx = T.dmatrix("x");
    Variable h0 = T.dvector("h0");
    Variable w = T.dvector("w");
    Variable cost = Scan.scan(a -> List.of(T.tanh(a.get(0).mul(rs.uniform(new int[] {2}, 0.5,
        1.5, DType.FLOAT64)).add(a.get(1).mul(a.get(2))))), List.of(xx), List.of(h0),
        List.of(w)).output(0).sum();
    Function fc = Theano.function(List.of(xx, h0, w), List.of(cost)).build();
    Function fg = Theano.function(List.of(xx, h0, w), Grad.grad(cost, List.of(xx, h0, w)))
        .build();
    List<NDArray> point = List.of(rand(r, 1, 4, 2), rand(r, 1, 2), rand(r, 1, 2));
    rs.seed(5);
    List<NDArray> analytic = fg.call(point.toArray());
    double eps = 1e-6;
    for (int k = 0; k < point.size(); k++) {
      double[] base = point.get(k).toDoubleArray();
      for (int i = 0; i < base.length; i++) {
        double[] c = new double[2];
        for (int side = 0; side < 2; side++) {
          double[] moved = base.clone();
          moved[i] += side == 0 ? eps : -eps;
          Object[] args = point.toArray();
          args[k] = NDArray.of(moved, point.get(k).shape());
          rs.seed(5); // the same draws as the analytic gradient's call
          c[side] = fc.call(args).get(0).getDouble();
        }
        assertEquals((c[0] - c[1]) / (2 * eps), analytic.get(k).toDoubleArray()[i], 1e-7,
            "input " + k + " at " + i);
      }
    }
    Variable x = T.dmatrix("x");
    Scan.Result s = Scan.scan(a -> List.of(a.get(0).mul(rs.uniform(new int[] {2}, 0, 1,
        DType.FLOAT64))), List.of(x), Arrays.asList((Object) null), List.of());
    NDArray xv = rand(r, 1, 5, 2);
    List<NDArray> out = Theano.function(List.of(x), List.of(s.output(0),
        Grad.grad(s.output(0).sum(), x))).build().call(xv);
    double[] y = out.get(0).toDoubleArray();
    double[] g = out.get(1).toDoubleArray();
    double[] xs = xv.toDoubleArray();
    java.util.Set<Double> distinct = new java.util.HashSet<>();
    for (int i = 0; i < y.length; i++) {
      assertEquals(y[i] / xs[i], g[i], 1e-12, "gradient " + i + " is the forward's draw");
      distinct.add(g[i]);
    }
    assertEquals(y.length, distinct.size(), "a new draw per element and step");
  }

  /** A state whose next value reads a sequence cannot be recomputed: refused, named. */
  @Test
  void stateReadingASequenceRefusesTheGradient() {
    SharedVariable acc = Theano.shared(NDArray.scalar(0.0), "acc");
    Variable x = T.dvector("x");
    Scan.Result s = Scan.builder().sequences(x).outputsInfo(Arrays.asList((Object) null))
        .step(a -> Scan.Step.of(a.get(0).mul(acc))
            .updates(java.util.Map.of(acc, acc.add(a.get(0))))).build();
    TheanoException e = assertThrows(TheanoException.class,
        () -> Grad.grad(s.output(0).sum(), x));
    assertTrue(e.getMessage().contains("'acc'") && e.getMessage().contains(
        "whose next value depends on the step's sequences or outputs"), e.getMessage());
  }

}
