package org.theano4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.theano4j.compile.Arguments;
import org.theano4j.compile.CompileOptions;
import org.theano4j.compile.Executable;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.compile.ProfileStats;
import org.theano4j.compile.ResidentExecutable;
import org.theano4j.graph.Constant;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Storage;
import org.theano4j.rewrite.RewriteReport;

/**
 * A compiled function. {@link #call} takes one argument per input (an NDArray, a Java number
 * or a primitive array) and returns one array per output.
 *
 * <p>A call either completes, committing all updates together, or throws and leaves every
 * shared variable unchanged. Calls of one function are serialised (a function may be shared
 * between threads, but its calls do not run in parallel). A call holds the locks of all the
 * shared variables it reads or updates, taken in their creation order, from reading their
 * values until its updates are committed (see {@link SharedVariable}): calls of different
 * functions that share variables run one after the other, never interleaved, and cannot
 * deadlock; calls whose variables are disjoint run in parallel.
 */
public final class Function {
  private final FunctionGraph graph;
  private final List<SharedVariable> updateTargets;
  private final Executable executable;
  private final CompileOptions options;
  private final NDArray[] scalarArgs;
  private final RewriteReport report;
  /** The shared variables the graph reads or updates, in lock order. */
  private final SharedVariable[] locks;
  /**
   * Working state of a call, kept between calls so that a steady-state call does not allocate
   * it (calls are serialised): the root values, and the storage a result must not share.
   * Both are emptied at the end of each call, so they keep no value alive.
   */
  private final NDArray[] values;
  private final Set<Storage> taken = Collections.newSetFromMap(new IdentityHashMap<>());
  /**
   * Per input, whether a node may overwrite it in place (built with {@code
   * destroyableInputs}): {@link #call} then passes a copy, never the caller's array.
   */
  private final boolean[] overwritten;
  /** With borrowed outputs: the outputs of the last call, and the list lent over them. */
  private final NDArray[] lentOutputs;
  private final List<NDArray> lentList;

  Function(FunctionGraph graph, List<SharedVariable> updateTargets, Executable executable,
      CompileOptions options, RewriteReport report) {
    this.graph = graph;
    this.updateTargets = updateTargets;
    this.executable = executable;
    this.options = options;
    this.report = report;
    this.scalarArgs = new NDArray[graph.inputs().size()];
    List<SharedVariable> used = new ArrayList<>(updateTargets);
    for (Variable r : graph.roots()) {
      if (r instanceof SharedVariable) {
        used.add((SharedVariable) r);
      }
    }
    this.locks = SharedVariable.lockOrder(used);
    this.values = new NDArray[graph.roots().size()];
    this.overwritten = new boolean[graph.inputs().size()];
    graph.destroyMap().forEach((node, idx) -> {
      int i = graph.inputs().indexOf(node.input(idx));
      if (i >= 0) {
        overwritten[i] = true;
      }
    });
    this.lentOutputs = new NDArray[graph.userOutputCount()];
    this.lentList = Collections.unmodifiableList(Arrays.asList(lentOutputs));
  }

  /**
   * What the optimiser did: node counts before and after, time per phase, and (when compiled
   * with {@code trace(true)}) every rule application.
   */
  public RewriteReport rewriteReport() {
    return report;
  }

  /**
   * Per-node times and calls when compiled with {@code profile(true)} (print it with
   * {@code summary()}), else null.
   */
  public ProfileStats profile() {
    return executable.profile();
  }

  /** Runs the function; see the class comment. */
  public synchronized List<NDArray> call(Object... args) {
    List<Variable> inputs = graph.inputs();
    if (args == null) {
      throw new TheanoException("expected " + inputs.size() + " argument"
          + (inputs.size() == 1 ? "" : "s") + " " + inputs + ", got a null argument array"
          + " (null is not a value of any input)");
    }
    if (args.length != inputs.size()) {
      throw new TheanoException("expected " + inputs.size() + " argument"
          + (inputs.size() == 1 ? "" : "s") + " " + inputs + ", got " + args.length);
    }
    List<Variable> roots = graph.roots();
    try {
      for (int i = 0; i < args.length; i++) {
        Variable r = roots.get(i);
        values[i] = args[i] instanceof Number && r.ndim() == 0
            ? Arguments.convertNumber((Number) args[i], r, i, scalarArgument(i, r))
            : Arguments.convert(args[i], r, i);
        if (overwritten[i]) {
          values[i] = values[i].copy();
        }
      }
      SharedVariable.lockAll(locks);
      try {
        return callLocked(values);
      } finally {
        SharedVariable.unlockAll(locks);
      }
    } finally {
      Arrays.fill(values, null);
      taken.clear();
    }
  }

