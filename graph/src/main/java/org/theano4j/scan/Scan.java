package org.theano4j.scan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.theano4j.TheanoException;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Constant;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.SourceSite;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.ScanOp;
import org.theano4j.tensor.T;

/**
 * Theano's {@code scan}: a loop inside the graph. {@code fn} is called once, with symbolic
 * values for one step — the current slices of the sequences (one per tap), then the previous
 * values of the outputs fed back (one per tap), then the non-sequences — and returns the step's
 * outputs; the result stacks each output along a new axis 0.
 *
 * <pre>{@code
 * // h_t = tanh(x_t W + h_{t-1} U): x (steps, batch, in), h0 (batch, hidden)
 * Scan.Result r = Scan.scan(a -> List.of(T.tanh(T.dot(a.get(0), W).add(T.dot(a.get(1), U)))),
 *     List.of(x), List.of(h0), List.of());
 * Variable h = r.outputs().get(0);           // (steps, batch, hidden)
 * }</pre>
 *
 * <p>Options ({@code until}, {@code goBackwards}, {@code truncateGradient}, updates of shared
 * variables inside the loop) are set with {@link #builder()}. See docs/scan.md.
 */
public final class Scan {
  private Scan() {}

  /**
   * A sequence or an initial value with explicit taps: Theano's
   * {@code dict(input=x, taps=[-1, 0, 1])} or {@code dict(initial=h0, taps=[-2, -1])}.
   */
  public static final class Taps {
    private final Variable value;
    private final int[] taps;

    private Taps(Variable value, int[] taps) {
      this.value = value;
      this.taps = taps;
    }

    public Variable value() {
      return value;
    }

    public int[] taps() {
      return taps.clone();
    }

    @Override
    public String toString() {
      return "Taps(" + value + ", " + Arrays.toString(taps) + ")";
    }
  }

  /**
   * {@code value} read at several taps. For a sequence, step {@code t} reads rows
   * {@code t + k + max(0, -min tap)} (taps any integers); for an initial value, taps are
   * negative and {@code value} holds {@code -min tap} rows: row {@code K - j} is the state
   * {@code j} steps before the first (so for taps {@code [-2, -1]} row 0 is x[-2], row 1 x[-1]),
   * except for the single tap {@code -1}, where {@code value} is the initial state itself (as
   * a plain initial value, and as Theano's {@code dict(initial=h0, taps=[-1])}).
   */
  public static Taps taps(Variable value, int... taps) {
    if (value == null || taps == null) {
      throw new TheanoException("Scan.taps: the " + (value == null ? "value" : "taps array")
          + " is null");
    }
    if (taps.length == 0) {
      throw new TheanoException("Scan.taps: no taps given for " + value.describe());
    }
    int[] t = taps.clone();
    Arrays.sort(t);
    for (int i = 1; i < t.length; i++) {
      if (t[i] == t[i - 1]) {
        throw new TheanoException("Scan.taps: tap " + t[i] + " appears twice for "
            + value.describe());
      }
    }
    return new Taps(value, t);
  }

  /** What {@code fn} returns for one step: its outputs, an optional stop condition, updates. */
  public static final class Step {
    private final List<Variable> outputs;
    private Variable until;
    private final Map<SharedVariable, Variable> updates = new LinkedHashMap<>();

    private Step(List<Variable> outputs) {
      this.outputs = outputs;
    }

    /** The step's outputs, one per entry of {@code outputsInfo}. */
    public static Step of(List<? extends Variable> outputs) {
      if (outputs == null) {
        throw new TheanoException("Scan.Step.of: the outputs list is null");
      }
      return new Step(new ArrayList<>(outputs));
    }

    public static Step of(Variable... outputs) {
      return of(Arrays.asList(outputs));
    }

    /**
     * Theano's {@code until}: the loop stops after the first step whose scalar {@code cond} is
     * true (nonzero); the outputs hold the steps actually run.
     */
    public Step until(Variable cond) {
      this.until = cond;
      return this;
    }

