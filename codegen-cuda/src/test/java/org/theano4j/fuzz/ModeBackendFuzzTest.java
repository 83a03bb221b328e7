package org.theano4j.fuzz;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.compile.Mode;
import org.theano4j.compile.UnusedInputPolicy;
import org.theano4j.fuzz.Expr.Kind;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.testing.CaseRandom;

/**
 * The differential fuzzer of modes and backends: random valid graphs (elementwise ops, among
 * them issue 11's scalar functions tan ... psi, reductions, dot and GEMM forms, basic and
 * advanced indexing with negative indices, set/inc subtensor, softmax and the cross-entropies
 * at large logits, cumsum, cumprod, sort, argsort, repeat, tile, diag and eye, gradients with
 * respect to a matrix and a vector) with random update maps
 * (updates that read other updated variables, swaps, chains, gradient steps) are compiled in
 * DEBUG (the reference: no rewrites), FAST_COMPILE, FAST_RUN, FAST_RUN without {@code inplace},
 * FAST_RUN without {@code fusion}, FAST_RUN without {@code fuse-reduce} (reductions of
 * elementwise results, which FAST_RUN makes {@code FusedReduce}: {@link
 * #fastRunFusesReductionsOfTheGeneratedGraphs}), and on {@code cuda-interp} (FAST_RUN and
 * FAST_COMPILE). The
 * outputs and the committed shared values must agree (exactly in dtype and shape, within a
 * tolerance by dtype in value), and a call must fail in every configuration or in none; after a
 * failure every shared variable must hold its value from before the call.
 *
 * <p>{@code -Dtheano4j.fuzz.graphs=N} and {@code -Dtheano4j.fuzz.seed=S} choose the run (CI:
 * 1,000 graphs, seed 20261130); a mismatch prints the seed, the graph number and a shrunk
 * reproduction in Java. The soak command is in {@code docs/reliability.md}.
 */
class ModeBackendFuzzTest {
  private static final int GRAPHS = Integer.getInteger("theano4j.fuzz.graphs", 1000);
  private static final long SEED = Long.getLong("theano4j.fuzz.seed", 20261130L);

  record Config(String name, Mode mode, String backend, String... excluding) {
    Function compile(List<Variable> in, List<Variable> out, Map<SharedVariable, Variable> upd) {
      return Theano.function(in, out).updates(upd).mode(mode).backend(backend)
          .excluding(excluding).onUnusedInput(UnusedInputPolicy.IGNORE).build();
    }

    String java() {
      StringBuilder s = new StringBuilder(".mode(Mode." + mode + ").backend(\"" + backend + "\")");
      for (String e : excluding) {
        s.append(".excluding(\"").append(e).append("\")");
      }
      return s.toString();
    }
  }

  static final Config REFERENCE = new Config("DEBUG/jvm", Mode.DEBUG, "jvm");
  static final List<Config> OTHERS = List.of(
      new Config("FAST_COMPILE/jvm", Mode.FAST_COMPILE, "jvm"),
      new Config("FAST_RUN/jvm", Mode.FAST_RUN, "jvm"),
      new Config("FAST_RUN/jvm -inplace", Mode.FAST_RUN, "jvm", "inplace"),
      new Config("FAST_RUN/jvm -fusion", Mode.FAST_RUN, "jvm", "fusion"),
      new Config("FAST_RUN/jvm -fuse-reduce", Mode.FAST_RUN, "jvm", "fuse-reduce"),
      new Config("FAST_RUN/cuda-interp", Mode.FAST_RUN, "cuda-interp"),
      new Config("FAST_COMPILE/cuda-interp", Mode.FAST_COMPILE, "cuda-interp"));

  /** One fuzzed program: outputs, an ordered update map over S1..S3, arguments, start values. */
  record Case(DType dt, List<Expr> outputs, List<Ops.Op> targets, List<Expr> values,
      List<NDArray> args, List<NDArray> shared) {
    int size() {
      int n = 0;
      for (Expr e : outputs) {
        n += e.size();
      }
      for (Expr e : values) {
        n += e.size();
      }
      return n + targets.size();
    }
  }

