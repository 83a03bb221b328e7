package org.theano4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * Shared variables used by several functions and read or set from several threads: a call
 * holds the locks of the variables it reads or updates, {@code getValue} is a snapshot and
 * {@code setValue} waits for a running call.
 */
class SharedVariableThreadsTest {
  private static final int THREADS = 8;
  private static final int SIZE = 12_000;

  /** Runs every task on its own thread and returns their results, in order. */
  private static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> t : tasks) {
        futures.add(pool.submit(t));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Function increment(SharedVariable x, double by) {
    return Theano.compile(List.of(), List.of(), Map.of(x, x.add(by)));
  }

  /** The elements of {@code v} if they are all equal, else NaN (a torn vector). */
  private static double uniform(NDArray v) {
    double[] d = v.toDoubleArray();
    for (double e : d) {
      if (e != d[0]) {
        return Double.NaN;
      }
    }
    return d[0];
  }

  @Test
  void twoFunctionsIncrementingOneVectorFromEightThreadsLoseNothing() throws Exception {
    SharedVariable x = Theano.shared(NDArray.zeros(DType.FLOAT64, SIZE), "x");
    Function plusOne = increment(x, 1);
    Function plusTwo = increment(x, 2);
    int calls = 150;
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Function f = t % 2 == 0 ? plusOne : plusTwo;
      tasks.add(() -> {
        for (int i = 0; i < calls; i++) {
          f.call();
        }
        return null;
      });
    }
    runAll(tasks);
    // Four threads add 1 and four add 2, each `calls` times, to every element.
    double want = THREADS / 2 * calls * 1.0 + THREADS / 2 * calls * 2.0;
    double[] got = x.getValue().toDoubleArray();
    for (int i = 0; i < SIZE; i++) {
      assertThat(got[i]).as("element %d", i).isEqualTo(want);
    }
  }

  @Test
  void getValueDuringInPlaceUpdatesIsNeverTorn() throws Exception {
    SharedVariable x = Theano.shared(NDArray.zeros(DType.FLOAT64, SIZE), "x");
    Function plusOne = increment(x, 1);
    Function plusTwo = increment(x, 2);
    AtomicInteger writersLeft = new AtomicInteger(THREADS / 2);
    List<Callable<String>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS / 2; t++) {
      Function f = t % 2 == 0 ? plusOne : plusTwo;
      tasks.add(() -> {
        try {
          for (int i = 0; i < 150; i++) {
            f.call();
          }
          return "writer";
        } finally {
          writersLeft.decrementAndGet();
        }
      });
    }
    for (int t = 0; t < THREADS / 2; t++) {
      tasks.add(() -> {
        double last = 0;
        int reads = 0;
        while (writersLeft.get() > 0 || reads < 50) {
          double v = uniform(x.getValue());
          if (Double.isNaN(v)) {
            return "torn snapshot after " + reads + " reads";
          }
          if (v < last) {
            return "value went back from " + last + " to " + v;
          }
          last = v;
          reads++;
        }
        return "reader";
      });
    }
    assertThat(runAll(tasks)).containsOnly("writer", "reader");
    // 2 writers adding 1 and 2 adding 2, 150 calls each.
    assertThat(uniform(x.getValue())).isEqualTo(2 * 150 * 1.0 + 2 * 150 * 2.0);
  }

  @Test
  void setValueDuringCallsIsNeverLost() throws Exception {
    // f returns x as it was before the call and adds 1. A setter stores k * 1e6 for k = 1..60
    // and, after each, waits until some call has moved the value on. If no set is lost and
    // no increment is lost, the calls' outputs are, for each base b (0 and every k * 1e6),
    // exactly b, b + 1, ..., b + n_b - 1, each seen once.
    SharedVariable x = Theano.shared(NDArray.zeros(DType.FLOAT64, 1000), "x");
    Function f = Theano.compile(List.of(), List.of(x.mul(1.0)), Map.of(x, x.add(1.0)));
    int sets = 60;
    double base = 1e6;
    AtomicBoolean done = new AtomicBoolean();
    List<Double> seen = Collections.synchronizedList(new ArrayList<>());
    List<Callable<String>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS - 1; t++) {
      tasks.add(() -> {
        while (!done.get()) {
          double v = uniform(f.call().get(0));
          if (Double.isNaN(v)) {
            return "a call returned a torn vector";
          }
          seen.add(v);
        }
        return "caller";
      });
    }
    tasks.add(() -> {
      try {
        for (int k = 1; k <= sets; k++) {
          double s = k * base;
          x.setValue(NDArray.full(DType.FLOAT64, s, 1000));
          while (uniform(x.getValue()) == s) {
            Thread.onSpinWait();
          }
        }
        return "setter";
      } finally {
        done.set(true);
      }
    });
    assertThat(runAll(tasks)).containsOnly("caller", "setter");
    Map<Long, List<Double>> byBase = new TreeMap<>();
    for (double v : seen) {
      byBase.computeIfAbsent((long) Math.floor(v / base), b -> new ArrayList<>()).add(v);
    }
    for (int k = 1; k <= sets; k++) {
      assertThat(byBase).as("no call saw the value set %d", k).containsKey((long) k);
    }
    double lastSeen = Double.NEGATIVE_INFINITY;
    for (Map.Entry<Long, List<Double>> e : byBase.entrySet()) {
      List<Double> vs = new ArrayList<>(e.getValue());
      Collections.sort(vs);
      for (int i = 0; i < vs.size(); i++) {
        assertThat(vs.get(i)).as("call %d after base %d", i, e.getKey())
            .isEqualTo(e.getKey() * base + i);
      }
      lastSeen = vs.get(vs.size() - 1);
    }
    assertThat(uniform(x.getValue())).isEqualTo(lastSeen + 1);
  }

  @Test
  void functionsTakingOverlappingVariablesInOppositeOrdersDoNotDeadlock() {
    SharedVariable a = Theano.shared(NDArray.scalar(0.0), "a");
    SharedVariable b = Theano.shared(NDArray.scalar(0.0), "b");
    // f reads a before b and lists a's update first; g the other way round.
    Map<SharedVariable, Variable> fu = new LinkedHashMap<>();
    fu.put(a, a.add(1.0));
    fu.put(b, b.add(a.mul(0.0)).add(1.0));
    Map<SharedVariable, Variable> gu = new LinkedHashMap<>();
    gu.put(b, b.add(1.0));
    gu.put(a, a.add(b.mul(0.0)).add(1.0));
    Function f = Theano.compile(List.of(), List.of(a.sub(b)), fu);
    Function g = Theano.compile(List.of(), List.of(b.sub(a)), gu);
    int calls = 400;
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      List<Callable<Double>> tasks = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Function h = t % 2 == 0 ? f : g;
        tasks.add(() -> {
          double worst = 0;
          for (int i = 0; i < calls; i++) {
            // Both variables move together inside one call, so no call sees them apart.
            worst = Math.max(worst, Math.abs(h.call().get(0).getDouble()));
          }
          return worst;
        });
      }
      assertThat(runAll(tasks)).containsOnly(0.0);
    });
    assertThat(a.getValue().getDouble()).isEqualTo(THREADS * calls);
    assertThat(b.getValue().getDouble()).isEqualTo(THREADS * calls);
  }

  @Test
  void lockOrderIsCreationOrderWithoutDuplicates() {
    SharedVariable first = Theano.shared(NDArray.scalar(0.0), "first");
    SharedVariable second = Theano.shared(NDArray.scalar(0.0), "second");
    SharedVariable third = Theano.shared(NDArray.scalar(0.0), "third");
    assertThat(SharedVariable.lockOrder(List.of(third, first, second, first)))
        .containsExactly(first, second, third);
  }
}