    /**
     * Shared variables updated by the loop: inside, each step sees the value the previous step
     * gave; after it, {@link Result#updates()} holds the last value (pass it to
     * {@code Theano.function(...).updates(...)}).
     */
    public Step updates(Map<SharedVariable, ? extends Variable> updates) {
      if (updates == null) {
        throw new TheanoException("Scan.Step.updates: the map is null");
      }
      this.updates.putAll(updates);
      return this;
    }
  }

  /** The symbolic results: stacked outputs and the updates of shared variables. */
  public static final class Result {
    private final List<Variable> outputs;
    private final Map<SharedVariable, Variable> updates;

    private Result(List<Variable> outputs, Map<SharedVariable, Variable> updates) {
      this.outputs = List.copyOf(outputs);
      this.updates = Collections.unmodifiableMap(updates);
    }

    /** Each output stacked along a new axis 0, one row per step run. */
    public List<Variable> outputs() {
      return outputs;
    }

    /** Output {@code i} (as {@code outputs().get(i)}). */
    public Variable output(int i) {
      return outputs.get(i);
    }

    /**
     * The shared variables the loop updates (explicit updates and default updates such as
     * random streams' states) and their values after the loop; pass them as the function's
     * updates so that the next call continues from there.
     */
    public Map<SharedVariable, Variable> updates() {
      return updates;
    }
  }

  /**
   * {@code scan(fn, sequences, outputsInfo, nonSequences)}: entries of {@code sequences} are
   * variables or {@link Taps}; of {@code outputsInfo} an initial value (fed back at tap -1),
   * {@link Taps}, or null (an output not fed back, Theano's {@code None}); the number of steps
   * is the sequences' length.
   */
  public static Result scan(Function<List<Variable>, List<Variable>> fn, List<?> sequences,
      List<?> outputsInfo, List<? extends Variable> nonSequences) {
    return builder().fn(fn).sequences(sequences).outputsInfo(outputsInfo)
        .nonSequences(nonSequences).build();
  }

  /** As {@link #scan(Function, List, List, List)} with {@code nSteps}: an int or a scalar. */
  public static Result scan(Function<List<Variable>, List<Variable>> fn, List<?> sequences,
      List<?> outputsInfo, List<? extends Variable> nonSequences, Object nSteps) {
    return builder().fn(fn).sequences(sequences).outputsInfo(outputsInfo)
        .nonSequences(nonSequences).nSteps(nSteps).build();
  }

  /** A scan with every option. */
  public static Builder builder() {
    return new Builder();
  }

  /** The options of one scan; {@link #build()} makes the node. */
  public static final class Builder {
    private Function<List<Variable>, Step> step;
    private List<?> sequences = List.of();
    private List<?> outputsInfo = List.of();
    private List<? extends Variable> nonSequences = List.of();
    private Object nSteps;
    private boolean goBackwards;
    private int truncateGradient = -1;
    private String name = "Scan";

    private Builder() {}

    /** The step function returning the step's outputs. */
    public Builder fn(Function<List<Variable>, List<Variable>> fn) {
      if (fn == null) {
        throw new TheanoException("Scan: fn is null");
      }
      this.step = a -> Step.of(fn.apply(a));
      return this;
    }

    /** The step function returning a {@link Step} (outputs, {@code until}, updates). */
    public Builder step(Function<List<Variable>, Step> fn) {
      if (fn == null) {
        throw new TheanoException("Scan: the step function is null");
      }
      this.step = fn;
      return this;
    }

    public Builder sequences(List<?> s) {
      this.sequences = s;
      return this;
    }

    public Builder sequences(Object... s) {
      return sequences(s == null ? null : Arrays.asList(s));
    }

    public Builder outputsInfo(List<?> o) {
      this.outputsInfo = o;
      return this;
    }

    public Builder outputsInfo(Object... o) {
      return outputsInfo(o == null ? null : Arrays.asList(o));
    }

    public Builder nonSequences(List<? extends Variable> n) {
      this.nonSequences = n;
      return this;
    }

    public Builder nonSequences(Variable... n) {
      return nonSequences(n == null ? null : Arrays.asList(n));
    }

    /** The number of steps: an int, a long or an integer scalar variable. */
    public Builder nSteps(Object n) {
      this.nSteps = n;
      return this;
    }

