package org.theano4j.jvm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.theano4j.ndarray.NDArray;

/**
 * Intra-op threads for elementwise kernels over large arrays: the system property
 * {@value #PROPERTY} (a positive integer, default 1) is the number of threads one elementwise
 * node may use, the calling thread included. An output of at least {@link #MIN_ELEMENTS}
 * elements with at least two rows (first axis) is split into blocks of rows, one per thread;
 * each block runs the same loops on row slices of the output and of the (broadcast) inputs.
 * Every output element is computed by the same scalar operations as with one thread, so the
 * results are identical bit for bit; only the time changes. The helper threads are daemon
 * threads of one pool per process.
 */
final class IntraOpThreads {
  /** System property: threads per elementwise node (default 1: no helper thread). */
  static final String PROPERTY = "theano4j.threads";
  /** Smaller outputs run on the calling thread alone (a hand-off costs microseconds). */
  static final int MIN_ELEMENTS = 1 << 16;

  private static volatile int threads = -1;
  private static ExecutorService pool;
  private static int poolSize;

  private IntraOpThreads() {}

  /** A kernel's loops over a block of rows: the views and the output sliced to it. */
  interface Block {
    void run(NDArray[] views, NDArray out);
  }

  /** The configured number of threads (read once; {@link #set} overrides it). */
  static int threads() {
    int t = threads;
    if (t < 0) {
      t = parse(System.getProperty(PROPERTY));
      threads = t;
    }
    return t;
  }

  /** Sets the number of threads (tests; the property is read otherwise). */
  static void set(int n) {
    if (n < 1) {
      throw new IllegalArgumentException(PROPERTY + " must be >= 1, got " + n);
    }
    threads = n;
  }

  static int parse(String s) {
    if (s == null) {
      return 1;
    }
    try {
      int v = Integer.parseInt(s.trim());
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("-D" + PROPERTY
        + " must be a positive number of threads, got '" + s + "'");
  }

  /** A kernel's work over the items {@code [from, to)} of a range (images of a batch). */
  interface Range {
    void run(int from, int to);
  }

  /**
   * Runs {@code block} on all of {@code out}, split over the configured threads when it is
   * large enough; {@code views} have the output's shape.
   */
  static void run(NDArray[] views, NDArray out, Block block) {
    int rows = out.ndim() == 0 ? 1 : out.shape(0);
    if (out.size() < MIN_ELEMENTS || threads() < 2) {
      // (one thread: no split lambda, so no object per call)
      block.run(views, out);
      return;
    }
    split(rows, (from, to) -> {
      if (from == 0 && to == rows) {
        block.run(views, out);
      } else {
        block.run(rowsOf(views, from, to), rowsOf(out, from, to));
      }
    });
  }

  /**
   * Runs {@code range} over {@code [0, count)}, split into one contiguous block per configured
   * thread (the calling thread takes the first); the blocks must write disjoint memory.
   */
  static void split(int count, Range range) {
    int parts = Math.min(threads(), count);
    if (parts < 2) {
      range.run(0, count);
      return;
    }
    ExecutorService workers = pool(threads() - 1);
    List<Future<?>> pending = new ArrayList<>(parts - 1);
    for (int p = 1; p < parts; p++) {
      int from = (int) ((long) count * p / parts);
      int to = (int) ((long) count * (p + 1) / parts);
      pending.add(workers.submit(() -> range.run(from, to)));
    }
    RuntimeException failure = null;
    try {
      range.run(0, count / parts);
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException r ? r
              : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (failure == null) {
          failure = new IllegalStateException("interrupted while waiting for helper threads",
              e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static NDArray rowsOf(NDArray a, int from, int to) {
    return a.slice(0, from, to, 1);
  }

  private static NDArray[] rowsOf(NDArray[] views, int from, int to) {
    NDArray[] r = new NDArray[views.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = rowsOf(views[i], from, to);
    }
    return r;
  }

  private static synchronized ExecutorService pool(int helpers) {
    if (pool == null || poolSize < helpers) {
      if (pool != null) {
        pool.shutdown();
      }
      pool = Executors.newFixedThreadPool(helpers, r -> {
        Thread th = new Thread(r, "theano4j-elementwise");
        th.setDaemon(true);
        return th;
      });
      poolSize = helpers;
    }
    return pool;
  }
}
