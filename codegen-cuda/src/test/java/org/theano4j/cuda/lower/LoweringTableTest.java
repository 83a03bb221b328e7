package org.theano4j.cuda.lower;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.theano4j.graph.Op;
import org.theano4j.tensor.AdvancedIncSubtensor;
import org.theano4j.tensor.Dot;
import org.theano4j.tensor.Elemwise;
import org.theano4j.tensor.OpCatalogue;

/** Every op of the catalogue (the list the JVM kernel table is checked against) lowers to CUDA. */
class LoweringTableTest {
  @Test
  void everyOpClassHasACudaLowering() throws Exception {
    List<Class<? extends Op>> ops = OpCatalogue.opClasses();
    assertThat(ops).as("op classes found in org.theano4j.tensor").hasSizeGreaterThan(10)
        .contains(Elemwise.class, Dot.class, AdvancedIncSubtensor.class);
    Set<String> missing = new TreeSet<>();
    for (Class<? extends Op> c : ops) {
      if (!Lowering.supports(c)) {
        missing.add(c.getSimpleName());
      }
    }
    assertThat(missing).as("op classes without a CUDA lowering").isEmpty();
  }

  @Test
  void anOpOutsideTheTableIsNotSupported() {
    assertThat(Lowering.supports(Op.class)).isFalse();
  }
}
