package org.theano4j.jvm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.theano4j.TheanoException;
import org.theano4j.compile.Executable;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.compile.LazyBranches;
import org.theano4j.compile.Mode;
import org.theano4j.compile.ProfileStats;
import org.theano4j.graph.Apply;
import org.theano4j.graph.TensorType;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.ArrayArena;
import org.theano4j.ndarray.NDArray;
import org.theano4j.ndarray.Storage;
import org.theano4j.ndarray.StoragePool;
import org.theano4j.tensor.IfElse;

/**
 * Runs a {@link FunctionGraph} node by node. Each variable has a slot; a slot is cleared
 * after its last reader so memory is released as early as possible.
 */
final class Interpreter implements Executable {
  private final FunctionGraph graph;
  private final boolean debug;
  private final int slotCount;
  private final int rootCount;
  private final Step[] steps;
  private final int[] outputSlots;
  private final ProfileStats profile;
  /** Index of the first step that overwrites a root (all later ones do too), or -1. */
  private final int commitStart;
  /** Buffers of dead intermediate values, reused by later nodes and calls. */
  private final StoragePool pool = new StoragePool();
  /** The order of the steps and the IfElse blocks a call may skip. */
  private final LazyBranches lazy;
  /** Whether any step is guarded by an IfElse condition (else no step is ever skipped). */
  private final boolean hasLazy;
  private final Map<Variable, Integer> slotOf;
  /** Per step, its node's index in {@code graph.nodes()} (the profile's numbering). */
  private final int[] graphIndex;
  /**
   * Per-call working state kept between calls so that a steady-state call allocates none of
   * it (a function's calls are serialised; a nested call of the same interpreter, which only
   * a re-entrant executable could make, gets fresh state): the slots, the live counts of the
   * storage made during the call and their spare counters, the roots' storage and the
   * storage shared by several roots.
   */
  private final NDArray[] slotBuf;
  private final Map<Storage, int[]> liveBuf = new IdentityHashMap<>();
  private final ArrayDeque<int[]> spareCounts = new ArrayDeque<>();
  /** Every counter made for {@code spareCounts}: all are spare again after a call. */
  private final List<int[]> allCounts = new ArrayList<>();
  private final Set<Storage> rootStorageBuf = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Storage> seenBuf = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Storage> aliasedBuf = Collections.newSetFromMap(new IdentityHashMap<>());
  private final NDArray[] resultBuf;
  private boolean busy;
  /**
   * With borrowed outputs: the storage of the user outputs the last call made (not roots),
   * given back to the pool at the start of the next call unless that call reads it.
   */
  private final boolean borrowOutputs;
  /** Whether calls run in a {@link FastMathScope}. */
  private final boolean fastMath;
  private final List<Storage> lent = new ArrayList<>();

  /**
   * One node to run; {@code destroy} is the input it may overwrite (-1 for none) with
   * {@code inplace}, and {@code destroysRoot} says that input is a root (a shared value).
   */
  private record Step(Apply node, JvmKernel kernel, InplaceKernel inplace, int destroy,
      boolean destroysRoot, int[] in, int[] out, int[] freeAfter, NDArray[] args,
      ArrayArena arena) {}

  /** {@code profile} collects per-node times, or is null when not profiling. */
  Interpreter(FunctionGraph graph, Mode mode, ProfileStats profile) {
    this(graph, mode, profile, false);
  }

  /**
   * As above; with {@code borrowOutputs}, the storage of the arrays a call returns is reused
   * from the next call on (see {@code Theano.Builder.borrowOutputs}).
   */
  Interpreter(FunctionGraph graph, Mode mode, ProfileStats profile, boolean borrowOutputs) {
    this(graph, mode, profile, borrowOutputs, false);
  }

