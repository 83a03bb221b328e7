package org.theano4j.rewrite;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.theano4j.graph.Graphs;
import org.theano4j.TheanoException;
import org.theano4j.compile.Backend;
import org.theano4j.compile.CompileOptions;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.compile.Mode;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;

/**
 * The optimiser's phases, listed explicitly in {@link #phases}, and the entry point the
 * compiler calls. In order (each rule is described in {@code docs/optimizer.md}):
 *
 * <ol>
 *   <li>{@code merge}: {@link MergeRules} (merge-nodes, merge-constants);
 *   <li>{@code canonicalize}: the merge rules, constant-fold ({@link ConstantFolding}),
 *       {@link CanonicalRules} and {@link AllocRules};
 *   <li>{@code stabilize}: {@link StabilizeRules} followed by all the canonicalize rules (a
 *       stabilised form often exposes, e.g., a neg-neg);
 *   <li>{@code specialize}: {@link SpecializeRules} (pow2-sqr, gemm, gemm-update), the merge rules and
 *       constant-fold;
 *   <li>{@code fusion}: fuse-elemwise ({@link FusionRule});
 *   <li>{@code reduce-fusion}: fuse-reduce ({@link ReduceFusion}), a reduction of an
 *       elementwise result read by nothing else → one {@code FusedReduce};
 *   <li>{@code share-softmax}: a whole-graph phase ({@link ShareSoftmax}) pairing a
 *       cross-entropy and a softmax of the same logits into one node;
 *   <li>{@code inplace}: the whole-graph phase of the in-place plan ({@link InplacePlanner}),
 *       which asks the backend what its kernels may overwrite.
 * </ol>
 *
 * <p>{@code FAST_RUN} runs all of them, {@code FAST_COMPILE} only {@code merge}, {@code DEBUG}
 * none. {@link CompileOptions#excluding()} removes rules or whole phases by name.
 */
public final class Optimizer {
  /** The name of the in-place phase. */
  public static final String INPLACE = InplacePlanner.NAME;

  private Optimizer() {}

  /** The result of optimising: the graph to link and what was done. */
  public record Result(FunctionGraph graph, RewriteReport report) {}

  /** The phases of {@code mode}, in order. */
  public static List<Phase> phases(Mode mode) {
    List<Rule> merge = List.of(MergeRules.NODES, MergeRules.CONSTANTS);
    if (mode == Mode.DEBUG) {
      return List.of();
    }
    if (mode == Mode.FAST_COMPILE) {
      return List.of(Phase.of("merge", merge));
    }
    List<Rule> canonical = new ArrayList<>(merge);
    canonical.add(ConstantFolding.RULE);
    canonical.addAll(CanonicalRules.all());
    canonical.addAll(AllocRules.all());
    List<Rule> stabilize = new ArrayList<>(StabilizeRules.all());
    stabilize.addAll(canonical);
    List<Rule> specialize = new ArrayList<>(SpecializeRules.all());
    specialize.addAll(merge);
    specialize.add(ConstantFolding.RULE);
    return List.of(Phase.of("merge", merge), ScanRewrites.MERGE_PHASE, ScanRewrites.HOIST_PHASE,
        ScanRewrites.LAST_ONLY_PHASE, ScanRewrites.PRUNE_PHASE, ScanRewrites.INNER_PHASE,
        Phase.of("canonicalize", canonical),
        Phase.of("stabilize", stabilize), Phase.of("specialize", specialize),
        Phase.of("fusion", FusionRule.RULE), ReduceFusion.PHASE, ShareSoftmax.PHASE,
        InplacePlanner.PHASE);
  }

  /**
   * The phase that inlines {@link org.theano4j.compile.OpFromGraph} nodes: first in
   * {@code FAST_RUN} unless {@value InlineOpFromGraph#NAME} is excluded, and in every mode for
   * a backend that cannot run them whole (excluding it does not apply there).
   */
  static final Phase INLINE = Phase.whole(InlineOpFromGraph.NAME, (g, ctx, fired) -> {
    int[] inlined = {0};
    List<org.theano4j.graph.Variable> outs = InlineOpFromGraph.apply(g.outputs(), inlined);
    if (inlined[0] == 0) {
      return g;
    }
    fired.put(InlineOpFromGraph.NAME, inlined[0]);
    return new FunctionGraph(g.inputs(), outs, g.userOutputCount());
  });

  private static boolean inlinesOpFromGraph(CompileOptions options, Backend backend) {
    return !backend.runsOpFromGraph() || options.mode() == Mode.FAST_RUN
        && !options.excluding().contains(InlineOpFromGraph.NAME);
  }

  /** Every rule and phase name known (for checking {@code excluding}). */
  public static Set<String> knownNames() {
    Set<String> names = new LinkedHashSet<>();
    names.add(InlineOpFromGraph.NAME);
    for (Phase p : phases(Mode.FAST_RUN)) {
      names.add(p.name());
      for (Rule r : p.rules()) {
        names.add(r.name());
      }
    }
    return names;
  }

  /**
   * Optimises {@code g} as {@code options} say, for running on {@code backend}.
   * {@code updateTargets} are the shared variables of the update values at the end of
   * {@code g.outputs()}, in order.
   *
   * @throws TheanoException if an excluded name is unknown, a rule fails, a phase does not
   *     settle, or the verifier finds an inconsistent graph
   */
  public static Result optimize(FunctionGraph g, List<SharedVariable> updateTargets,
      CompileOptions options, Backend backend) {
    return optimize(g, updateTargets, Map.of(), options, backend);
  }

  /**
   * As above; besides the shared variables of the updates, the in-place plan may let the node
   * computing output {@code destroyableInputs.get(v)} overwrite input {@code v}.
   */
  public static Result optimize(FunctionGraph g, List<SharedVariable> updateTargets,
      Map<Variable, Integer> destroyableInputs, CompileOptions options, Backend backend) {
    Set<String> known = knownNames();
    for (String name : options.excluding()) {
      if (!known.contains(name)) {
        throw new TheanoException("excluding: no rewrite rule or phase named '" + name
            + "'; known names: " + known);
      }
    }
    List<Phase> phases = new ArrayList<>();
    if (inlinesOpFromGraph(options, backend)) {
      phases.add(INLINE);
    }
    for (Phase p : phases(options.mode())) {
      if (options.excluding().contains(p.name())) {
        continue;
      }
      if (p.isWholeGraph()) {
        phases.add(p);
        continue;
      }
      List<Rule> rules = new ArrayList<>();
      for (Rule r : p.rules()) {
        if (!options.excluding().contains(r.name())) {
          rules.add(r);
        }
      }
      phases.add(new Phase(p.name(), rules, p.maxPasses()));
    }
    int before = g.nodes().size();
    Rewriter engine = new Rewriter(options.trace());
    FunctionGraph result = engine.run(phases, g,
        new GraphPass.Context(updateTargets, backend, options, destroyableInputs));
    engine.report().setCounts(before, result.nodes().size());
    return new Result(result, engine.report());
  }
}
