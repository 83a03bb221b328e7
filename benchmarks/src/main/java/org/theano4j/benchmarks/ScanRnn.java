package org.theano4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.autodiff.Grad;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.scan.Scan;
import org.theano4j.tensor.T;

/**
 * A tanh RNN, h_t = tanh(x_t W + h_{t-1} U + b), written with {@link Scan} and unrolled in a
 * Java loop: graph nodes, compile time and time per call (forward, and a training step with the
 * gradients of the last state's sum and SGD updates). Command (after
 * {@code mvn -q -B -pl benchmarks -am package -DskipTests}):
 * {@code java -cp benchmarks/target/theano4j-benchmarks.jar org.theano4j.benchmarks.ScanRnn
 * [steps] [batch] [hidden] [calls]}; defaults 100 20 128 20. Besides the wall-clock median it
 * prints the calling thread's median CPU time per call, which a loaded machine disturbs less
 * (run with {@code OPENBLAS_NUM_THREADS=1} so that the GEMMs run on that thread).
 */
public final class ScanRnn {
  private ScanRnn() {}

  /** The RNN's variables and its two functions, built one way. */
  static final class Model {
    final Variable x = T.ftensor3("x");
    final Variable h0 = T.fmatrix("h0");
    final SharedVariable w;
    final SharedVariable u;
    final SharedVariable b;
    final Variable h;
    final Variable last;

    Model(boolean scan, int steps, int hidden) {
      NDArray wv = values(7, 0.1, hidden, hidden);
      NDArray uv = values(8, 0.1, hidden, hidden);
      w = Theano.shared(wv, "W");
      u = Theano.shared(uv, "U");
      b = Theano.shared(NDArray.zeros(DType.FLOAT32, hidden), "b");
      if (scan) {
        h = Scan.scan(a -> List.of(step(a.get(0), a.get(1))), List.of(x), List.of(h0),
            List.of()).output(0);
        last = h.get(-1);
      } else {
        List<Variable> hs = new ArrayList<>();
        Variable prev = h0;
        for (int t = 0; t < steps; t++) {
          prev = step(x.get(t), prev);
          hs.add(prev);
        }
        h = T.stack(hs, 0);
        last = prev;
      }
    }

    Variable step(Variable xt, Variable prev) {
      return T.tanh(T.dot(xt, w).add(T.dot(prev, u)).add(b));
    }

    Function forward() {
      return Theano.function(List.of(x, h0), List.of(h)).build();
    }

    Function train() {
      Variable cost = last.sum();
      List<Variable> g = Grad.grad(cost, List.of(w, u, b));
      return Theano.function(List.of(x, h0), List.of(cost))
          .updates(Map.of(w, w.sub(g.get(0).mul(0.001)), u, u.sub(g.get(1).mul(0.001)),
              b, b.sub(g.get(2).mul(0.001)))).build();
    }
  }

  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int hidden = args.length > 2 ? Integer.parseInt(args[2]) : 128;
    int calls = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    NDArray xs = values(1, 1, steps, batch, hidden);
    NDArray h0 = values(2, 1, batch, hidden);
    new Model(true, 3, 8).forward(); // class loading and JIT of the compiler, not measured
    new Model(false, 3, 8).train();
    System.out.printf(Locale.ROOT, "tanh RNN, %d steps, batch %d, hidden %d, float32, jvm, "
        + "median of 3 compiles and of %d calls after 10%n", steps, batch, hidden, calls);
    System.out.println("graph      function  nodes-before  nodes-after  compile-ms  "
        + "call-ms  per-step-us  cpu-ms   (scan: nodes of the outer graph; its step is one "
        + "node; cpu-ms: the calling thread's CPU time per call, which excludes OpenBLAS's own "
        + "threads unless OPENBLAS_NUM_THREADS=1)");
    for (boolean scan : new boolean[] {true, false}) {
      for (boolean train : new boolean[] {false, true}) {
        double[] compile = new double[3];
        Function f = null;
        int before = 0;
        for (int i = 0; i < 3; i++) {
          Model m = new Model(scan, steps, hidden);
          Supplier<Function> build = train ? m::train : m::forward;
          before = train ? Graphs.toposort(List.of(m.last.sum())).size()
              : Graphs.toposort(List.of(m.h)).size();
          long t0 = System.nanoTime();
          f = build.get();
          compile[i] = (System.nanoTime() - t0) / 1e6;
        }
        double[] call = new double[calls];
        double[] cpu = new double[calls];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 10; i++) {
          f.call(xs, h0); // warm-up: the JIT compiles the loop's and the kernels' code
        }
        for (int i = 0; i < calls; i++) {
          long c0 = threads.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          f.call(xs, h0);
          call[i] = (System.nanoTime() - t0) / 1e6;
          cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        double c = median(call);
        System.out.printf(Locale.ROOT, "%-10s %-9s %12d %12d %11.1f %8.2f %12.1f %7.2f%n",
            scan ? "scan" : "unrolled", train ? "train" : "forward", before,
            f.graph().nodes().size(), median(compile), c, c * 1000 / steps, median(cpu));
      }
    }
    System.out.printf(Locale.ROOT, "loop overhead: %.1f us per step (a scan adding two "
        + "scalars, 10,000 steps)%n", overheadPerStep(calls));
  }

  /**
   * The per-step cost of the loop itself: a scan whose step adds two float64 scalars, over
   * 10,000 steps, after 20 calls of warm-up; median microseconds per step over {@code calls}
   * calls.
   */
  static double overheadPerStep(int calls) {
    Variable x = T.dvector("x");
    Variable h = Scan.scan(a -> List.of(a.get(1).add(a.get(0))), List.of(x),
        List.of(T.constant(NDArray.scalar(0.0))), List.of()).output(0);
    Function f = Theano.function(List.of(x), List.of(h)).build();
    double[] xs = new double[10_000];
    for (int i = 0; i < 20; i++) {
      f.call(xs); // warm-up: 200,000 steps
    }
    double[] t = new double[calls];
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      f.call(xs);
      t[i] = (System.nanoTime() - t0) / 1e3 / xs.length;
    }
    return median(t);
  }

  /** Uniform float32 values in [-scale, scale), seeded. */
  static NDArray values(long seed, double scale, int... shape) {
    float[] v = RandomArrays.uniform(new java.util.Random(seed), shape).toFloatArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((2 * v[i] - 1) * scale);
    }
    return NDArray.of(v, shape);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
