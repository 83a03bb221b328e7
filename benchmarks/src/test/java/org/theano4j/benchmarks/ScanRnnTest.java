package org.theano4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.theano4j.ndarray.NDArray;

/** The benchmark's two RNNs compute the same thing, so their times compare like for like. */
class ScanRnnTest {
  @Test
  void scanAndUnrolledAgreeForwardAndAfterATrainingStep() {
    int steps = 6;
    int batch = 3;
    int hidden = 5;
    NDArray xs = ScanRnn.values(1, 1, steps, batch, hidden);
    NDArray h0 = ScanRnn.values(2, 1, batch, hidden);
    ScanRnn.Model scan = new ScanRnn.Model(true, steps, hidden);
    ScanRnn.Model unrolled = new ScanRnn.Model(false, steps, hidden);
    NDArray a = scan.forward().call(xs, h0).get(0);
    NDArray b = unrolled.forward().call(xs, h0).get(0);
    assertTrue(a.allClose(b, 1e-5, 1e-6), a + " vs " + b);
    NDArray costA = scan.train().call(xs, h0).get(0);
    NDArray costB = unrolled.train().call(xs, h0).get(0);
    assertTrue(costA.allClose(costB, 1e-5, 1e-6), costA + " vs " + costB);
    for (int i = 0; i < 3; i++) {
      NDArray wa = (i == 0 ? scan.w : i == 1 ? scan.u : scan.b).getValue();
      NDArray wb = (i == 0 ? unrolled.w : i == 1 ? unrolled.u : unrolled.b).getValue();
      assertTrue(wa.allClose(wb, 1e-5, 1e-7), "parameter " + i + " after a step: " + wa
          + " vs " + wb);
    }
  }
}
