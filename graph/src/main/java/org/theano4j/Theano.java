package org.theano4j;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.theano4j.compile.Backend;
import org.theano4j.compile.Backends;
import org.theano4j.compile.CompileOptions;
import org.theano4j.compile.GraphBuilder;
import org.theano4j.compile.Executable;
import org.theano4j.compile.Mode;
import org.theano4j.compile.UnusedInputPolicy;
import org.theano4j.graph.Op;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.jvm.JvmKernel;
import org.theano4j.jvm.Kernels;
import org.theano4j.ndarray.DType;
import org.theano4j.ndarray.NDArray;
import org.theano4j.rewrite.Optimizer;

/**
 * Entry point: shared variables and {@code compile}.
 *
 * <pre>{@code
 * Variable x = T.vector("x");
 * SharedVariable acc = Theano.shared(NDArray.zeros(DType.FLOAT32, 3), "acc");
 * Function f = Theano.compile(List.of(x), List.of(x.sum()), Map.of(acc, acc.add(x)), Map.of());
 * f.call(new float[] {1, 2, 3});   // [6.0]; acc is now [1, 2, 3]
 * }</pre>
 */
public final class Theano {
  private Theano() {}

  /**
   * The default float dtype of {@code T.matrix(...)} and friends: the system property
   * {@code theano4j.floatX} ({@code float32} or {@code float64}), float32 when unset.
   */
  public static DType floatX() {
    String s = System.getProperty("theano4j.floatX", "float32");
    DType d = DType.fromName(s);
    if (!d.isFloat()) {
      throw new TheanoException("theano4j.floatX must be float32 or float64, got '" + s + "'");
    }
    return d;
  }

  /** A shared variable holding a copy of {@code value}. */
  public static SharedVariable shared(NDArray value, String name) {
    return new SharedVariable(value, name);
  }

  /**
   * Registers the JVM kernel of an op class defined outside the library (a user op: see
   * "User-defined ops" in docs/architecture.md). Its gradient is registered with
   * {@code Grad.registerRule} (autodiff). Such an op has no CUDA lowering: compiling it for
   * {@code cuda} or {@code cuda-interp} fails naming the op; write it as an
   * {@link org.theano4j.compile.OpFromGraph} of built-in ops to run it there.
   *
   * @throws TheanoException if an argument is null or the class already has a kernel
   */
  public static void registerJvmKernel(Class<? extends Op> opClass, JvmKernel kernel) {
    Kernels.register(opClass, kernel);
  }

  private static void requireNonNull(Object o, String what) {
    if (o == null) {
      throw new TheanoException(what + " is null");
    }
  }

  public static Function compile(List<? extends Variable> inputs,
      List<? extends Variable> outputs) {
    return function(inputs, outputs).build();
  }

  public static Function compile(List<? extends Variable> inputs,
      List<? extends Variable> outputs, Map<SharedVariable, ? extends Variable> updates) {
    return function(inputs, outputs).updates(updates).build();
  }

  /**
   * Compiles a function from {@code inputs} to {@code outputs}. After each call, every shared
   * variable in {@code updates} takes the value of its expression, all computed from the old
   * values. {@code givens} replace variables of the graph before anything else.
   */
  public static Function compile(List<? extends Variable> inputs,
      List<? extends Variable> outputs, Map<SharedVariable, ? extends Variable> updates,
      Map<? extends Variable, ? extends Variable> givens) {
    return function(inputs, outputs).updates(updates).givens(givens).build();
  }

  /** A builder for compile with optional settings (mode, backend, unused-input policy). */
  public static Builder function(List<? extends Variable> inputs,
      List<? extends Variable> outputs) {
    return new Builder(inputs, outputs);
  }

  /** Optional compile settings; {@link #build()} compiles. */
  public static final class Builder {
    private final List<? extends Variable> inputs;
    private final List<? extends Variable> outputs;
    private Map<SharedVariable, ? extends Variable> updates = Map.of();
    private Map<? extends Variable, ? extends Variable> givens = Map.of();
    private Mode mode = Mode.FAST_RUN;
    private String backend = System.getProperty("theano4j.device", "jvm");
    private UnusedInputPolicy onUnusedInput = UnusedInputPolicy.RAISE;
    private final Set<String> excluding = new LinkedHashSet<>();
    private boolean trace;
    private boolean profile;
    private boolean borrowOutputs;
    private boolean fastMath;
    private Map<? extends Variable, Integer> destroyable = Map.of();

    private Builder(List<? extends Variable> inputs, List<? extends Variable> outputs) {
      this.inputs = inputs;
      this.outputs = outputs;
    }

    public Builder updates(Map<SharedVariable, ? extends Variable> u) {
      this.updates = u;
      return this;
    }

    public Builder givens(Map<? extends Variable, ? extends Variable> g) {
      this.givens = g;
      return this;
    }

    public Builder mode(Mode m) {
      this.mode = m;
      return this;
    }

