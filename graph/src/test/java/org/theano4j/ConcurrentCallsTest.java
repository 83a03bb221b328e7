package org.theano4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/** A function shared between threads gives every caller its own, correct result. */
class ConcurrentCallsTest {
  @Test
  void callsFromSeveralThreadsDoNotMixTheirValues() throws Exception {
    Variable x = T.dvector("x");
    SharedVariable count = Theano.shared(NDArray.scalar(0.0), "count");
    // Enough intermediate nodes that buffer reuse between calls matters.
    Variable y = T.exp(x).mul(2).add(T.sin(x)).sum();
    Function f = Theano.compile(List.of(x), List.of(y), Map.of(count, count.add(1.0)));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        double v = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            double got = f.call(new double[] {v, -v, 0.5 * v}).get(0).getDouble();
            double want = 0;
            for (double e : new double[] {v, -v, 0.5 * v}) {
              want += 2 * Math.exp(e) + Math.sin(e);
            }
            if (Math.abs(got - want) > 1e-9 * Math.max(1, Math.abs(want))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(count.getValue().getDouble()).isEqualTo(8 * 200.0);
  }
}
