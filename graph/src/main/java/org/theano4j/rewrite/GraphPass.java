package org.theano4j.rewrite;

import java.util.List;
import java.util.Map;
import org.theano4j.compile.Backend;
import org.theano4j.compile.CompileOptions;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;

/**
 * A whole-graph phase: a rewrite that looks at the graph as a whole rather than at one node
 * (share-softmax pairs two nodes that only share an input; the in-place plan schedules the
 * graph). It runs once, as a {@link Phase} of the optimiser, excludable by its name like any
 * phase.
 */
@FunctionalInterface
public interface GraphPass {
  /**
   * What a whole-graph phase may know besides the graph.
   *
   * @param updateTargets the shared variables of the update values at the end of the graph's
   *     outputs, in order
   * @param backend the backend the graph will run on (the in-place plan asks it what its
   *     kernels may overwrite)
   * @param options the function's compile options (a scan's step is optimised with them)
   * @param destroyableInputs inputs that the node computing an output may overwrite, as a
   *     function's update may overwrite its shared variable: each input mapped to the index of
   *     that output in the graph's outputs (a scan's carried states, whose buffers the loop
   *     owns; see {@code Theano.Builder.destroyableInputs})
   */
  record Context(List<SharedVariable> updateTargets, Backend backend,
      CompileOptions options, Map<Variable, Integer> destroyableInputs) {
    public Context {
      updateTargets = List.copyOf(updateTargets);
      destroyableInputs = Map.copyOf(destroyableInputs);
    }

    /** A context in which no input may be overwritten. */
    public Context(List<SharedVariable> updateTargets, Backend backend,
        CompileOptions options) {
      this(updateTargets, backend, options, Map.of());
    }

    /** A context with the default options ({@code FAST_RUN}, every rule). */
    public Context(List<SharedVariable> updateTargets, Backend backend) {
      this(updateTargets, backend, CompileOptions.defaults());
    }
  }

  /**
   * The rewritten graph ({@code g} itself when nothing changes); adds to {@code fired} how
   * many times each named rewrite was done.
   */
  FunctionGraph apply(FunctionGraph g, Context ctx, Map<String, Integer> fired);
}