  /**
   * The call once the arguments are converted ({@code values} holds them) and the shared
   * variables' locks are held: reads the shared values, runs, commits the updates.
   */
  private List<NDArray> callLocked(NDArray[] values) {
    List<Variable> roots = graph.roots();
    boolean resident = executable instanceof ResidentExecutable;
    for (int i = graph.inputs().size(); i < roots.size(); i++) {
      Variable r = roots.get(i);
      if (r instanceof SharedVariable) {
        values[i] = resident ? null : ((SharedVariable) r).getValue(true);
      } else {
        values[i] = ((Constant) r).value();
      }
    }
    if (resident) {
      return callResident((ResidentExecutable) executable, values);
    }
    NDArray[] results = executable.run(values);
    int nOut = graph.userOutputCount();
    for (NDArray v : values) {
      taken.add(v.storage());
    }
    // With borrowed outputs the list, like the arrays in it, is lent until the next call.
    boolean lend = options.borrowOutputs();
    NDArray[] outs = lend ? lentOutputs : new NDArray[nOut];
    for (int i = 0; i < nOut; i++) {
      NDArray r = results[i];
      // An output that aliases a caller's array or a shared value is returned as a copy.
      outs[i] = taken.contains(r.storage()) ? r.copy() : r;
      taken.add(outs[i].storage());
    }
    for (int i = 0; i < updateTargets.size(); i++) {
      SharedVariable target = updateTargets.get(i);
      NDArray r = results[nOut + i];
      // A new value may reuse its own variable's buffer (an in-place update) but must not
      // share storage with an argument, another shared value, a returned output or another
      // update: a later in-place update would change them too.
      boolean own = r.storage() == target.getValue(true).storage();
      NDArray v = !own && taken.contains(r.storage()) ? r.copy() : r;
      taken.add(v.storage());
      target.setValue(v, true);
    }
    Arrays.fill(results, null);
    return lend ? lentList : new ArrayList<>(Arrays.asList(outs));
  }

  /**
   * A call of a backend that keeps shared variables in its memory: outputs come back as fresh
   * host arrays (the executable's contract), updates as device values committed together once
   * the call succeeded.
   */
  private List<NDArray> callResident(ResidentExecutable ex, NDArray[] values) {
    ResidentExecutable.Result r = ex.runResident(values);
    for (int i = 0; i < updateTargets.size(); i++) {
      updateTargets.get(i).commitDeviceValue(r.updates()[i]);
    }
    return new ArrayList<>(Arrays.asList(r.outputs()));
  }

  /**
   * The 0-d array that holds a Java number passed for input {@code i}: made once and
   * overwritten on later calls, as no caller ever sees it (an output or update that would
   * alias it is copied).
   */
  private NDArray scalarArgument(int i, Variable input) {
    if (scalarArgs[i] == null) {
      scalarArgs[i] = NDArray.zeros(input.dtype());
    }
    return scalarArgs[i];
  }

  /**
   * Runs the compiled graph on values of all its roots ({@link #graph()}{@code .roots()}: the
   * inputs, then the shared variables' and constants' values) as they are: no conversion, no
   * check, no lock, no update committed; outputs may alias the values given. Internal: for a
   * backend that runs an inner graph many times (a scan's step), after checking its values
   * once. Not synchronised: the caller serialises calls.
   */
  public NDArray[] runGraph(NDArray[] roots) {
    return executable.run(roots);
  }

  /**
   * Hands back to the executable the buffer of {@code value}, an output of an earlier
   * {@link #runGraph} that nothing will read or write any more, so that a later run may reuse
   * it instead of allocating. Internal: for a backend that feeds each run's outputs to the next
   * (a scan's states).
   */
  public void releaseGraphValue(NDArray value) {
    executable.release(value);
  }

  /** The compiled graph (for printing and inspection). */
  public FunctionGraph graph() {
    return graph;
  }

  public CompileOptions options() {
    return options;
  }

  /** The shared variables this function updates, in order. */
  public List<SharedVariable> updateTargets() {
    return updateTargets;
  }

  @Override
  public String toString() {
    return "Function(inputs=" + graph.inputs() + ", outputs="
        + graph.outputs().subList(0, graph.userOutputCount()) + ", updates="
        + Arrays.toString(updateTargets.toArray()) + ")";
  }
}