  /** What one configuration gave: outputs and shared values after the call, or an error. */
  record Result(List<NDArray> outputs, List<NDArray> shared, String error) {}

  // ---------------------------------------------------------------- generation

  static final class Gen {
    final Random rnd;
    final Map<Kind, List<Expr>> pool = new LinkedHashMap<>();

    Gen(Random rnd) {
      this.rnd = rnd;
    }

    Expr expr(Kind k, int depth) {
      List<Expr> p = pool.computeIfAbsent(k, x -> new ArrayList<>());
      if (!p.isEmpty() && rnd.nextInt(6) == 0) {
        return p.get(rnd.nextInt(p.size()));
      }
      Expr e;
      if (depth == 0 || rnd.nextInt(5) == 0) {
        e = Ops.leaf(k, rnd);
      } else {
        List<Ops.Op> ops = Ops.inner(k);
        Ops.Op op = ops.get(rnd.nextInt(ops.size()));
        List<Expr> args = new ArrayList<>();
        for (Kind a : op.args()) {
          args.add(expr(a, depth - 1));
        }
        e = new Expr(op, args);
      }
      p.add(e);
      return e;
    }
  }

  /** Graph {@code graph} of {@code seed}. */
  static Case generate(long seed, int graph) {
    Random rnd = CaseRandom.of(seed, graph);
    Gen gen = new Gen(rnd);
    DType dt = rnd.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
    Kind[] outKinds = {Kind.M, Kind.V, Kind.R, Kind.S};
    List<Expr> outs = new ArrayList<>();
    int nOut = 1 + rnd.nextInt(2);
    for (int o = 0; o < nOut; o++) {
      outs.add(gen.expr(outKinds[rnd.nextInt(outKinds.length)], 1 + rnd.nextInt(4)));
    }
    List<Ops.Op> targets = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    switch (rnd.nextInt(5)) {
      case 0 -> { } // no updates
      case 1 -> { // a swap, and perhaps S3 from the old S1
        targets.addAll(List.of(Ops.S1, Ops.S2));
        values.addAll(List.of(Ops.S2.of(), Ops.S1.of()));
        if (rnd.nextBoolean()) {
          targets.add(Ops.S3);
          values.add(Ops.SUM0.of(Ops.S1.of()));
        }
      }
      case 2 -> { // a chain: each reads the one updated before it
        targets.addAll(List.of(Ops.S1, Ops.S2, Ops.S3));
        values.add(gen.expr(Kind.M, 2));
        values.add(Ops.DOT.of(Ops.S1.of()));
        values.add(Ops.SUM0.of(Ops.S2.of()));
      }
      default -> { // random values over any shared variables, often a step from the old value
        for (Ops.Op t : List.of(Ops.S1, Ops.S2, Ops.S3)) {
          if (rnd.nextInt(3) > 0) {
            targets.add(t);
            Expr e = gen.expr(t.result(), 1 + rnd.nextInt(3));
            if (rnd.nextBoolean()) {
              List<Ops.Op> steps = Ops.steps(t.result());
              e = steps.get(rnd.nextInt(steps.size())).of(t.of(), e);
            }
            values.add(e);
          }
        }
      }
    }
    // Shuffle the update order (updates are simultaneous: the order must not matter).
    for (int k = targets.size() - 1; k > 0; k--) {
      int j = rnd.nextInt(k + 1);
      targets.set(j, targets.set(k, targets.get(j)));
      values.set(j, values.set(k, values.get(j)));
    }
    List<NDArray> args = new ArrayList<>();
    args.add(uniform(rnd, dt, 1, 3, 4));
    args.add(uniform(rnd, dt, 1, 3, 4));
    args.add(uniform(rnd, dt, 0.5, 4, 4));
    args.add(uniform(rnd, dt, 1, 4));
    args.add(uniform(rnd, dt, 1, 3));
    int[] y = new int[3];
    for (int k = 0; k < 3; k++) {
      y[k] = rnd.nextInt(8) - 4; // [-4, 4): valid for 4 classes
    }
    if (rnd.nextInt(5) == 0) {
      y[rnd.nextInt(3)] = rnd.nextBoolean() ? 4 : -5; // out of bounds
    }
    args.add(NDArray.of(y, 3));
    long i = rnd.nextInt(10) == 0 ? (rnd.nextBoolean() ? 3 : -4) : rnd.nextInt(6) - 3;
    args.add(NDArray.scalar(i));
    List<NDArray> shared = List.of(uniform(rnd, dt, 1, 3, 4), uniform(rnd, dt, 1, 3, 4),
        uniform(rnd, dt, 1, 4));
    return new Case(dt, outs, targets, values, args, shared);
  }

