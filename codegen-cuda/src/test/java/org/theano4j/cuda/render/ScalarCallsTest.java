package org.theano4j.cuda.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.theano4j.tensor.Scalar;

/** The C templates of the scalar table, substituted by {@link ScalarCalls#fill}. */
class ScalarCallsTest {
  private static final String[] ARGS = {"A0", "B1", "C2"};

  @Test
  void everyTemplateNamesOnlyItsOwnArgumentsAndUsesTheFirst() {
    for (Scalar s : Scalar.values()) {
      for (boolean floatLane : new boolean[] {true, false}) {
        String template = s.cTemplate(floatLane, false);
        String c = ScalarCalls.fill(s.opName(), template, Arrays.copyOf(ARGS, s.arity()), "double");
        assertThat(c).as("%s in the %s lane", s, floatLane ? "float" : "int")
            .doesNotContain("$");
        // An integer is never NaN or infinite: the constant 0.
        if (!((s == Scalar.ISNAN || s == Scalar.ISINF) && !floatLane)) {
          assertThat(c).as("%s in the %s lane", s, floatLane ? "float" : "int").contains("A0");
        }
      }
    }
  }

  @Test
  void substitutionIsOnePass() {
    assertThat(ScalarCalls.fill("add", "($a + $b)", new String[] {"x$b", "y"}, "float"))
        .isEqualTo("(x$b + y)");
    assertThat(ScalarCalls.fill("relu", "t4j_maximum($a, ($t) 0)", new String[] {"v"},
        "float")).isEqualTo("t4j_maximum(v, (float) 0)");
  }

  @Test
  void notOfBoolIsLogicalAndOfIntegersBitwise() {
    assertThat(Scalar.NOT.cTemplate(false, true)).isEqualTo("((long long) ($a == 0))");
    assertThat(Scalar.NOT.cTemplate(false, false)).isEqualTo("(~$a)");
  }

  @Test
  void aTemplateNamingAMissingArgumentIsRefusedByName() {
    assertThatThrownBy(() -> ScalarCalls.fill("neg", "($a - $b)", new String[] {"x"},
        "float")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("neg").hasMessageContaining("$b")
        .hasMessageContaining("1 argument(s)");
  }
}