    /** Iterate the sequences from their end; outputs are stored in the order computed. */
    public Builder goBackwards(boolean b) {
      this.goBackwards = b;
      return this;
    }

    /** Backpropagate through the last {@code k} steps only (k at least 1); -1: all. */
    public Builder truncateGradient(int k) {
      if (k == 0 || k < -1) {
        throw new TheanoException("Scan: truncateGradient must be -1 (all steps) or at least "
            + "1, got " + k);
      }
      this.truncateGradient = k;
      return this;
    }

    /** The op's name in printed graphs and error messages (default {@code Scan}). */
    public Builder name(String n) {
      if (n == null) {
        throw new TheanoException("Scan: the name is null");
      }
      this.name = n;
      return this;
    }

    /**
     * Calls the step function once and builds the scan node.
     *
     * @throws TheanoException naming the user's line for a malformed scan (see docs/scan.md)
     */
    public Result build() {
      SourceSite site = SourceSite.capture();
      if (step == null) {
        throw error("no step function (call fn(...) or step(...))", site);
      }
      if (sequences == null || outputsInfo == null || nonSequences == null) {
        throw error("the " + (sequences == null ? "sequences" : outputsInfo == null
            ? "outputsInfo" : "nonSequences") + " list is null (use List.of() for none)", site);
      }
      // sequences
      List<Variable> seqs = new ArrayList<>();
      List<int[]> seqTaps = new ArrayList<>();
      for (int i = 0; i < sequences.size(); i++) {
        Object e = sequences.get(i);
        Variable v = e instanceof Taps ? ((Taps) e).value : e instanceof Variable
            ? (Variable) e : null;
        if (v == null) {
          throw error("sequence " + i + " must be a Variable or Scan.taps(...), got "
              + (e == null ? "null" : e.getClass().getSimpleName()), site);
        }
        if (v.ndim() == 0) {
          throw error("sequence " + i + " " + v.describe() + " is a scalar; a sequence needs "
              + "a leading axis to loop over", site);
        }
        seqs.add(goBackwards ? v.get(T.slice(null, null, -1)) : v);
        seqTaps.add(e instanceof Taps ? ((Taps) e).taps : new int[] {0});
      }
      // outputs
      int nOut = outputsInfo.size();
      int[][] outTaps = new int[nOut][];
      boolean[] plain = new boolean[nOut];
      Variable[] inits = new Variable[nOut];
      for (int o = 0; o < nOut; o++) {
        Object e = outputsInfo.get(o);
        if (e == null) {
          outTaps[o] = new int[0];
        } else if (e instanceof Variable) {
          inits[o] = (Variable) e;
          outTaps[o] = new int[] {-1};
          plain[o] = true;
        } else if (e instanceof Taps && Arrays.equals(((Taps) e).taps, new int[] {-1})) {
          // Theano's dict(initial=h0, taps=[-1]) is h0 itself, as a plain initial value
          inits[o] = ((Taps) e).value;
          outTaps[o] = new int[] {-1};
          plain[o] = true;
        } else if (e instanceof Taps) {
          Taps t = (Taps) e;
          inits[o] = t.value;
          outTaps[o] = t.taps;
          if (t.taps[t.taps.length - 1] >= 0) {
            throw error("output " + o + ": taps of an output must be negative (the steps "
                + "before), got " + Arrays.toString(t.taps), site);
          }
          if (t.value.ndim() == 0) {
            throw error("output " + o + ": the initial value " + t.value.describe()
                + " of taps " + Arrays.toString(t.taps) + " must hold " + -t.taps[0]
                + " rows of states, got a scalar", site);
          }
        } else {
          throw error("outputsInfo entry " + o + " must be an initial value (Variable), "
              + "Scan.taps(...) or null, got " + e.getClass().getSimpleName(), site);
        }
      }
      for (int i = 0; i < nonSequences.size(); i++) {
        if (nonSequences.get(i) == null) {
          throw error("non-sequence " + i + " is null", site);
        }
      }
      // the step's symbolic arguments
      List<Variable> innerIns = new ArrayList<>();
      for (int s = 0; s < seqs.size(); s++) {
        Variable v = seqs.get(s);
        for (int k : seqTaps.get(s)) {
          innerIns.add(Variable.input(ScanOp.rowType(v), label(v, "sequence " + s)
              + "[t" + (k == 0 ? "" : k > 0 ? "+" + k : String.valueOf(k)) + "]"));
        }
      }
      for (int o = 0; o < nOut; o++) {
        for (int k : outTaps[o]) {
          TensorType st = plain[o] ? inits[o].type() : ScanOp.rowType(inits[o]);
          innerIns.add(Variable.input(st, label(inits[o], "output " + o) + "[t" + k + "]"));
        }
      }
      List<Variable> args = new ArrayList<>(innerIns);
      args.addAll(nonSequences);
      Step result = step.apply(Collections.unmodifiableList(args));
      if (result == null || result.outputs == null) {
        throw error("the step function returned null", site);
      }
      List<Variable> outs = result.outputs;
      if (outs.size() != nOut) {
        throw error("the step function returned " + outs.size() + " output"
            + (outs.size() == 1 ? "" : "s") + " but outputsInfo has " + nOut + " entr"
            + (nOut == 1 ? "y" : "ies") + " (one per output; null for an output not fed back)",
            site);
      }
      for (int o = 0; o < nOut; o++) {
        if (outs.get(o) == null) {
          throw error("the step function's output " + o + " is null", site);
        }
        if (outTaps[o].length > 0) {
          checkStateType(o, outs.get(o), inits[o], plain[o], site);
        }
      }
      if (result.until != null && result.until.ndim() != 0) {
        throw error("the until condition must be a scalar, got " + result.until.describe(),
            site);
      }
      // shared variables updated in the loop: explicit updates, then default updates (random
      // streams) of the shared variables the step reads
      Map<SharedVariable, Variable> updates = new LinkedHashMap<>(result.updates);
      for (Map.Entry<SharedVariable, Variable> u : updates.entrySet()) {
        if (u.getKey() == null || u.getValue() == null) {
          throw error("an update of the step has a null " + (u.getKey() == null ? "variable"
              : "value for " + u.getKey().describe()), site);
        }
        checkUpdate(u.getKey(), u.getValue(), site);
      }
      boolean grew = true;
      while (grew) {
        grew = false;
        for (Variable r : roots(targets(outs, updates, result.until))) {
          if (r instanceof SharedVariable && !updates.containsKey(r)
              && ((SharedVariable) r).defaultUpdate() != null) {
            updates.put((SharedVariable) r, ((SharedVariable) r).defaultUpdate());
            grew = true;
          }
        }
      }
      List<SharedVariable> states = new ArrayList<>(updates.keySet());
      // replace the states and the non-sequences by inner inputs, then every other free root
      // (a variable used directly by fn, a shared variable only read) by an implicit
      // non-sequence
      Map<Variable, Variable> givens = new IdentityHashMap<>();
      List<Variable> stateIns = new ArrayList<>();
      for (SharedVariable sv : states) {
        Variable in = Variable.input(sv.type(), label(sv, "state"));
        givens.put(sv, in);
        stateIns.add(in);
      }
      List<Variable> outerNonSeqs = new ArrayList<>();
      List<Variable> nonSeqIns = new ArrayList<>();
      for (Variable n : nonSequences) {
        if (!givens.containsKey(n)) {
          Variable in = Variable.input(n.type(), label(n, "non-sequence"));
          givens.put(n, in);
          outerNonSeqs.add(n);
          nonSeqIns.add(in);
        }
      }
      List<Variable> targets = targets(outs, updates, result.until);
      List<Variable> inner = Graphs.substitute(targets, givens, "the scan's inner inputs");
      Set<Variable> own = Collections.newSetFromMap(new IdentityHashMap<>());
      own.addAll(innerIns);
      own.addAll(stateIns);
      own.addAll(nonSeqIns);
      Map<Variable, Variable> free = new IdentityHashMap<>();
      for (Variable r : roots(inner)) {
        if (!own.contains(r) && !(r instanceof Constant)) {
          Variable in = Variable.input(r.type(), label(r, "non-sequence"));
          free.put(r, in);
          outerNonSeqs.add(r);
          nonSeqIns.add(in);
        }
      }
      inner = Graphs.substitute(inner, free, "the scan's inner inputs");
      // the number of steps
      Variable n = null;
      if (nSteps != null) {
        n = stepsVariable(nSteps, site);
      } else if (seqs.isEmpty()) {
        throw error("no sequences and no nSteps: give the number of steps with nSteps(...)",
            site);
      }
      List<Variable> allIns = new ArrayList<>(innerIns);
      allIns.addAll(stateIns);
      allIns.addAll(nonSeqIns);
      int[][] st = seqTaps.toArray(new int[0][]);
      ScanOp op = new ScanOp(allIns, inner, st, outTaps, plain, states.size(),
          nonSeqIns.size(), n != null, result.until != null, truncateGradient, name);
      List<Variable> outer = new ArrayList<>();
      if (n != null) {
        outer.add(n);
      }
      outer.addAll(seqs);
      for (int o = 0; o < nOut; o++) {
        if (outTaps[o].length > 0) {
          outer.add(inits[o]);
        }
      }
      outer.addAll(states);
      outer.addAll(outerNonSeqs);
      List<Variable> node = Apply.make(op, outer).outputs();
      Map<SharedVariable, Variable> ups = new LinkedHashMap<>();
      for (int i = 0; i < states.size(); i++) {
        ups.put(states.get(i), node.get(nOut + i));
      }
      return new Result(node.subList(0, nOut), ups);
    }
  }