    /** {@code "jvm"} (default) or {@code "cuda"}; the default comes from {@code theano4j.device}. */
    public Builder backend(String name) {
      this.backend = name;
      return this;
    }

    public Builder onUnusedInput(UnusedInputPolicy policy) {
      this.onUnusedInput = policy;
      return this;
    }

    /**
     * Leaves out the named rewrite rules or phases (e.g. {@code "fusion"}, {@code "gemm"},
     * {@code "inplace"}); see {@code docs/optimizer.md} for the names. An unknown name fails
     * the compile.
     */
    public Builder excluding(String... names) {
      requireNonNull(names, "the excluding names");
      for (int i = 0; i < names.length; i++) {
        requireNonNull(names[i], "excluding name " + i);
      }
      excluding.addAll(Arrays.asList(names));
      return this;
    }

    /** Records which rewrite rule fired where ({@link Function#rewriteReport()}). */
    public Builder trace(boolean on) {
      this.trace = on;
      return this;
    }

    /**
     * Records the time and calls of every node and the compile time of every optimiser phase
     * ({@link Function#profile()}).
     */
    public Builder profile(boolean on) {
      this.profile = on;
      return this;
    }

    /**
     * With {@code true}, the arrays a call returns, and the list holding them, are the
     * function's own, valid until its next call, which may overwrite or re-point them
     * (Theano's {@code borrow=True} on outputs): a steady-state call on the JVM backend then
     * allocates nothing, neither native memory nor Java heap. Copy a result ({@code copy()})
     * to keep it. Default {@code false}: every call returns fresh arrays that nothing
     * overwrites.
     */
    public Builder borrowOutputs(boolean on) {
      this.borrowOutputs = on;
      return this;
    }

    /**
     * With {@code true}, float32 {@code exp}, {@code expm1}, {@code log}, {@code log1p},
     * {@code tanh}, {@code sigmoid} and {@code softplus} (alone or inside a fused elementwise
     * node, and in the scan steps and {@code OpFromGraph}s the function runs) use the JVM
     * backend's vectorised fast-math loops: several times faster, with an error of at most a
     * few ulps instead of correct rounding (the bound of each function, measured on all 2^32
     * inputs, and the rules for NaN, infinities, zeros, subnormals, overflow and saturation are
     * in docs/performance.md, "Fast-math float32 transcendentals"). float64 results, integer
     * ops and every other function are unchanged. Only the {@code jvm} backend has it: asking
     * for it on another backend fails the compile. Default {@code false}: correctly rounded.
     */
    public Builder fastMath(boolean on) {
      this.fastMath = on;
      return this;
    }

    /**
     * Internal, for a backend that runs an inner graph as a loop (a scan's step): lets the node
     * that computes output {@code m.get(v)} overwrite input {@code v} in place, as an update
     * may overwrite its shared variable. Only {@link Function#runGraph} passes such an input
     * as it is, so its caller must own the buffer (nothing else reads it afterwards); {@link
     * Function#call} copies the argument first.
     *
     * @throws IllegalArgumentException at {@link #build} if a key is not an input or an index
     *     is not that of an output
     */
    public Builder destroyableInputs(Map<? extends Variable, Integer> m) {
      requireNonNull(m, "the destroyable inputs map");
      this.destroyable = m;
      return this;
    }

    public Function build() {
      requireNonNull(inputs, "the inputs list");
      requireNonNull(outputs, "the outputs list");
      requireNonNull(updates, "the updates map");
      requireNonNull(givens, "the givens map");
      requireNonNull(mode, "the mode");
      requireNonNull(backend, "the backend name");
      requireNonNull(onUnusedInput, "the onUnusedInput policy");
      CompileOptions opts = new CompileOptions(mode, backend, onUnusedInput, excluding, trace,
          profile, borrowOutputs, fastMath);
      GraphBuilder.Built c = GraphBuilder.build(inputs, outputs, updates, givens, opts);
      Backend be = Backends.find(backend);
      if (fastMath && !be.hasFastMath()) {
        throw new TheanoException("fastMath(true): the '" + backend + "' backend has "
            + "no fast-math functions (only the 'jvm' backend has); compile without fastMath "
            + "or with backend(\"jvm\")");
      }
      Map<Variable, Integer> destroy = new IdentityHashMap<>();
      destroyable.forEach((v, o) -> {
        if (!inputs.contains(v) || o == null || o < 0 || o >= outputs.size()) {
          throw new IllegalArgumentException("destroyableInputs: "
              + (v == null ? "null" : v.describe()) + " -> output " + o
              + ": expected one of the " + inputs.size() + " inputs and an output index in [0, "
              + outputs.size() + ")");
        }
        destroy.put(v, o);
      });
      Optimizer.Result r = Optimizer.optimize(c.graph(), c.updateTargets(), destroy, opts, be);
      Executable exe = be.link(r.graph(), opts);
      if (exe.profile() != null) {
        exe.profile().setCompilePhases(r.report().phaseNanos());
      }
      return new Function(r.graph(), c.updateTargets(), exe, opts, r.report());
    }
  }
}