  /**
   * As above; with {@code fastMath}, each call runs in a {@link FastMathScope}: float32
   * transcendentals take the fast-math loops (see {@code Theano.Builder.fastMath}).
   */
  Interpreter(FunctionGraph graph, Mode mode, ProfileStats profile, boolean borrowOutputs,
      boolean fastMath) {
    this.borrowOutputs = borrowOutputs;
    this.fastMath = fastMath;
    this.graph = graph;
    this.debug = mode == Mode.DEBUG;
    this.profile = profile;
    Map<Variable, Integer> slot = new IdentityHashMap<>();
    for (Variable r : graph.roots()) {
      slot.put(r, slot.size());
    }
    this.rootCount = slot.size();
    this.lazy = LazyBranches.of(graph);
    this.hasLazy = lazy.lazy();
    for (Apply a : lazy.order()) {
      for (Variable o : a.outputs()) {
        slot.put(o, slot.size());
      }
    }
    this.slotCount = slot.size();
    this.slotOf = slot;
    this.slotBuf = new NDArray[slotCount];
    this.resultBuf = new NDArray[graph.outputs().size()];
    // Last step reading each slot; graph outputs and roots are never freed.
    int[] lastUse = new int[slotCount];
    Arrays.fill(lastUse, -1);
    List<Apply> nodes = lazy.order();
    for (int s = 0; s < nodes.size(); s++) {
      for (Variable v : nodes.get(s).inputs()) {
        lastUse[slot.get(v)] = s;
      }
    }
    this.outputSlots = new int[graph.outputs().size()];
    for (int i = 0; i < outputSlots.length; i++) {
      outputSlots[i] = slot.get(graph.outputs().get(i));
      lastUse[outputSlots[i]] = Integer.MAX_VALUE;
    }
    List<List<Integer>> frees = new ArrayList<>();
    for (int s = 0; s < nodes.size(); s++) {
      frees.add(new ArrayList<>());
    }
    for (int v = rootCount; v < slotCount; v++) {
      if (lastUse[v] >= 0 && lastUse[v] < nodes.size()) {
        frees.get(lastUse[v]).add(v);
      }
    }
    this.steps = new Step[nodes.size()];
    Map<Apply, Integer> scheduled = new IdentityHashMap<>();
    for (Apply a : graph.nodes()) {
      scheduled.put(a, scheduled.size());
    }
    this.graphIndex = nodes.stream().mapToInt(scheduled::get).toArray();
    for (int s = 0; s < nodes.size(); s++) {
      Apply a = nodes.get(s);
      int[] in = a.inputs().stream().mapToInt(slot::get).toArray();
      int[] out = a.outputs().stream().mapToInt(slot::get).toArray();
      int[] free = frees.get(s).stream().mapToInt(Integer::intValue).toArray();
      int destroy = graph.destroyedInput(a);
      InplaceKernel ik = destroy >= 0 ? Kernels.inplaceForNode(a) : null;
      boolean root = ik != null && in[destroy] < rootCount;
      if (ik != null && !root && hasLazy) {
        // The lazy schedule moves IfElse blocks later than the in-place plan assumed: an
        // intermediate overwritten in place could still be read there, so run out of place.
        ik = null;
      }
      JvmKernel kernel = Kernels.forNode(a);
      kernel.link(a);
      steps[s] = new Step(a, kernel, ik, ik == null ? -1 : destroy, root, in, out, free,
          new NDArray[in.length], new ArrayArena());
    }
    int c = steps.length;
    while (c > 0 && steps[c - 1].destroysRoot) {
      c--;
    }
    this.commitStart = c == steps.length ? -1 : c;
    for (int s = 0; s < c; s++) {
      if (steps[s].destroysRoot) {
        throw new IllegalStateException("a step overwriting a root must come last: "
            + steps[s].node);
      }
    }
  }

  @Override
  public ProfileStats profile() {
    return profile;
  }

  @Override
  public synchronized void release(NDArray value) {
    pool.give(value.storage());
  }

  @Override
  public synchronized NDArray[] run(NDArray[] roots) {
    StoragePool previous = pool.enter();
    ArrayArena previousArena = ArrayArena.enter(null);
    boolean previousFastMath = FastMathScope.enter(fastMath);
    boolean reuse = !busy;
    busy = true;
    try {
      return reuse ? execute(roots, slotBuf, liveBuf, rootStorageBuf)
          : execute(roots, new NDArray[slotCount], new IdentityHashMap<>(),
              Collections.newSetFromMap(new IdentityHashMap<>()));
    } finally {
      if (reuse) {
        Arrays.fill(slotBuf, null);
        for (Step st : steps) {
          Arrays.fill(st.args, null);
          st.arena.clear();
        }
        // all counters are spare again (by index: iterating the map would allocate)
        spareCounts.clear();
        for (int i = 0; i < allCounts.size(); i++) {
          spareCounts.push(allCounts.get(i));
        }
        liveBuf.clear();
        rootStorageBuf.clear();
        seenBuf.clear();
        aliasedBuf.clear();
        busy = false;
      }
      FastMathScope.restore(previousFastMath);
      ArrayArena.restore(previousArena);
      StoragePool.exit(previous);
    }
  }

