package org.theano4j.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.TheanoException;
import org.theano4j.compile.OpFromGraph;
import org.theano4j.tensor.ArgReduce;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.Reduce;
import org.theano4j.testing.ServiceFamilies;

/** The gradient families register themselves, each op class once. */
class GradFamiliesTest {
  @Test
  void everyFamilyClassIsFoundByTheServiceLoader() throws Exception {
    List<String> all = ServiceFamilies.implementations(GradFamily.class);
    assertThat(all).contains(ElemwiseGrads.class.getName(), OpFromGraphGrads.class.getName())
        .hasSizeGreaterThanOrEqualTo(9);
    assertThat(ServiceFamilies.discovered(GradFamily.class)).isEqualTo(all);
  }

  @Test
  void eachEntryNamesTheFamilyThatDeclaredIt() {
    assertThat(GradRules.owner(Reduce.class)).isEqualTo(ReduceGrads.class.getName());
    assertThat(GradRules.owner(ArgReduce.class)).isEqualTo(ReduceGrads.class.getName());
    assertThat(GradRules.owner(Elemwise.class)).isEqualTo(ElemwiseGrads.class.getName());
    assertThat(GradRules.owner(OpFromGraph.class)).isEqualTo(OpFromGraphGrads.class.getName());
  }

  /** Another family marking ArgReduce: the error names both families. */
  public static final class DuplicateArgReduce implements GradFamily {
    @Override
    public void register(Registry r) {
      r.notDifferentiable(ArgReduce.class, true);
    }
  }

  @Test
  void twoFamiliesForOneOpClassIsAnErrorNamingBoth() {
    assertThatThrownBy(() -> GradRules.load(List.of(new ReduceGrads(),
        new DuplicateArgReduce())))
        .isInstanceOf(TheanoException.class)
        .hasMessage(DuplicateArgReduce.class.getName() + ": org.theano4j.tensor.ArgReduce "
            + "already has a gradient entry, registered by org.theano4j.autodiff.ReduceGrads "
            + "(an op class has one gradient entry; register it once)");
  }
}
