package org.theano4j.rewrite;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.theano4j.TheanoException;
import org.theano4j.compile.Backends;
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
 *   <li>{@code inline-opfromgraph}: a graph-wide step ({@link InlineOpFromGraph}), not a rule
 *       set, replacing each {@code OpFromGraph} node by its inner graph (in {@code FAST_RUN}, and
 *       in every mode for a backend that cannot run such nodes whole);
 *   <li>{@code merge}: {@link MergeRules} (merge-nodes, merge-constants);
 *   <li>{@code canonicalize}: the merge rules, constant-fold ({@link ConstantFolding}) and
 *       {@link CanonicalRules};
 *   <li>{@code stabilize}: {@link StabilizeRules} followed by all the canonicalize rules (a
 *       stabilised form often exposes, e.g., a neg-neg);
 *   <li>{@code specialize}: {@link SpecializeRules} (pow2-sqr, gemm), the merge rules and
 *       constant-fold;
 *   <li>{@code fusion}: fuse-elemwise ({@link FusionRule});
 *   <li>{@code share-softmax}: a graph-wide step ({@link ShareSoftmax}), not a rule set, pairing
 *       a cross-entropy and a softmax of the same logits into one node;
 *   <li>{@code inplace}: the in-place plan ({@link InplacePlanner}), not a rule set.
 * </ol>
 *
 * <p>{@code FAST_RUN} runs all of them, {@code FAST_COMPILE} only {@code merge}, {@code DEBUG}
 * none. {@link CompileOptions#excluding()} removes rules or whole phases (share-softmax and
 * inplace included) by name.
 */
public final class Optimizer {
  /** The name of the in-place step, excludable like a phase. */
  public static final String INPLACE = "inplace";

  private Optimizer() {}

  /** The result of optimising: the graph to link and what was done. */
  public record Result(FunctionGraph graph, RewriteReport report) {}

  /** The rule phases of {@code mode}, in order (without the share-softmax and in-place steps). */
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
    List<Rule> stabilize = new ArrayList<>(StabilizeRules.all());
    stabilize.addAll(canonical);
    List<Rule> specialize = new ArrayList<>(SpecializeRules.all());
    specialize.addAll(merge);
    specialize.add(ConstantFolding.RULE);
    return List.of(Phase.of("merge", merge), Phase.of("canonicalize", canonical),
        Phase.of("stabilize", stabilize), Phase.of("specialize", specialize),
        Phase.of("fusion", FusionRule.RULE));
  }

  /** Every rule and phase name known (for checking {@code excluding}). */
  public static Set<String> knownNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Phase p : phases(Mode.FAST_RUN)) {
      names.add(p.name());
      for (Rule r : p.rules()) {
        names.add(r.name());
      }
    }
    names.add(InlineOpFromGraph.NAME);
    names.add(ShareSoftmax.NAME);
    names.add(INPLACE);
    return names;
  }

  /**
   * {@code FAST_RUN} inlines {@link org.theano4j.compile.OpFromGraph} nodes unless
   * {@code inline-opfromgraph} is excluded; a backend that cannot run them whole gets them
   * inlined in every mode (excluding the step does not apply to it).
   */
  private static boolean inlinesOpFromGraph(CompileOptions options) {
    return !Backends.find(options.backend()).runsOpFromGraph()
        || options.mode() == Mode.FAST_RUN && !options.excluding().contains(InlineOpFromGraph.NAME);
  }

  /**
   * Optimises {@code g} as {@code options} say. {@code updateTargets} are the shared variables
   * of the update values at the end of {@code g.outputs()}, in order.
   *
   * @throws TheanoException if an excluded name is unknown, a rule fails, a phase does not
   *     settle, or the verifier finds an inconsistent graph
   */
  public static Result optimize(FunctionGraph g, List<SharedVariable> updateTargets,
      CompileOptions options) {
    Set<String> known = knownNames();
    for (String name : options.excluding()) {
      if (!known.contains(name)) {
        throw new TheanoException("excluding: no rewrite rule or phase named '" + name
            + "'; known names: " + known);
      }
    }
    List<Phase> phases = new ArrayList<>();
    for (Phase p : phases(options.mode())) {
      if (options.excluding().contains(p.name())) {
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
    List<Variable> outs = g.outputs();
    if (inlinesOpFromGraph(options)) {
      long t0 = System.nanoTime();
      int[] inlined = {0};
      outs = InlineOpFromGraph.apply(outs, inlined);
      engine.report().add(new RewriteReport.PhaseStats(InlineOpFromGraph.NAME,
          System.nanoTime() - t0, 1, FunctionGraph.toposort(outs).size(), inlined[0] == 0
              ? java.util.Map.of() : java.util.Map.of(InlineOpFromGraph.NAME, inlined[0])));
    }
    outs = engine.run(phases, outs, g.inputs());
    if (options.mode() == Mode.FAST_RUN && !options.excluding().contains(ShareSoftmax.NAME)) {
      long t0 = System.nanoTime();
      int[] pairs = {0};
      outs = ShareSoftmax.apply(outs, pairs);
      engine.report().add(new RewriteReport.PhaseStats(ShareSoftmax.NAME,
          System.nanoTime() - t0, 1, FunctionGraph.toposort(outs).size(),
          pairs[0] == 0 ? java.util.Map.of() : java.util.Map.of(ShareSoftmax.NAME, pairs[0])));
    }
    FunctionGraph result = new FunctionGraph(g.inputs(), outs, g.userOutputCount());
    if (options.mode() == Mode.FAST_RUN && !options.excluding().contains(INPLACE)) {
      long t0 = System.nanoTime();
      result = InplacePlanner.plan(result, updateTargets);
      engine.report().add(new RewriteReport.PhaseStats(INPLACE, System.nanoTime() - t0, 1,
          result.nodes().size(), java.util.Map.of("inplace", result.destroyMap().size())));
    }
    engine.report().setCounts(before, result.nodes().size());
    return new Result(result, engine.report());
  }
}