  private static List<Variable> targets(List<Variable> outs, Map<SharedVariable, Variable> ups,
      Variable until) {
    List<Variable> t = new ArrayList<>(outs);
    t.addAll(ups.values());
    if (until != null) {
      t.add(until);
    }
    return t;
  }

  /** The roots the variables depend on (each once, in the order found). */
  private static List<Variable> roots(List<Variable> vars) {
    Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Variable> out = new ArrayList<>();
    for (Variable v : vars) {
      if (v.isRoot() && seen.add(v)) {
        out.add(v);
      }
    }
    for (Apply a : Graphs.toposort(vars)) {
      for (Variable v : a.inputs()) {
        if (v.isRoot() && seen.add(v)) {
          out.add(v);
        }
      }
    }
    return out;
  }

  private static void checkStateType(int o, Variable out, Variable init, boolean plain,
      SourceSite site) {
    TensorType want = plain ? init.type() : ScanOp.rowType(init);
    TensorType got = out.type();
    if (!ScanOp.fits(want, got)) {
      throw error("output " + o + " of the step function, " + out.describe() + ", has type "
          + got + " but its initial value " + init.describe() + (plain ? "" : " (rows of)")
          + " gives the state type " + want + " (expected the same dtype, rank and known "
          + "sizes: the output is fed back as the next step's state; cast one of them)", site);
    }
  }

