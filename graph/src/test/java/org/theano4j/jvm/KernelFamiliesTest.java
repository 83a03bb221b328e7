package org.theano4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.TheanoException;
import org.theano4j.compile.InplaceInfo;
import org.theano4j.compile.OpTable;
import org.theano4j.tensor.CumOp;
import org.theano4j.tensor.Dot;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.Gemm;
import org.theano4j.tensor.Reshape;
import org.theano4j.testing.ServiceFamilies;

/** The JVM kernel families register themselves, each op once, with its memory behaviour. */
class KernelFamiliesTest {
  @Test
  void everyFamilyClassIsFoundByTheServiceLoader() throws Exception {
    List<String> all = ServiceFamilies.implementations(KernelFamily.class);
    assertThat(all).contains(BlasKernels.class.getName(), CumulativeKernels.class.getName())
        .hasSizeGreaterThanOrEqualTo(14);
    assertThat(ServiceFamilies.discovered(KernelFamily.class)).isEqualTo(all);
  }

  @Test
  void eachEntryNamesTheFamilyThatDeclaredIt() {
    assertThat(Kernels.owner(Dot.class)).isEqualTo(BlasKernels.class.getName());
    assertThat(Kernels.owner(CumOp.class)).isEqualTo(CumulativeKernels.class.getName());
  }

  @Test
  void familiesDeclareWhatTheirKernelsDoWithMemory() {
    assertThat(memory(Elemwise.class)).isEqualTo(InplaceInfo.overwritesAnyInput());
    assertThat(memory(Gemm.class)).isEqualTo(InplaceInfo.overwrites(2));
    assertThat(memory(Dot.class)).isEqualTo(InplaceInfo.FRESH);
    assertThat(memory(Reshape.class)).isEqualTo(InplaceInfo.NONE);
  }

  private static InplaceInfo memory(Class<? extends org.theano4j.graph.Op> c) {
    OpTable<Kernels.Entry> t = Kernels.load(OpTable.families(KernelFamily.class));
    return t.get(c).memory();
  }

  /** Another family claiming Dot: the error names both families, in class-name order. */
  public static final class DuplicateDot implements KernelFamily {
    @Override
    public void register(Registry r) {
      r.kernel(Dot.class, InplaceInfo.FRESH, (node, in) -> in);
    }
  }

  @Test
  void twoFamiliesForOneOpClassIsAnErrorNamingBoth() {
    assertThatThrownBy(() -> Kernels.load(List.of(new BlasKernels(), new DuplicateDot())))
        .isInstanceOf(TheanoException.class)
        .hasMessage(DuplicateDot.class.getName() + ": org.theano4j.tensor.Dot already has a "
            + "JVM kernel, registered by org.theano4j.jvm.BlasKernels (an op class has one JVM "
            + "kernel; register it once)");
  }

  @Test
  void aKernelThatOverwritesInputsNeedsItsInPlaceVariant() {
    KernelFamily bad = r -> r.kernel(Dot.class, InplaceInfo.overwrites(0), (node, in) -> in);
    assertThatThrownBy(() -> Kernels.load(List.of(bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("org.theano4j.tensor.Dot overwrites inputs");
    KernelFamily fresh = r -> r.kernel(Dot.class, InplaceInfo.FRESH, (node, in) -> in,
        (node, in, k) -> in);
    assertThatThrownBy(() -> Kernels.load(List.of(fresh)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the in-place variant of org.theano4j.tensor.Dot needs a kernel "
            + "and the inputs it may overwrite");
  }
}
