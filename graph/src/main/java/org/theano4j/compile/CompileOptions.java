package org.theano4j.compile;

import java.util.Set;

/**
 * The optional settings of a compile (see {@code Theano.function(...)} for the builder).
 *
 * @param mode how much rewriting and checking to do
 * @param backend the backend's name, e.g. {@code "jvm"}
 * @param onUnusedInput what to do with an input nothing depends on
 * @param excluding names of rewrite rules (or phases) not to run
 * @param trace whether to record which rewrite rule fired where
 * @param profile whether the executable records per-node times
 * @param borrowOutputs whether an output array may be reused by the function's next call
 *     (Theano's {@code borrow=True} on outputs); by default every call returns fresh arrays
 * @param fastMath whether float32 transcendentals may use the JVM backend's fast-math loops
 *     (bounded error, docs/performance.md) instead of correctly rounded ones; default false
 */
public record CompileOptions(Mode mode, String backend, UnusedInputPolicy onUnusedInput,
    Set<String> excluding, boolean trace, boolean profile, boolean borrowOutputs,
    boolean fastMath) {
  public CompileOptions {
    excluding = Set.copyOf(excluding);
  }

  /** Options without fast math. */
  public CompileOptions(Mode mode, String backend, UnusedInputPolicy onUnusedInput,
      Set<String> excluding, boolean trace, boolean profile, boolean borrowOutputs) {
    this(mode, backend, onUnusedInput, excluding, trace, profile, borrowOutputs, false);
  }

  /** Options whose outputs are fresh arrays on every call. */
  public CompileOptions(Mode mode, String backend, UnusedInputPolicy onUnusedInput,
      Set<String> excluding, boolean trace, boolean profile) {
    this(mode, backend, onUnusedInput, excluding, trace, profile, false);
  }

  /** Options with every rule of the mode, no trace and no profiling. */
  public CompileOptions(Mode mode, String backend, UnusedInputPolicy onUnusedInput) {
    this(mode, backend, onUnusedInput, Set.of(), false, false);
  }

  /** FAST_RUN on the JVM backend, raising on unused inputs. */
  public static CompileOptions defaults() {
    return new CompileOptions(Mode.FAST_RUN, System.getProperty("theano4j.device", "jvm"),
        UnusedInputPolicy.RAISE);
  }
}
