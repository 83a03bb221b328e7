package org.theano4j.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.theano4j.TheanoException;
import org.theano4j.tensor.Dot;
import org.theano4j.tensor.Reduce;

/**
 * The backend tables' common part: families in class-name order whatever the service file's
 * order, a listed family that cannot be loaded is a clear error, one entry per op class.
 */
class OpTableClassTest {
  /** A service whose file (test resources) lists Zeta before Alpha. */
  public interface Family {}

  public static final class Alpha implements Family {}

  public static final class Zeta implements Family {}

  /** A service whose file lists a class that does not exist. */
  public interface Broken {}

  @Test
  void familiesComeInClassNameOrder() {
    assertThat(OpTable.families(Family.class)).extracting(f -> f.getClass().getSimpleName())
        .containsExactly("Alpha", "Zeta");
  }

  @Test
  void aListedFamilyThatCannotBeLoadedIsAClearError() {
    assertThatThrownBy(() -> OpTable.families(Broken.class))
        .isInstanceOf(TheanoException.class)
        .hasMessageContaining("cannot load the org.theano4j.compile.OpTableClassTest$Broken families "
            + "listed in META-INF/services")
        .hasMessageContaining("org.theano4j.compile.NoSuchFamily");
  }

  @Test
  void oneEntryPerOpClassWithItsOwner() {
    OpTable<String> t = new OpTable<>("test entry");
    t.put(Dot.class, "first", "FamilyA");
    assertThat(t.get(Dot.class)).isEqualTo("first");
    assertThat(t.owner(Dot.class)).isEqualTo("FamilyA");
    assertThat(t.contains(Reduce.class)).isFalse();
    assertThat(t.get(Reduce.class)).isNull();
    assertThatThrownBy(() -> t.put(Dot.class, "second", "FamilyB"))
        .isInstanceOf(TheanoException.class)
        .hasMessage("FamilyB: org.theano4j.tensor.Dot already has a test entry, registered by "
            + "FamilyA (an op class has one test entry; register it once)");
    assertThat(t.get(Dot.class)).as("the first entry stays").isEqualTo("first");
    assertThatThrownBy(() -> t.put(null, "x", "Owner")).isInstanceOf(TheanoException.class)
        .hasMessage("Owner: the op class is null");
    assertThatThrownBy(() -> t.put(Reduce.class, null, "Owner"))
        .isInstanceOf(TheanoException.class).hasMessage("Owner: the test entry is null");
  }
}
