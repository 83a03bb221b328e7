package org.theano4j.cuda.lower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.TheanoException;
import org.theano4j.tensor.CumOp;
import org.theano4j.tensor.Dot;
import org.theano4j.tensor.Shape;
import org.theano4j.testing.ServiceFamilies;

/** The CUDA lowering families register themselves, each op class once. */
class LoweringFamiliesTest {
  @Test
  void everyFamilyClassIsFoundByTheServiceLoader() throws Exception {
    List<String> all = ServiceFamilies.implementations(LoweringFamily.class);
    assertThat(all).contains(CumulativeKernels.Family.class.getName(),
        HostAndViewLowerings.class.getName()).hasSizeGreaterThanOrEqualTo(16);
    assertThat(ServiceFamilies.discovered(LoweringFamily.class)).isEqualTo(all);
  }

  @Test
  void eachEntryNamesTheFamilyThatDeclaredIt() {
    assertThat(Lowering.owner(CumOp.class)).isEqualTo(CumulativeKernels.Family.class.getName());
    assertThat(Lowering.owner(Dot.class)).isEqualTo(GemmKernels.Family.class.getName());
    assertThat(Lowering.owner(Shape.class)).isEqualTo(HostAndViewLowerings.class.getName());
  }

  /** Another family lowering Dot: the error names both families. */
  public static final class DuplicateDot implements LoweringFamily {
    @Override
    public void register(Registry r) {
      r.launch(Dot.class, MatmulKernels::new);
    }
  }

  @Test
  void twoFamiliesForOneOpClassIsAnErrorNamingBoth() {
    assertThatThrownBy(() -> Lowering.load(List.of(new GemmKernels.Family(),
        new DuplicateDot())))
        .isInstanceOf(TheanoException.class)
        .hasMessage(DuplicateDot.class.getName() + ": org.theano4j.tensor.Dot already has a "
            + "CUDA lowering, registered by org.theano4j.cuda.lower.GemmKernels$Family (an op "
            + "class has one CUDA lowering; register it once)");
  }
}
