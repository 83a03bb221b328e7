package org.theano4j.numpy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.theano4j.testing.NumpyPython;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.compile.Mode;
import org.theano4j.compile.UnusedInputPolicy;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;

/**
 * Differential test against NumPy (issue 16): {@link #COUNT} random expressions from
 * {@link Generator}, evaluated by us in FAST_RUN, FAST_COMPILE, DEBUG and on
 * {@code cuda-interp}, and by NumPy in one python3 process ({@code numpy_eval.py}), compared
 * on dtype, shape and value. Our modes and backends must always agree with each other (DEBUG
 * may refuse a NaN or infinity, by design); a difference from NumPy must be one of the
 * {@link IntendedDifferences} (Theano's type rules, see docs/semantics.md). A mismatch prints
 * the seed and a reproduction in Java and in NumPy.
 *
 * <p>Soak: {@code mvn -B -o -pl codegen-cuda -am test -Dtest=NumpyDifferentialTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtheano4j.numpy.seed=7 -Dtheano4j.numpy.count=100000}
 * ({@code -Dtheano4j.numpy.exclude=empty,nonfinite} looks past known bugs in those features;
 * {@code -Dtheano4j.numpy.python=...} picks the interpreter, else python3, else
 * /usr/bin/python3, the first with numpy). Skipped, visibly, without
 * python3 or numpy.
 */
class NumpyDifferentialTest {
  static final long SEED = Long.getLong("theano4j.numpy.seed", 16);
  static final int COUNT = Integer.getInteger("theano4j.numpy.count", 10_000);
  static final Set<String> EXCLUDE = new HashSet<>(Arrays.asList(
      System.getProperty("theano4j.numpy.exclude", "").split(",")));
  /** Only these case ids ({@code -Dtheano4j.numpy.cases=12,345}), to reproduce a report. */
  static final String ONLY = System.getProperty("theano4j.numpy.cases", "");
  private static final int BATCH = 40;
  private static final int SHOWN = 25;

  /** Where we evaluate. */
  enum Config {
    FAST_RUN(Mode.FAST_RUN, "jvm"), FAST_COMPILE(Mode.FAST_COMPILE, "jvm"),
    DEBUG(Mode.DEBUG, "jvm"), CUDA_INTERP(Mode.FAST_RUN, "cuda-interp");

    final Mode mode;
    final String backend;

    Config(Mode mode, String backend) {
      this.mode = mode;
      this.backend = backend;
    }
  }

  /** How a case ended. */
  enum Outcome { AGREE, AGREE_INTENDED, BOTH_REFUSE, MISMATCH }

