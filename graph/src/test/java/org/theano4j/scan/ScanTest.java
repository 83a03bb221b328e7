package org.theano4j.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.compile.Mode;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.random.RandomStreams;
import org.theano4j.tensor.T;

/** Scan's meaning on the JVM backend, each case against a direct float64 loop in Java. */
class ScanTest {
  private static double[] random(Random r, int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = r.nextDouble() * 2 - 1;
    }
    return d;
  }

  private static void assertClose(double[] want, NDArray got) {
    double[] g = got.toDoubleArray();
    assertEquals(want.length, g.length, "size");
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], g[i], 1e-12 * Math.max(1, Math.abs(want[i])), "element " + i);
    }
  }

  /** h_t = tanh(x_t W + h_{t-1} U + b), x (steps, batch, in), in every mode. */
  @Test
  void tanhRnnMatchesADirectLoop() {
    int steps = 7, batch = 3, nin = 4, hid = 5;
    Random rnd = new Random(1);
    double[] xs = random(rnd, steps * batch * nin), w = random(rnd, nin * hid),
        u = random(rnd, hid * hid), b = random(rnd, hid), h0 = random(rnd, batch * hid);
    double[] want = new double[steps * batch * hid];
    double[] h = h0.clone();
    for (int t = 0; t < steps; t++) {
      double[] nh = new double[batch * hid];
      for (int i = 0; i < batch; i++) {
        for (int j = 0; j < hid; j++) {
          double s = b[j];
          for (int k = 0; k < nin; k++) {
            s += xs[(t * batch + i) * nin + k] * w[k * hid + j];
          }
          for (int k = 0; k < hid; k++) {
            s += h[i * hid + k] * u[k * hid + j];
          }
          nh[i * hid + j] = Math.tanh(s);
        }
      }
      h = nh;
      System.arraycopy(h, 0, want, t * batch * hid, batch * hid);
    }
    Variable x = T.dtensor3("x");
    Variable hInit = T.dmatrix("h0");
    Variable W = T.dmatrix("W"), U = T.dmatrix("U"), bv = T.dvector("b");
    Scan.Result r = Scan.scan(a -> List.of(T.tanh(T.dot(a.get(0), a.get(2))
        .add(T.dot(a.get(1), a.get(3))).add(a.get(4)))), List.of(x), List.of(hInit),
        List.of(W, U, bv));
    for (Mode mode : Mode.values()) {
      Function f = Theano.function(List.of(x, hInit, W, U, bv), r.outputs()).mode(mode).build();
      NDArray out = f.call(NDArray.of(xs, steps, batch, nin), NDArray.of(h0, batch, hid),
          NDArray.of(w, nin, hid), NDArray.of(u, hid, hid), NDArray.of(b, hid)).get(0);
      assertArrayEquals(new int[] {steps, batch, hid}, out.shape(), mode.toString());
      assertClose(want, out);
    }
  }

  /** Taps -2 and -1 on an output: x_t = x_{t-1} + 0.5 x_{t-2}, from rows [x_-2, x_-1]. */
  @Test
  void outputTapsReadTheStepsBefore() {
    Variable init = T.dvector("init");
    Variable n = T.lscalar("n");
    Scan.Result r = Scan.scan(a -> List.of(a.get(1).add(a.get(0).mul(0.5))), List.of(),
        List.of(Scan.taps(init, -2, -1)), List.of(), n);
    Function f = Theano.function(List.of(init, n), r.outputs()).build();
    double[] want = new double[6];
    double xm2 = 1, xm1 = 3;
    for (int t = 0; t < 6; t++) {
      want[t] = xm1 + 0.5 * xm2;
      xm2 = xm1;
      xm1 = want[t];
    }
    assertClose(want, f.call(new double[] {1, 3}, 6L).get(0));
  }

  /**
   * The single tap -1 is Theano's {@code dict(initial=h0, taps=[-1])}: h0 is the state itself
   * (a matrix state from a matrix h0), not a stack of states to read rows from.
   */
  @Test
  void singleTapMinusOneIsThePlainInitialValue() {
    Variable h0 = T.dmatrix("h0");
    Variable n = T.lscalar("n");
    Scan.Result r = Scan.scan(a -> List.of(a.get(0).mul(2).add(1)), List.of(),
        List.of(Scan.taps(h0, -1)), List.of(), n);
    assertEquals(3, r.outputs().get(0).ndim());
    Function f = Theano.function(List.of(h0, n), r.outputs()).build();
    double[] h = {1, -2, 0.5, 3};
    double[] want = new double[3 * 4];
    for (int t = 0; t < 3; t++) {
      for (int k = 0; k < 4; k++) {
        h[k] = 2 * h[k] + 1;
        want[t * 4 + k] = h[k];
      }
    }
    NDArray out = f.call(NDArray.of(new double[] {1, -2, 0.5, 3}, 2, 2), 3L).get(0);
    assertArrayEquals(new int[] {3, 2, 2}, out.shape());
    assertClose(want, out.reshape(12));
  }

  /** Taps -1, 0, 1 on a sequence: steps = rows - 2, step t reads rows t, t+1, t+2. */
  @Test
  void sequenceTapsReadNeighbours() {
    Variable s = T.dvector("s");
    Scan.Result r = Scan.scan(a -> List.of(a.get(0).sub(a.get(1).mul(2)).add(a.get(2))),
        List.of(Scan.taps(s, -1, 0, 1)), Arrays.asList((Object) null), List.of());
    double[] v = {1, 4, 9, 16, 25, 37};
    double[] want = new double[v.length - 2];
    for (int t = 0; t < want.length; t++) {
      want[t] = v[t] - 2 * v[t + 1] + v[t + 2];
    }
    assertClose(want, Theano.function(List.of(s), r.outputs()).build().call(v).get(0));
  }

  /**
   * Outputs that are sequence rows passed through unchanged (the loop copies them from the
   * sequence after the loop): a tap +1 row of a vector and a row of a matrix, beside a computed
   * output, forwards, backwards, with fewer steps than rows, and stopped early by until.
   */
  @Test
  void outputsThatAreSequenceRowsPassedThrough() {
    Variable s = T.dvector("s");
    Variable m = T.dmatrix("m");
    Variable n = T.lscalar("n");
    Variable stop = T.dscalar("stop");
    double[] v = {1, 4, 9, 16, 25, 37};
    double[] mv = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    for (boolean back : new boolean[] {false, true}) {
      Scan.Result r = Scan.builder().sequences(Scan.taps(s, -1, 0, 1), m)
          .outputsInfo(null, null, null).nonSequences(stop).nSteps(n)
          .step(a -> Scan.Step.of(a.get(2), a.get(3), a.get(0).add(a.get(3).sum()))
              .until(a.get(1).eq(a.get(4))))
          .goBackwards(back).build();
      Function f = Theano.function(List.of(s, m, n, stop), r.outputs()).build();
      // steps t = 0 .. 3 read rows t, t+1, t+2 of s (of reversed s backwards) and row t of m
      double[] sv = back ? new double[] {37, 25, 16, 9, 4, 1} : v;
      double[] ms = back ? new double[] {11, 12, 9, 10, 7, 8, 5, 6, 3, 4, 1, 2} : mv;
      for (double limit : new double[] {1e9, back ? 16 : 9}) {
        int steps = limit == 1e9 ? 3 : 2; // nSteps 3; until holds at step 1 (row t+1 == limit)
        List<NDArray> out = f.call(v, NDArray.of(mv, 6, 2), 3L, limit);
        double[] ahead = new double[steps];
        double[] rows = new double[2 * steps];
        double[] sums = new double[steps];
        for (int t = 0; t < steps; t++) {
          ahead[t] = sv[t + 2];
          rows[2 * t] = ms[2 * t];
          rows[2 * t + 1] = ms[2 * t + 1];
          sums[t] = sv[t] + ms[2 * t] + ms[2 * t + 1];
        }
        String what = (back ? "backwards" : "forwards") + ", limit " + limit;
        assertArrayEquals(ahead, out.get(0).toDoubleArray(), what);
        assertArrayEquals(rows, out.get(1).toDoubleArray(), what);
        assertEquals(List.of(steps, 2), List.of(out.get(1).shape(0), out.get(1).shape(1)), what);
        assertClose(sums, out.get(2));
      }
    }
  }

  /** An output not fed back (null) beside one that is, and a non-sequence scalar. */
  @Test
  void outputsNotFedBackAndNonSequences() {
    Variable x = T.dvector("x");
    Variable c = T.dscalar("c");
    Scan.Result r = Scan.scan(a -> List.of(a.get(0).mul(a.get(2)), a.get(1).add(a.get(0))),
        List.of(x), Arrays.asList(null, T.constant(NDArray.scalar(0.0))), List.of(c));
    double[] v = {2, -1, 5};
    List<NDArray> out = Theano.function(List.of(x, c), r.outputs()).build().call(v, 3.0);
    assertClose(new double[] {6, -3, 15}, out.get(0));
    assertClose(new double[] {2, 1, 6}, out.get(1));
  }

  /** goBackwards: the sequence is read from its end, outputs stored in the order computed. */
  @Test
  void goBackwardsReadsFromTheEnd() {
    Variable x = T.dvector("x");
    Scan.Result r = Scan.builder().sequences(x).outputsInfo(T.constant(NDArray.scalar(0.0)))
        .fn(a -> List.of(a.get(1).mul(10).add(a.get(0)))).goBackwards(true).build();
    assertClose(new double[] {3, 32, 321},
        Theano.function(List.of(x), r.outputs()).build().call(new double[] {1, 2, 3}).get(0));
  }

  /** until: the loop stops after the first step whose condition holds. */
  @Test
  void untilStopsEarly() {
    Variable limit = T.dscalar("limit");
    Scan.Result r = Scan.builder().outputsInfo(T.constant(NDArray.scalar(1.0))).nSteps(100)
        .step(a -> {
          Variable next = a.get(0).mul(2);
          return Scan.Step.of(next).until(next.gt(a.get(1)));
        }).nonSequences(limit).build();
    Function f = Theano.function(List.of(limit), r.outputs()).build();
    assertClose(new double[] {2, 4, 8, 16, 32, 64}, f.call(40.0).get(0));
    assertEquals(100, f.call(1e300).get(0).shape(0));
  }

  /**
   * States the loop hands back to the step's pool once superseded (a fresh new value each
   * step), next to states whose new value is a view of the old one (a transpose) or the old one
   * itself: the reused buffers never change a state still in use, over two calls.
   */
  @Test
  void supersededStatesAreReusedWithoutChangingLiveOnes() {
    Variable a0 = T.dmatrix("a0");
    Variable b0 = T.dvector("b0");
    Variable d0 = T.dvector("d0");
    SharedVariable w = Theano.shared(NDArray.of(new double[] {8, -4}, 2), "w");
    Scan.Result r = Scan.builder().nSteps(6).outputsInfo(a0, b0, d0)
        .step(a -> Scan.Step.of(a.get(0).transpose(), a.get(1).mul(2).add(w), a.get(2))
            .updates(Map.of(w, w.mul(0.5))))
        .build();
    Function f = Theano.function(List.of(a0, b0, d0), r.outputs()).updates(r.updates())
        .build();
    double[] a = {1, 2, 3, 4};
    double[] at = {1, 3, 2, 4};
    for (int call = 0; call < 2; call++) {
      double[] b = {1, -1};
      double[] wv = {8 * Math.pow(0.5, 6 * call), -4 * Math.pow(0.5, 6 * call)};
      double[] wantA = new double[24];
      double[] wantB = new double[12];
      double[] wantD = new double[12];
      for (int t = 0; t < 6; t++) {
        System.arraycopy(t % 2 == 0 ? at : a, 0, wantA, 4 * t, 4);
        for (int k = 0; k < 2; k++) {
          b[k] = 2 * b[k] + wv[k];
          wv[k] *= 0.5;
          wantB[2 * t + k] = b[k];
          wantD[2 * t + k] = 5 + k;
        }
      }
      List<NDArray> out = f.call(NDArray.of(a, 2, 2), new double[] {1, -1},
          new double[] {5, 6});
      assertArrayEquals(wantA, out.get(0).toDoubleArray());
      assertArrayEquals(wantB, out.get(1).toDoubleArray());
      assertArrayEquals(wantD, out.get(2).toDoubleArray());
      assertArrayEquals(wv, w.getValue().toDoubleArray());
    }
  }

  /** A shared variable updated in the loop: each step sees the last; updates() has the end. */
  @Test
  void sharedVariableUpdatedInsideTheLoop() {
    SharedVariable acc = Theano.shared(NDArray.scalar(10.0), "acc");
    Variable x = T.dvector("x");
    Scan.Result r = Scan.builder().sequences(x).outputsInfo((Object) null)
        .step(a -> Scan.Step.of(acc.mul(a.get(0))).updates(Map.of(acc, acc.add(a.get(0)))))
        .build();
    assertEquals(Map.of(acc, r.updates().get(acc)), r.updates());
    Function f = Theano.function(List.of(x), r.outputs()).updates(r.updates()).build();
    // acc: 10 -> 11 -> 13 -> 16; outputs acc_before * x_t
    assertClose(new double[] {10, 22, 39}, f.call(new double[] {1, 2, 3}).get(0));
    assertEquals(16.0, acc.getValue().getDouble());
    assertClose(new double[] {16, 17}, f.call(new double[] {1, 1}).get(0));
    assertEquals(18.0, acc.getValue().getDouble());
  }

  /**
   * Random draws inside the loop: a new draw each step, the stream advanced in updates(); the
   * rows equal successive calls of the same draw compiled outside a loop from the same seed.
   */
  @Test
  void randomDrawsDifferPerStepAndFollowTheStream() {
    RandomStreams rs = new RandomStreams(42);
    Scan.Result r = Scan.builder().nSteps(4).outputsInfo((Object) null)
        .fn(a -> List.of(rs.uniform(new int[] {3}, 0, 1, DType.FLOAT64))).build();
    assertEquals(1, r.updates().size());
    Function f = Theano.function(List.of(), r.outputs()).updates(r.updates()).build();
    double[] first = f.call().get(0).toDoubleArray();
    double[] second = f.call().get(0).toDoubleArray();
    RandomStreams ref = new RandomStreams(42);
    Function g = Theano.function(List.of(), List.of(ref.uniform(new int[] {3}, 0, 1,
        DType.FLOAT64))).build();
    double[] all = new double[24];
    for (int i = 0; i < 8; i++) {
      System.arraycopy(g.call().get(0).toDoubleArray(), 0, all, 3 * i, 3);
    }
    assertArrayEquals(Arrays.copyOfRange(all, 0, 12), first);
    assertArrayEquals(Arrays.copyOfRange(all, 12, 24), second);
    assertFalse(Arrays.equals(Arrays.copyOfRange(first, 0, 3), Arrays.copyOfRange(first, 3, 6)));
  }

  /** nSteps as a symbolic scalar, with a sequence longer than needed: its first rows. */
  @Test
  void symbolicStepsUseTheFirstRows() {
    Variable x = T.dvector("x");
    Variable n = T.iscalar("n");
    Scan.Result r = Scan.scan(a -> List.of(a.get(0).mul(a.get(0))), List.of(x),
        Arrays.asList((Object) null), List.of(), n);
    Function f = Theano.function(List.of(x, n), r.outputs()).build();
    assertClose(new double[] {1, 4}, f.call(new double[] {1, 2, 3}, 2).get(0));
    TheanoException e = assertThrows(TheanoException.class,
        () -> f.call(new double[] {1, 2, 3}, 5));
    assertTrue(e.getMessage().contains("sequence 0 'x' TensorType(float64, (?,))"),
        e.getMessage());
    assertTrue(e.getMessage().contains("has 3 rows, enough for 3 steps, fewer than the 5 steps"
        + " asked"), e.getMessage());
    TheanoException neg = assertThrows(TheanoException.class,
        () -> f.call(new double[] {1, 2, 3}, -1));
    assertTrue(neg.getMessage().contains("is negative (-1)"), neg.getMessage());
  }

  /**
   * An ifelse inside the step stays lazy: the branch indexing out of bounds runs only where
   * taken; where it is taken and fails, the error names the step and the inner node.
   */
  @Test
  void ifelseInsideTheStepStaysLazy() {
    Variable x = T.dvector("x");
    Variable v = T.dvector("v");
    Scan.Result r = Scan.scan(a -> List.of(T.ifelse(a.get(0).gt(0),
            a.get(1).get(T.cast(a.get(0), DType.INT64)), a.get(0).neg())), List.of(x),
        Arrays.asList((Object) null), List.of(v));
    Function f = Theano.function(List.of(x, v), r.outputs()).build();
    assertClose(new double[] {5, 3, 6}, f.call(new double[] {-5, -3, 1}, new double[] {5, 6})
        .get(0));
    TheanoException e = assertThrows(TheanoException.class,
        () -> f.call(new double[] {-5, 7}, new double[] {5, 6}));
    assertTrue(e.getMessage().startsWith("Scan failed at run time: in its inner graph, step 1: "),
        e.getMessage());
    assertTrue(e.getMessage().contains("index 7 is out of bounds for axis 0 with size 2"),
        e.getMessage());
  }

  /** A scan inside a scan's step: per row of m, the running sums of the row; its last one. */
  @Test
  void nestedScans() {
    Variable m = T.dmatrix("m");
    Scan.Result r = Scan.scan(a -> List.of(Scan.scan(b -> List.of(b.get(0).add(b.get(1))),
            List.of(a.get(0)), List.of(T.constant(NDArray.scalar(0.0))), List.of()).output(0)
            .get(-1)),
        List.of(m), Arrays.asList((Object) null), List.of());
    double[] v = {1, 2, 3, 4, 5, 6};
    for (Mode mode : Mode.values()) {
      assertClose(new double[] {6, 15}, Theano.function(List.of(m), r.outputs()).mode(mode)
          .build().call(NDArray.of(v, 2, 3)).get(0));
    }
  }
}
