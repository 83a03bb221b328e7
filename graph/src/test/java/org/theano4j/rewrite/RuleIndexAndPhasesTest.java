package org.theano4j.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.theano4j.TheanoException;
import org.theano4j.compile.Backend;
import org.theano4j.compile.CompileOptions;
import org.theano4j.compile.Executable;
import org.theano4j.compile.FunctionGraph;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.compile.Mode;
import org.theano4j.compile.UnusedInputPolicy;
import org.theano4j.graph.Apply;
import org.theano4j.graph.Graphs;
import org.theano4j.graph.Op;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.jvm.JvmBackend;
import org.theano4j.ndarray.NDArray;
import org.theano4j.Theano;
import org.theano4j.tensor.DimShuffle;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.Gemm;
import org.theano4j.tensor.Reduce;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.CrossentropySoftmax1HotWithSoftmax;
import org.theano4j.tensor.T;

/**
 * The engine's rule index (a node is offered only the rules declared for its op class),
 * multi-output rules, whole-graph phases, and the in-place plan asking the backend.
 */
class RuleIndexAndPhasesTest {
  private final Variable m = T.dmatrix("m");

  @Test
  void aRuleIsOfferedOnlyNodesOfTheOpClassesItDeclares() {
    List<String> offeredToShuffle = new ArrayList<>();
    List<String> offeredToAny = new ArrayList<>();
    Rule shuffle = Rule.of("seen-shuffle", DimShuffle.class, (n, ctx) -> {
      offeredToShuffle.add(n.op().describe());
      return null;
    });
    Rule any = Rule.of("seen-any", (n, ctx) -> {
      offeredToAny.add(n.op().describe());
      return null;
    });
    Variable out = T.exp(m.transpose()).sum(0);
    new Rewriter(false).run(List.of(Phase.of("t", shuffle, any)), List.of(out), List.of(m));
    assertThat(offeredToShuffle).containsExactly("DimShuffle{1,0}");
    assertThat(offeredToAny).containsExactly("DimShuffle{1,0}", "Elemwise{exp}",
        "Sum{axes=[0]}");
  }

  @Test
  void declaredRulesKeepThePhaseOrderAndTheFirstFiringOneWins() {
    Variable y = T.dvector("y");
    Rule first = Rule.of("first", Elemwise.class,
        (n, ctx) -> Patterns.is(n, Scalar.EXP) ? T.log(y) : null);
    Rule second = Rule.of("second", (n, ctx) -> Patterns.is(n, Scalar.EXP) ? T.sqrt(y) : null);
    Rewriter engine = new Rewriter(false);
    List<Variable> r = engine.run(List.of(Phase.of("t", first, second)),
        List.of(T.exp(y)), List.of(y));
    assertThat(r.get(0).owner().op().describe()).isEqualTo("Elemwise{log}");
  }

  @Test
  void singleOutputRulesAreNotOfferedMultiOutputNodes() {
    List<Op> offered = new ArrayList<>();
    Rule single = Rule.of("single", (n, ctx) -> {
      offered.add(n.op());
      return null;
    });
    List<Variable> outs = both();
    new Rewriter(false).run(List.of(Phase.of("t", single)), outs, List.of(m, labels));
    assertThat(offered).isEmpty();
  }

  /** The two outputs of one CrossentropySoftmax1HotWithSoftmax node of m and the labels. */
  private List<Variable> both() {
    return Apply.make(new CrossentropySoftmax1HotWithSoftmax(), List.of(m, labels), null).outputs();
  }

  private final Variable labels = T.ivector("labels");

  @Test
  void aMultiOutputRuleReplacesEveryOutputOfItsNode() {
    // Swap in a node on the negated logits: both outputs are replaced at once.
    Rule negate = Rule.multi("negate-logits", Set.of(CrossentropySoftmax1HotWithSoftmax.class),
        (n, ctx) -> Elemwise.class.isInstance(n.input(0).owner() == null ? null
            : n.input(0).owner().op()) ? null
            : Apply.make(new CrossentropySoftmax1HotWithSoftmax(), List.of(m.neg(), labels), n.site())
                .outputs());
    List<Variable> outs = both();
    List<Variable> r = new Rewriter(false).run(List.of(Phase.of("t", negate)), outs,
        List.of(m, labels));
    assertThat(r.get(0).owner()).isSameAs(r.get(1).owner());
    assertThat(r.get(0).owner().input(0).owner().op().describe()).isEqualTo("Elemwise{neg}");
    assertThat(r.get(0)).isSameAs(r.get(0).owner().output(0));
    assertThat(r.get(1)).isSameAs(r.get(0).owner().output(1));
  }

  @Test
  void mergeNodesMergesEqualMultiOutputNodes() {
    List<Variable> a = both();
    List<Variable> b = both();
    List<Variable> r = new Rewriter(false).run(List.of(Phase.of("merge", MergeRules.NODES)),
        List.of(a.get(0), b.get(1)), List.of(m, labels));
    assertThat(r.get(0).owner()).isSameAs(r.get(1).owner());
    assertThat(Graphs.toposort(r)).hasSize(1);
  }

