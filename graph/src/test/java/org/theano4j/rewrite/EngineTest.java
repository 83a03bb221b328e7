package org.theano4j.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.theano4j.rewrite.RewriteFixtures.compile;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.compile.Mode;
import org.theano4j.compile.ProfileStats;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.Scalar;
import org.theano4j.tensor.Softmax;
import org.theano4j.tensor.T;

/** The engine's contract: fixed points, loud failures, verification, modes, trace, profile. */
class EngineTest {
  private final Variable x = T.dvector("x");

  @Test
  void rulesThatUndoEachOtherFailNamingThem() {
    Rule wrap = Rule.of("wrap-neg", (n, ctx) -> Patterns.is(n, Scalar.EXP)
        && !Patterns.is(n.input(0), Scalar.NEG) ? T.exp(x.neg().neg()) : null);
    Phase p = new Phase("cycle", List.of(CanonicalRules.NEG_NEG, wrap), 5);
    assertThatThrownBy(() -> RewriteFixtures.rewrite(List.of(x), List.of(T.exp(x)), p))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("phase cycle did not reach a fixed point in 5 passes")
        .hasMessageContaining("neg-neg").hasMessageContaining("wrap-neg");
  }

  @Test
  void aRuleThatThrowsFailsTheCompileNamingIt() {
    Rule bad = Rule.of("broken", (n, ctx) -> {
      throw new IllegalStateException("oops");
    });
    assertThatThrownBy(() -> RewriteFixtures.rewrite(bad, List.of(x), T.exp(x)))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("rewrite rule 'broken'").hasMessageContaining("oops")
        .hasMessageContaining("EngineTest.java");
  }

  @Test
  void aReplacementOfAnotherTypeIsRejected() {
    Rule bad = Rule.of("to-float32", (n, ctx) -> Patterns.is(n, Scalar.EXP)
        ? T.fvector("f") : null);
    assertThatThrownBy(() -> RewriteFixtures.rewrite(bad, List.of(x), T.exp(x)))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("rule 'to-float32'")
        .hasMessageContaining("incompatible type");
  }

  @Test
  void modesSelectPhases() {
    Variable out = T.log(T.softmax(T.dmatrix("m")));
    Variable m = out.owner().input(0).owner().input(0);
    Function fast = compile(Mode.FAST_RUN, List.of(m), List.of(out));
    assertThat(fast.graph().nodes()).singleElement()
        .satisfies(a -> assertThat(a.op()).isEqualTo(new Softmax(true)));
    Function quick = compile(Mode.FAST_COMPILE, List.of(m), List.of(out));
    assertThat(quick.graph().nodes()).hasSize(2);
    Function debug = compile(Mode.DEBUG, List.of(m), List.of(out));
    assertThat(debug.graph().nodes()).hasSize(2);
    assertThat(fast.rewriteReport().nodesBefore()).isEqualTo(2);
    assertThat(fast.rewriteReport().nodesAfter()).isEqualTo(1);
  }

  @Test
  void aRuleCanBeExcludedByName() {
    Variable m = T.dmatrix("m");
    Variable out = T.log(T.softmax(m));
    Function f = compile(Mode.FAST_RUN, List.of(m), List.of(out), "log-softmax");
    assertThat(f.graph().nodes()).hasSize(2);
    assertThat(f.graph().nodes().get(1).op()).isEqualTo(new Elemwise(Scalar.LOG));
    assertThatThrownBy(() -> compile(Mode.FAST_RUN, List.of(m), List.of(out), "log-sofmax"))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("no rewrite rule or phase named 'log-sofmax'");
  }

  @Test
  void theTraceSaysWhichRuleFiredWhere() {
    Variable m = T.dmatrix("m");
    Variable out = T.log(T.softmax(m));
    Function f = Theano.function(List.of(m), List.of(out)).trace(true).build();
    assertThat(f.rewriteReport().trace()).anySatisfy(e -> {
      assertThat(e.rule()).isEqualTo("log-softmax");
      assertThat(e.phase()).isEqualTo("stabilize");
      assertThat(e.before()).isEqualTo("Elemwise{log}(Softmax)");
      assertThat(e.site().toString()).contains("EngineTest.java");
    });
    assertThat(f.rewriteReport().toString()).contains("stabilize").contains("log-softmax");
    Function quiet = Theano.function(List.of(m), List.of(out)).build();
    assertThat(quiet.rewriteReport().trace()).isEmpty();
  }

  @Test
  void profilingRecordsNodesCallsAndCompilePhases() {
    Variable w = T.dmatrix("W");
    Variable out = T.tanh(T.dot(x, w)).sum();
    Function f = Theano.function(List.of(x, w), List.of(out)).profile(true).build();
    double[][] wv = {{1, 2}, {3, 4}};
    f.call(new double[] {1, 2}, wv);
    f.call(new double[] {1, 2}, wv);
    ProfileStats p = f.profile();
    assertThat(p.calls()).isEqualTo(2);
    assertThat(f.graph().nodes()).allSatisfy(a -> assertThat(p.nodeCalls(a)).isEqualTo(2));
    assertThat(p.summary()).contains("2 calls").contains("Compile time per phase")
        .contains("canonicalize").contains("Nodes, by time").contains("Dot");
    assertThat(Theano.function(List.of(x, w), List.of(out)).build().profile()).isNull();
  }
}