  /**
   * One call; {@code slots}, {@code live} and {@code rootStorage} are empty on entry.
   * {@code live} counts the live slots per storage made during this call; a storage whose
   * count drops to zero is dead (no slot, view or output refers to it) and goes back to the
   * pool. Root storage (arguments, shared values, constants) is never counted, so never
   * reused.
   */
  private NDArray[] execute(NDArray[] roots, NDArray[] slots, Map<Storage, int[]> live,
      Set<Storage> rootStorage) {
    boolean reused = slots == slotBuf;
    for (NDArray r : roots) {
      rootStorage.add(r.storage());
      // a borrowed output passed back as an argument is read, so never re-pointed again
      ArrayArena.disown(r);
    }
    if (reused) {
      // the outputs lent by the last call are the pool's again, unless this call reads them
      for (int i = 0; i < lent.size(); i++) {
        if (!rootStorage.contains(lent.get(i))) {
          pool.give(lent.get(i));
        }
      }
      lent.clear();
    }
    System.arraycopy(roots, 0, slots, 0, rootCount);
    long started = profile != null ? System.nanoTime() : 0;
    Set<Storage> aliased = null;
    Function<Variable, Boolean> taken = hasLazy ? v -> truth(slots[slot(v)]) : null;
    for (int s = 0; s < steps.length; s++) {
      Step st = steps[s];
      if (hasLazy && lazy.skip(s, taken)) {
        // a step of a branch not taken: only release what it would have been the last to read
        release(st, slots, live);
        continue;
      }
      if (s == commitStart) {
        // Overwriting shared values is the last thing a call does: check every such step
        // first, so that a failure leaves all of them unchanged.
        precheckCommit(slots, reused);
        aliased = reused ? sharedStorage(roots, seenBuf, aliasedBuf) : sharedStorage(roots,
            Collections.newSetFromMap(new IdentityHashMap<>()),
            Collections.newSetFromMap(new IdentityHashMap<>()));
      }
      NDArray[] ins = reused ? st.args : new NDArray[st.in.length];
      for (int i = 0; i < ins.length; i++) {
        ins[i] = slots[st.in[i]];
      }
      boolean inplace = st.inplace != null
          && !(st.destroysRoot && aliased.contains(ins[st.destroy].storage()));
      long t0 = profile != null ? System.nanoTime() : 0;
      NDArray[] outs;
      // the node's wrappers are reused from its last call, unless this is a nested call
      ArrayArena.enter(reused ? st.arena : null);
      try {
        outs = inplace ? st.inplace.run(st.node, ins, st.destroy) : st.kernel.run(st.node, ins);
      } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException
          | UnsupportedOperationException e) {
        throw failure(st.node, ins, e.getMessage(), e);
      }
      if (profile != null) {
        profile.recordNode(graphIndex[s], System.nanoTime() - t0);
      }
      for (int i = 0; i < outs.length; i++) {
        if (debug) {
          check(st.node, i, outs[i], ins);
        }
        slots[st.out[i]] = outs[i];
        if (!rootStorage.contains(outs[i].storage())) {
          int[] count = live.get(outs[i].storage());
          if (count == null) {
            if (spareCounts.isEmpty()) {
              count = new int[1];
              if (reused) {
                allCounts.add(count);
              }
            } else {
              count = spareCounts.pop();
            }
            count[0] = 0;
            live.put(outs[i].storage(), count);
          }
          count[0]++;
        }
      }
      release(st, slots, live);
    }
    ArrayArena.enter(null);
    NDArray[] result = reused ? resultBuf : new NDArray[outputSlots.length];
    for (int i = 0; i < result.length; i++) {
      result[i] = slots[outputSlots[i]];
      // it leaves the call (a shared variable's new value, a fresh output): never re-pointed;
      // a borrowed output is lent until the next call, which may re-point it
      if (borrowOutputs && reused && i < graph.userOutputCount()) {
        ArrayArena.lend(result[i]);
      } else {
        ArrayArena.disown(result[i]);
      }
    }
    if (borrowOutputs && reused) {
      // user outputs made by this call (not roots, so not an update's shared value) are lent
      for (int i = 0; i < graph.userOutputCount(); i++) {
        Storage s = result[i].storage();
        if (live.containsKey(s) && !lent.contains(s)) {
          lent.add(s);
        }
      }
    }
    if (profile != null) {
      profile.recordCall(System.nanoTime() - started);
    }
    return result;
  }

  /** Clears the slots step {@code st} reads last, giving dead storage back to the pool. */
  private void release(Step st, NDArray[] slots, Map<Storage, int[]> live) {
    for (int f : st.freeAfter) {
      NDArray dead = slots[f];
      slots[f] = null;
      int[] count = dead == null ? null : live.get(dead.storage());
      if (count != null && --count[0] == 0) {
        live.remove(dead.storage());
        spareCounts.push(count);
        pool.give(dead.storage());
      }
    }
  }

  /** The truth of a condition value, or null if it was not computed (a skipped node's). */
  private static Boolean truth(NDArray cond) {
    return cond == null ? null : IfElse.truth(cond);
  }

  /** The slot of variable {@code v} (roots first, then each step's outputs). */
  private int slot(Variable v) {
    return slotOf.get(v);
  }

  private void precheckCommit(NDArray[] slots, boolean reused) {
    for (int s = commitStart; s < steps.length; s++) {
      Step st = steps[s];
      NDArray[] ins = reused ? st.args : new NDArray[st.in.length];
      for (int i = 0; i < ins.length; i++) {
        ins[i] = slots[st.in[i]];
      }
      // the step's own scratch (its kernel has not run yet in this call)
      ArrayArena.enter(reused ? st.arena : null);
      try {
        FusedKernels.precheck(st.node, ins);
      } catch (IllegalArgumentException e) {
        throw failure(st.node, ins, e.getMessage(), e);
      }
    }
  }

  /**
   * Storage used by more than one root value: never overwritten in place. {@code seen} and
   * {@code twice} are working sets, cleared first; the result is {@code twice}.
   */
  private static Set<Storage> sharedStorage(NDArray[] roots, Set<Storage> seen,
      Set<Storage> twice) {
    seen.clear();
    twice.clear();
    for (NDArray r : roots) {
      if (!seen.add(r.storage())) {
        twice.add(r.storage());
      }
    }
    return twice;
  }

  private static TheanoException failure(Apply node, NDArray[] ins, String what, Throwable e) {
    StringBuilder sb = new StringBuilder();
    sb.append(node.op().describe()).append(" failed at run time: ").append(what)
        .append("\n  node created at ").append(node.site());
    for (int i = 0; i < ins.length; i++) {
      sb.append("\n  input ").append(i).append(": ").append(node.input(i).describe())
          .append(", value shape ").append(Arrays.toString(ins[i].shape()));
    }
    return new TheanoException(sb.toString(), e);
  }

  /** DEBUG mode: the value must match the static type and be finite. */
  private static void check(Apply node, int index, NDArray value, NDArray[] ins) {
    TensorType t = node.output(index).type();
    String problem = null;
    if (value.dtype() != t.dtype()) {
      problem = "produced dtype " + value.dtype() + " but its type says " + t.dtype();
    } else if (value.ndim() != t.ndim()) {
      problem = "produced rank " + value.ndim() + " but its type says " + t.ndim();
    } else {
      for (int d = 0; d < t.ndim(); d++) {
        if (t.dim(d) != TensorType.UNKNOWN && t.dim(d) != value.shape(d)) {
          problem = "produced shape " + Arrays.toString(value.shape()) + " but its type says "
              + t.shapeString();
        }
      }
    }
    if (problem == null && value.dtype().isFloat()) {
      double[] v = value.toDoubleArray();
      for (int i = 0; i < v.length; i++) {
        if (!Double.isFinite(v[i])) {
          problem = "produced " + v[i] + " at flat index " + i;
          break;
        }
      }
    }
    if (problem != null) {
      throw failure(node, ins, "DEBUG check: output " + index + " " + problem, null);
    }
  }

  FunctionGraph graph() {
    return graph;
  }

  /** The pool of this interpreter's intermediate buffers (for tests and measurements). */
  StoragePool pool() {
    return pool;
  }
}