  @Test
  void aMultiOutputRuleReturningTheWrongNumberOfReplacementsFails() {
    Rule bad = Rule.multi("one-for-two", Set.of(), (n, ctx) -> List.of(n.output(0)));
    assertThatThrownBy(() -> new Rewriter(false).run(List.of(Phase.of("t", bad)),
        List.of(both().get(0)), List.of(m, labels)))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("rule 'one-for-two'")
        .hasMessageContaining("returned 1 replacements")
        .hasMessageContaining("which has 2 outputs");
  }

  @Test
  void shareSoftmaxAndInplaceAreNamedPhasesOfFastRun() {
    List<Phase> phases = Optimizer.phases(Mode.FAST_RUN);
    assertThat(phases).extracting(Phase::name).containsExactly("merge", "scan-merge",
        "scan-hoist", "scan-last-only", "scan-prune", "scan-inner", "canonicalize", "stabilize",
        "specialize", "fusion", "reduce-fusion", "share-softmax", "inplace");
    assertThat(phases.subList(1, 6)).allMatch(Phase::isWholeGraph);
    assertThat(phases.get(10).isWholeGraph()).as("reduce-fusion is a rule phase").isFalse();
    assertThat(phases.subList(11, 13)).allMatch(Phase::isWholeGraph);
    assertThat(Optimizer.knownNames()).contains("reduce-fusion", "fuse-reduce", "share-softmax",
        "inplace");
    assertThatThrownBy(() -> Phase.whole("p", (g, c, f) -> g).rules().add(null))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /** The SGD step {@code W <- W - 0.1 * (W * x)} and an intermediate {@code exp(x) + 1}. */
  private FunctionGraph plan(Backend backend) {
    SharedVariable w = Theano.shared(NDArray.zeros(org.theano4j.ndarray.DType.FLOAT64, 3), "w");
    Variable x = T.dvector("x");
    Variable update = w.sub(w.mul(x).mul(0.1));
    Variable out = T.exp(x).mul(2.0).add(T.log(x));
    FunctionGraph g = new FunctionGraph(List.of(x), List.of(out, update), 1);
    CompileOptions opts = new CompileOptions(Mode.FAST_RUN, backend.name(),
        UnusedInputPolicy.RAISE, Set.of("fusion"), false, false);
    return Optimizer.optimize(g, List.of(w), opts, backend).graph();
  }

  @Test
  void thePlannerPlansWhatTheBackendSays() {
    FunctionGraph jvm = plan(new JvmBackend());
    assertThat(jvm.destroyMap()).isNotEmpty();
    assertThat(jvm.destroyMap().keySet()).allMatch(a -> a.op() instanceof Elemwise);
    // A backend that says nothing gets no in-place plan.
    FunctionGraph none = plan(new TestBackend(op -> InplaceInfo.NONE));
    assertThat(none.destroyMap()).isEmpty();
    // A backend whose elementwise kernels return fresh memory but overwrite nothing: none.
    FunctionGraph fresh = plan(new TestBackend(op -> InplaceInfo.FRESH));
    assertThat(fresh.destroyMap()).isEmpty();
    // Overwriting only input 1: every planned write is into input 1.
    FunctionGraph second = plan(new TestBackend(op -> op instanceof Elemwise
        ? InplaceInfo.overwrites(1) : InplaceInfo.NONE));
    assertThat(second.destroyMap()).isNotEmpty().allSatisfy((a, i) -> assertThat(i).isOne());
  }

  @Test
  void theJvmKernelTableDeclaresWhatItsKernelsOverwrite() {
    JvmBackend jvm = new JvmBackend();
    assertThat(jvm.inplace(new Elemwise(Scalar.ADD)))
        .isEqualTo(InplaceInfo.overwritesAnyInput());
    assertThat(jvm.inplace(new Gemm())).isEqualTo(InplaceInfo.overwrites(2));
    assertThat(jvm.inplace(new Reduce(org.theano4j.tensor.ReduceKind.SUM, List.of(0), false)))
        .isEqualTo(InplaceInfo.FRESH);
    // A view-returning op is not fresh.
    assertThat(jvm.inplace(new DimShuffle(2, List.of(1, 0)))).isEqualTo(InplaceInfo.NONE);
    assertThatThrownBy(() -> new InplaceInfo(false, false, List.of(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must otherwise return fresh memory");
  }

  private record TestBackend(java.util.function.Function<Op, InplaceInfo> info)
      implements Backend {
    @Override
    public String name() {
      return "test";
    }

    @Override
    public Executable link(FunctionGraph graph, CompileOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public InplaceInfo inplace(Op op) {
      return info.apply(op);
    }
  }
}