  @Test
  void randomExpressionsAgreeWithNumpy(@TempDir Path dir) throws Exception {
    NumpyPython found = NumpyPython.find();
    assumeTrue(found != null, "NumPy differential test skipped: '-c \"import numpy\"' "
        + "failed with each of " + NumpyPython.candidates() + " (install python3-numpy, as "
        + ".ci/run does, or name an interpreter with -Dtheano4j.numpy.python=...)");
    String python = found.interpreter();
    String version = found.version();
    assumeTrue(found.major() >= 2, "NumPy differential test skipped: " + python
        + " has NumPy " + version + ", and our semantics follow NumPy 2 (NEP 50 promotion, "
        + "floor/ceil of integers keep the integer dtype, a NaN clip bound gives NaN); name "
        + "an interpreter with NumPy 2 with -Dtheano4j.numpy.python=...");
    Set<String> exclude = new HashSet<>(EXCLUDE);
    if (!found.imports("scipy.special")) {
      // Visible, not silent: NumPy has no erf, erfinv, gammaln or psi.
      Generator.SCIPY.forEach(s -> exclude.add(s.opName()));
      System.out.println("NumpyDifferentialTest: " + python + " has no scipy.special; "
          + Generator.SCIPY + " are not drawn (install scipy to compare them)");
    }
    long t0 = System.nanoTime();
    Generator gen = new Generator(SEED, exclude);
    List<Case> cases = new ArrayList<>();
    if (ONLY.isEmpty()) {
      for (int i = 0; i < COUNT; i++) {
        cases.add(gen.generate(i));
      }
    } else {
      for (String id : ONLY.split(",")) {
        cases.add(gen.generate(Integer.parseInt(id.trim())));
      }
    }
    NumpyOracle.Pending numpy = NumpyOracle.start(python, cases, dir);
    long t1 = System.nanoTime();
    Map<Config, Object[]> ours = new EnumMap<>(Config.class);
    for (Config cfg : Config.values()) {
      ours.put(cfg, evaluate(cases, cfg));
    }
    long t2 = System.nanoTime();
    Map<Integer, NumpyOracle.Answer> answers = numpy.answers();
    long t3 = System.nanoTime();

    Map<String, int[]> perCategory = new TreeMap<>();
    Map<IntendedDifferences, Integer> intended = new EnumMap<>(IntendedDifferences.class);
    List<String> failures = new ArrayList<>();
    Map<String, Integer> failuresByOp = new TreeMap<>();
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      Object[] results = new Object[Config.values().length];
      for (Config cfg : Config.values()) {
        results[cfg.ordinal()] = ours.get(cfg)[i];
      }
      List<String> problems = new ArrayList<>();
      Outcome o;
      try {
        o = check(c, answers.get(c.id), results, problems, intended);
      } catch (RuntimeException e) {
        problems.add("reading our result throws " + e);
        o = Outcome.MISMATCH;
      }
      perCategory.computeIfAbsent(c.category(), k -> new int[Outcome.values().length])
          [o.ordinal()]++;
      if (o == Outcome.MISMATCH) {
        failuresByOp.merge(c.category(), 1, Integer::sum);
        if (failures.size() < SHOWN || !ONLY.isEmpty()) {
          failures.add(report(c, answers.get(c.id), results, problems));
        } else {
          failures.add(c.id + ": " + problems.get(0));
        }
      }
    }
    System.out.println(summary(python + ", numpy " + version, perCategory, intended, t0, t1,
        t2, t3));
    assertThat(failures).as("%d of %d expressions differ from NumPy (seed %d, numpy %s) "
        + "without an intended difference; by root op %s. Reproductions:%n%s", failures.size(),
        cases.size(), SEED, version, failuresByOp, String.join("\n", failures)).isEmpty();
  }

  // ------------------------------------------------------------------ our evaluation

  private static Object[] evaluate(List<Case> cases, Config cfg) {
    Object[] out = new Object[cases.size()];
    for (int s = 0; s < cases.size(); s += BATCH) {
      List<Integer> batch = new ArrayList<>();
      for (int i = s; i < Math.min(cases.size(), s + BATCH); i++) {
        if (cases.get(i).root != null) {
          batch.add(i);
        }
      }
      evaluate(cases, batch, cfg, out);
    }
    return out;
  }

  /** One function for the whole batch; if it fails, each half again, down to one case. */
  private static void evaluate(List<Case> cases, List<Integer> batch, Config cfg,
      Object[] out) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      List<NDArray> r = run(cases, batch, cfg);
      for (int k = 0; k < batch.size(); k++) {
        out[batch.get(k)] = r.get(k);
      }
    } catch (RuntimeException | AssertionError | StackOverflowError e) {
      if (batch.size() == 1) {
        out[batch.get(0)] = e;
        return;
      }
      int h = batch.size() / 2;
      evaluate(cases, batch.subList(0, h), cfg, out);
      evaluate(cases, batch.subList(h, batch.size()), cfg, out);
    }
  }

  private static List<NDArray> run(List<Case> cases, List<Integer> which, Config cfg) {
    List<Variable> ins = new ArrayList<>();
    List<Variable> outs = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    for (int i : which) {
      Case c = cases.get(i);
      for (Case.Leaf l : c.leaves) {
        ins.add(l.var());
        args.add(l.value());
      }
      outs.add(c.root);
    }
    Function f = Theano.function(ins, outs).mode(cfg.mode).backend(cfg.backend)
        .onUnusedInput(UnusedInputPolicy.IGNORE).build();
    return f.call(args.toArray());
  }

  // ------------------------------------------------------------------ comparison

  private static Outcome check(Case c, NumpyOracle.Answer np, Object[] results,
      List<String> problems, Map<IntendedDifferences, Integer> intended) {
    if (np == null) {
      problems.add("no NumPy answer");
      return Outcome.MISMATCH;
    }
    if (c.root == null) {
      Case.Node n = c.last();
      IntendedDifferences why = np.ok() ? IntendedDifferences.explain(n, "ok") : null;
      if (why != null) {
        intended.merge(why, 1, Integer::sum);
        return Outcome.AGREE_INTENDED;
      }
      if (np.ok()) {
        problems.add("we refuse '" + n.java() + "' (" + n.refusal() + ") but NumPy computes "
            + np.dtype() + " " + Arrays.toString(np.shape()));
        return Outcome.MISMATCH;
      }
      return Outcome.BOTH_REFUSE;
    }
    boolean anyIntended = false;
    for (Map.Entry<Integer, String> d : np.rules().entrySet()) {
      IntendedDifferences why = IntendedDifferences.ofRule(d.getValue());
      if (why == null) {
        problems.add("numpy_eval.py applied an unknown rule " + d.getValue());
      } else {
        intended.merge(why, 1, Integer::sum);
        anyIntended = true;
      }
    }
    for (Map.Entry<Integer, String> d : np.diffs().entrySet()) {
      Case.Node n = c.nodes.get(d.getKey());
      IntendedDifferences why = IntendedDifferences.explain(n, d.getValue());
      boolean bothRaise = d.getValue().startsWith("!") && !np.ok()
          && results[Config.FAST_RUN.ordinal()] instanceof Throwable;
      if (why == null && !bothRaise) {
        problems.add("n" + d.getKey() + " = " + n.java() + ": our dtype " + n.ours()
            + ", NumPy's " + d.getValue());
      } else if (why != null) {
        intended.merge(why, 1, Integer::sum);
        anyIntended = true;
      }
    }
    // Our modes and backends agree with each other.
    Object ref = results[Config.FAST_RUN.ordinal()];
    // After an ill-conditioned node NumPy's values may be finite where ours are not (erfinv of
    // our correctly rounded 1.0 is inf, of NumPy's 0.99999994 3.83), so DEBUG may refuse.
    boolean valuesMeaningless = np.rules().containsValue(
        IntendedDifferences.ILL_CONDITIONED.rule());
    for (Config cfg : Config.values()) {
      Object r = results[cfg.ordinal()];
      if (r instanceof Throwable) {
        Throwable t = (Throwable) r;
        if (!(t instanceof TheanoException || t instanceof IllegalArgumentException)) {
          problems.add(cfg + " throws " + t);
        }
        IntendedDifferences why = IntendedDifferences.explainError(t.getMessage());
        if (why != null && cfg == Config.FAST_RUN) {
          intended.merge(why, 1, Integer::sum);
          return problems.isEmpty() ? Outcome.AGREE_INTENDED : Outcome.MISMATCH;
        }
        if (cfg == Config.DEBUG && (np.nonfinite() || valuesMeaningless)
            && String.valueOf(t.getMessage())
            .matches("(?s).*(NaN|Inf|inf|nan).*")) {
          continue;
        }
      }
      if (cfg == Config.FAST_RUN) {
        continue;
      }
      if ((r instanceof Throwable) != (ref instanceof Throwable)) {
        problems.add(cfg + " gives " + brief(r) + " but FAST_RUN gives " + brief(ref));
      } else if (r instanceof NDArray) {
        String p = compare((NDArray) r, ((NDArray) ref).dtype().numpyName(),
            ((NDArray) ref).shape(), strings((NDArray) ref), c.inexact, c.lowPrecision, false);
        if (p != null) {
          problems.add(cfg + " differs from FAST_RUN: " + p);
        }
      }
    }
    if (!np.ok()) {
      if (!(ref instanceof Throwable)) {
        problems.add("NumPy raises " + np.status().substring(4) + " but we compute "
            + brief(ref));
      }
      return problems.isEmpty() ? Outcome.BOTH_REFUSE : Outcome.MISMATCH;
    }
    if (ref instanceof Throwable) {
      problems.add("we raise " + brief(ref) + " but NumPy computes " + np.dtype() + " "
          + Arrays.toString(np.shape()));
    } else {
      String p = compare((NDArray) ref, np.dtype(), np.shape(), np.values(), c.inexact,
          c.lowPrecision, valuesMeaningless);
      if (p != null) {
        problems.add("value: " + p);
      }
    }
    if (!problems.isEmpty()) {
      return Outcome.MISMATCH;
    }
    return anyIntended ? Outcome.AGREE_INTENDED : Outcome.AGREE;
  }

  /**
   * Null when {@code a} has that dtype, shape and values (within a tolerance if inexact; only
   * NaN positions where {@code onlyNaNs}, after an ill-conditioned node).
   */
  private static String compare(NDArray a, String dtype, int[] shape, String[] values,
      boolean inexact, boolean lowPrecision, boolean onlyNaNs) {
    if (!a.dtype().numpyName().equals(dtype)) {
      return "dtype " + a.dtype() + ", expected " + dtype;
    }
    if (!Arrays.equals(a.shape(), shape)) {
      return "shape " + Arrays.toString(a.shape()) + ", expected " + Arrays.toString(shape);
    }
    if (!a.dtype().isFloat()) {
      long[] v = a.toLongArray();
      for (int i = 0; i < v.length; i++) {
        if (v[i] != Long.parseLong(values[i])) {
          return "element " + i + " is " + v[i] + ", expected " + values[i];
        }
      }
      return null;
    }
    double[] v = a.toDoubleArray();
    double[] e = new double[v.length];
    double scale = 1;
    for (int i = 0; i < v.length; i++) {
      e[i] = Literals.parse(values[i]);
      if (Double.isFinite(e[i])) {
        scale = Math.max(scale, Math.abs(e[i]));
      }
    }
    // A float64 value computed from a rounded float32 one carries float32's error.
    double tol = !inexact ? 0
        : (a.dtype() == DType.FLOAT32 || lowPrecision ? 1e-4 : 1e-9) * scale;
    for (int i = 0; i < v.length; i++) {
      boolean same;
      if (Double.isNaN(e[i]) || onlyNaNs) {
        same = Double.isNaN(v[i]) == Double.isNaN(e[i]);
      } else if (!inexact || Double.isInfinite(e[i])) {
        same = Double.compare(v[i], e[i]) == 0 || (inexact && v[i] == e[i]);
      } else {
        same = Math.abs(v[i] - e[i]) <= tol;
      }
      if (!same) {
        return "element " + i + " is " + v[i] + ", expected " + e[i]
            + (inexact ? " (tolerance " + tol + ")" : " (exact)");
      }
    }
    return null;
  }

  private static String[] strings(NDArray a) {
    if (a.dtype().isFloat()) {
      return Arrays.stream(a.toDoubleArray()).mapToObj(Literals::exchange)
          .toArray(String[]::new);
    }
    return Arrays.stream(a.toLongArray()).mapToObj(Long::toString).toArray(String[]::new);
  }

  private static String brief(Object r) {
    if (r instanceof NDArray) {
      NDArray a = (NDArray) r;
      return a.dtype() + " " + Arrays.toString(a.shape());
    }
    return String.valueOf(r).split("\n")[0];
  }

  private static String report(Case c, NumpyOracle.Answer np, Object[] results,
      List<String> problems) {
    StringBuilder s = new StringBuilder("---- case " + c.id + " (seed " + SEED + "): "
        + String.join("; ", problems) + "\n");
    for (Config cfg : Config.values()) {
      Object r = results[cfg.ordinal()];
      String shown;
      try {
        shown = r instanceof NDArray ? brief(r) + " " + Arrays.toString(strings((NDArray) r))
            : brief(r);
      } catch (RuntimeException e) {
        shown = brief(r) + ", reading it throws " + e;
      }
      s.append("  ").append(cfg).append(": ").append(shown).append('\n');
    }
    if (np != null) {
      s.append("  NumPy: ").append(np.status()).append(' ').append(np.dtype()).append(' ')
          .append(Arrays.toString(np.shape())).append(' ')
          .append(Arrays.toString(np.values())).append('\n');
    }
    return s.append("Java:\n").append(c.java()).append("NumPy:\n").append(c.numpy()).toString();
  }

  private static String summary(String version, Map<String, int[]> perCategory,
      Map<IntendedDifferences, Integer> intended, long t0, long t1, long t2, long t3) {
    StringBuilder s = new StringBuilder(String.format(
        "NumPy differential test: seed %d, %d expressions, %s, exclude %s; "
        + "generating %.1f s, ours (4 configurations, NumPy running meanwhile) %.1f s, "
        + "then waiting for NumPy %.1f s%n", SEED, COUNT, version, EXCLUDE,
        (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9));
    s.append("| root op | expressions | agree | agree after an intended difference "
        + "| both refuse | mismatch |\n| --- | --- | --- | --- | --- | --- |\n");
    int[] total = new int[Outcome.values().length];
    Map<String, int[]> rows = new LinkedHashMap<>(perCategory);
    for (Map.Entry<String, int[]> e : rows.entrySet()) {
      int[] n = e.getValue();
      s.append(String.format("| %s | %d | %d | %d | %d | %d |%n", e.getKey(),
          Arrays.stream(n).sum(), n[0], n[1], n[2], n[3]));
      for (int i = 0; i < n.length; i++) {
        total[i] += n[i];
      }
    }
    s.append(String.format("| all | %d | %d | %d | %d | %d |%n", Arrays.stream(total).sum(),
        total[0], total[1], total[2], total[3]));
    s.append("Intended differences (nodes): ").append(intended);
    return s.toString();
  }
}