  private static NDArray uniform(Random rnd, DType dt, double bound, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    double[] v = new double[n];
    for (int k = 0; k < n; k++) {
      v[k] = (rnd.nextDouble() * 2 - 1) * bound;
    }
    return NDArray.of(v, shape).astype(dt);
  }

  // ---------------------------------------------------------------- running

  static Result run(Case c, Config cfg) {
    List<NDArray> start = new ArrayList<>();
    for (NDArray s : c.shared()) {
      start.add(s.copy());
    }
    Env env = new Env(c.dt(), start);
    Map<Expr, Variable> memo = new IdentityHashMap<>();
    String error = null;
    List<NDArray> outs = List.of();
    try {
      List<Variable> out = new ArrayList<>();
      for (Expr e : c.outputs()) {
        out.add(e.build(env, memo));
      }
      Map<SharedVariable, Variable> upd = new LinkedHashMap<>();
      for (int k = 0; k < c.targets().size(); k++) {
        upd.put(env.sharedOf(c.targets().get(k)), c.values().get(k).build(env, memo));
      }
      Function f = cfg.compile(env.inputs(), out, upd);
      Object[] args = new Object[c.args().size()];
      for (int k = 0; k < args.length; k++) {
        args[k] = c.args().get(k).copy();
      }
      outs = f.call(args);
    } catch (RuntimeException e) {
      error = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
    }
    List<NDArray> shared = new ArrayList<>();
    for (SharedVariable s : env.shared()) {
      shared.add(s.getValue());
    }
    return new Result(outs, shared, error);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Null if {@code got} agrees with {@code want}, else what differs. */
  static String compare(Case c, Result want, Result got) {
    if ((want.error() == null) != (got.error() == null)) {
      return "reference " + (want.error() == null ? "succeeded" : "failed (" + want.error() + ")")
          + " but this " + (got.error() == null ? "succeeded" : "failed (" + got.error() + ")");
    }
    if (got.error() != null) {
      for (int k = 0; k < 3; k++) {
        String d = differs(c.shared().get(k), got.shared().get(k), c.dt());
        if (d != null) {
          return "after the failure (" + got.error() + ") S" + (k + 1) + " changed: " + d;
        }
      }
      return null;
    }
    if (want.error() == null && want.outputs().size() != got.outputs().size()) {
      return "output count " + got.outputs().size() + " vs " + want.outputs().size();
    }
    for (int k = 0; k < want.outputs().size(); k++) {
      String d = differs(want.outputs().get(k), got.outputs().get(k), c.dt());
      if (d != null) {
        return "output " + k + ": " + d;
      }
    }
    for (int k = 0; k < 3; k++) {
      String d = differs(want.shared().get(k), got.shared().get(k), c.dt());
      if (d != null) {
        return "S" + (k + 1) + " after the call: " + d;
      }
    }
    return null;
  }

  private static String differs(NDArray want, NDArray got, DType dt) {
    if (want.dtype() != got.dtype() || !Arrays.equals(want.shape(), got.shape())) {
      return "got " + got.dtype() + Arrays.toString(got.shape()) + ", expected " + want.dtype()
          + Arrays.toString(want.shape());
    }
    double[] w = want.toDoubleArray();
    double[] g = got.toDoubleArray();
    double scale = 1;
    for (double x : w) {
      scale = Math.max(scale, Math.abs(x));
    }
    boolean single = dt == DType.FLOAT32;
    double atol = (single ? 2e-4 : 1e-10) * scale;
    double rtol = single ? 1e-3 : 1e-9;
    for (int k = 0; k < w.length; k++) {
      boolean same = Double.compare(w[k], g[k]) == 0
          || Math.abs(w[k] - g[k]) <= atol + rtol * Math.abs(w[k]);
      if (!same) {
        return "element " + k + " is " + g[k] + ", expected " + w[k] + " (got "
            + Arrays.toString(g) + ", expected " + Arrays.toString(w) + ")";
      }
    }
    return null;
  }

  /** The first configuration that disagrees with the reference, with what differs, or null. */
  static String[] mismatch(Case c, List<Config> configs) {
    return mismatch(c, configs, run(c, REFERENCE));
  }

  static String[] mismatch(Case c, List<Config> configs, Result want) {
    for (Config cfg : configs) {
      String d = compare(c, want, run(c, cfg));
      if (d != null) {
        return new String[] {cfg.name(), d};
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- shrinking and printing

  /** Smaller cases that {@link #shrink} tries, in order. */
  static List<Case> smaller(Case c) {
    List<Case> out = new ArrayList<>();
    for (int k = 0; k < c.targets().size(); k++) {
      List<Ops.Op> t = new ArrayList<>(c.targets());
      List<Expr> v = new ArrayList<>(c.values());
      t.remove(k);
      v.remove(k);
      out.add(new Case(c.dt(), c.outputs(), t, v, c.args(), c.shared()));
    }
    if (c.outputs().size() > 1) {
      for (int k = 0; k < c.outputs().size(); k++) {
        List<Expr> o = new ArrayList<>(c.outputs());
        o.remove(k);
        out.add(new Case(c.dt(), o, c.targets(), c.values(), c.args(), c.shared()));
      }
    }
    List<List<Expr>> roots = List.of(c.outputs(), c.values());
    for (int which = 0; which < 2; which++) {
      List<Expr> list = roots.get(which);
      for (int k = 0; k < list.size(); k++) {
        for (Expr node : list.get(k).nodes()) {
          List<Expr> by = new ArrayList<>();
          for (Expr a : node.args) {
            if (a.kind() == node.kind()) {
              by.add(a);
            }
          }
          if (!node.args.isEmpty()) {
            by.addAll(Ops.leaves(node.kind()));
          }
          for (Expr b : by) {
            List<Expr> copy = new ArrayList<>(list);
            copy.set(k, list.get(k).replace(node, b));
            out.add(which == 0
                ? new Case(c.dt(), copy, c.targets(), c.values(), c.args(), c.shared())
                : new Case(c.dt(), c.outputs(), c.targets(), copy, c.args(), c.shared()));
          }
        }
      }
    }
    return out;
  }

  static Case shrink(Case c, Config cfg) {
    int budget = 400;
    boolean progress = true;
    while (progress && budget > 0) {
      progress = false;
      for (Case s : smaller(c)) {
        if (--budget <= 0) {
          break;
        }
        if (s.size() < c.size() && mismatch(s, List.of(cfg)) != null) {
          c = s;
          progress = true;
          break;
        }
      }
    }
    return c;
  }

  static String java(Case c, Config cfg) {
    StringBuilder s = new StringBuilder();
    s.append("DType dt = DType.").append(c.dt().name()).append(";\n");
    String[] sn = {"s1", "s2", "s3"};
    for (int k = 0; k < 3; k++) {
      s.append("NDArray ").append(sn[k]).append(" = ").append(literal(c.shared().get(k)))
          .append(";\n");
    }
    s.append(Env.JAVA_DECLARATIONS);
    s.append("List<Variable> outputs = List.of(");
    for (int k = 0; k < c.outputs().size(); k++) {
      s.append(k > 0 ? ",\n    " : "").append(c.outputs().get(k).java());
    }
    s.append(");\nMap<SharedVariable, Variable> updates = new LinkedHashMap<>();\n");
    for (int k = 0; k < c.targets().size(); k++) {
      s.append("updates.put(").append(c.targets().get(k).java()).append(", ")
          .append(c.values().get(k).java()).append(");\n");
    }
    s.append("Theano.function(List.of(A, B, W, v, r, y, i), outputs).updates(updates)")
        .append(cfg.java()).append(".onUnusedInput(UnusedInputPolicy.IGNORE).build()\n")
        .append("    .call(");
    for (int k = 0; k < c.args().size(); k++) {
      s.append(k > 0 ? ",\n        " : "").append(literal(c.args().get(k)));
    }
    return s.append(");\n").toString();
  }

  private static String literal(NDArray a) {
    if (a.ndim() == 0) {
      return "NDArray.scalar(DType." + a.dtype().name() + ", " + a.getDouble() + ")";
    }
    return "NDArray.of(new double[] " + Arrays.toString(a.toDoubleArray()).replace('[', '{')
        .replace(']', '}') + ", " + Arrays.toString(a.shape()).replaceAll("[\\[\\]]", "")
        + ").astype(DType." + a.dtype().name() + ")";
  }

  // ---------------------------------------------------------------- the tests

  /**
   * The generated graphs exercise reduction fusion: among the first 600, FAST_RUN makes a
   * {@code FusedReduce} in many (sums, means, products, maxima and minima of elementwise
   * results), on the JVM and on the CUDA backends (which render it in their reduce kernels).
   */
  @Test
  void fastRunFusesReductionsOfTheGeneratedGraphs() {
    java.util.Set<String> kinds = new java.util.TreeSet<>();
    int graphs = 0;
    for (int g = 0; g < 600; g++) {
      Case c = generate(SEED, g);
      Env env = new Env(c.dt(), c.shared());
      Map<Expr, Variable> memo = new IdentityHashMap<>();
      List<Variable> out = new ArrayList<>();
      try {
        for (Expr e : c.outputs()) {
          out.add(e.build(env, memo));
        }
        for (String backend : List.of("jvm", "cuda-interp")) {
          Function f = Theano.function(env.inputs(), out).backend(backend)
              .onUnusedInput(UnusedInputPolicy.IGNORE).build();
          boolean any = false;
          for (org.theano4j.graph.Apply a : f.graph().nodes()) {
            if (a.op() instanceof org.theano4j.tensor.FusedReduce r) {
              kinds.add(r.reduce().kind().name());
              any = true;
            }
          }
          graphs += any && backend.equals("jvm") ? 1 : 0;
        }
      } catch (RuntimeException e) {
        // a graph refused when built (a gradient the rules refuse) fuses nothing
      }
    }
    org.assertj.core.api.Assertions.assertThat(graphs).as("graphs with a FusedReduce")
        .isGreaterThan(120);
    org.assertj.core.api.Assertions.assertThat(kinds)
        .contains("SUM", "PROD", "MAX", "MIN");
  }

  @Test
  void modesAndBackendsAgreeOnRandomGraphsWithRandomUpdates() {
    List<String> failures = new ArrayList<>();
    int failing = 0;
    long t0 = System.nanoTime();
    int g = 0;
    for (; g < GRAPHS && failures.size() < 3; g++) {
      Case c = generate(SEED, g);
      Result want = run(c, REFERENCE);
      failing += want.error() != null ? 1 : 0;
      String[] m = mismatch(c, OTHERS, want);
      if (m == null) {
        continue;
      }
      Config cfg = OTHERS.stream().filter(x -> x.name().equals(m[0])).findFirst().orElseThrow();
      Case small = shrink(c, cfg);
      String[] sm = mismatch(small, List.of(cfg));
      failures.add("graph " + g + " (seed " + SEED + ", -Dtheano4j.fuzz.seed=" + SEED
          + "): " + m[0] + " disagrees with " + REFERENCE.name() + ": " + m[1]
          + "\nshrunk: " + (sm == null ? m[1] : sm[1]) + "\nreproduction:\n" + java(small, cfg));
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("ModeBackendFuzzTest: %d graphs x %d configurations in %.1f s (%.0f graphs/s),"
        + " seed %d, %d calls failing in every configuration (bad index or label, refused"
        + " gradient), %d mismatches%n",
        g, OTHERS.size() + 1, s, g / s, SEED, failing, failures.size());
    if (!failures.isEmpty()) {
      fail(String.join("\n\n", failures));
    }
  }
}