  private static void checkUpdate(SharedVariable sv, Variable v, SourceSite site) {
    if (sv.dtype() != v.dtype() || sv.ndim() != v.ndim()) {
      throw error("the update of shared variable " + sv.describe() + " has type " + v.type()
          + " (" + v.describe() + "), expected " + sv.type(), site);
    }
  }

  private static Variable stepsVariable(Object n, SourceSite site) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      long v = ((Number) n).longValue();
      if (v < 0) {
        throw error("nSteps is negative (" + v + "); give a number of steps of at least 1 "
            + "(to iterate backwards use goBackwards(true))", site);
      }
      return T.constant(org.theano4j.ndarray.NDArray.scalar(v));
    }
    if (n instanceof Variable) {
      Variable v = (Variable) n;
      if (v.ndim() != 0 || v.dtype().isFloat() || v.dtype() == DType.BOOL) {
        throw error("nSteps must be an integer scalar, got " + v.describe(), site);
      }
      return v.dtype() == DType.INT64 ? v : T.cast(v, DType.INT64);
    }
    throw error("nSteps must be an int, a long or an integer scalar Variable, got "
        + n.getClass().getSimpleName(), site);
  }

  private static String label(Variable v, String fallback) {
    return v.name() != null ? v.name() : fallback;
  }

  private static TheanoException error(String what, SourceSite site) {
    return new TheanoException("scan: " + what + "\n  building the node at " + site);
  }
}
