package org.theano4j.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Fma}: the property's values and the VM check. */
class FmaTest {
  @Test
  void autoAndNoValueAskTheVm() {
    assertTrue(Fma.decide(null, () -> true));
    assertFalse(Fma.decide(null, () -> false));
    assertTrue(Fma.decide("auto", () -> true));
    assertFalse(Fma.decide(" AUTO ", () -> false));
    assertTrue(Fma.decide("", () -> true));
  }

  @Test
  void trueAndFalseOverrideTheVm() {
    assertTrue(Fma.decide("true", () -> false));
    assertTrue(Fma.decide("TRUE", () -> false));
    assertFalse(Fma.decide("false", () -> true));
    assertFalse(Fma.decide(" False", () -> true));
  }

  @Test
  void anythingElseIsAnError() {
    for (String bad : new String[] {"yes", "1", "on", "tru"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Fma.decide(bad, () -> true));
      assertTrue(e.getMessage().contains(Fma.PROPERTY), e.getMessage());
    }
  }

  @Test
  void theVmCheckReadsHotSpotsOption() {
    // HotSpot on x86-64 and AArch64 has UseFMA; the check must not throw either way
    boolean vm = Fma.vmUsesFma();
    String prop = System.getProperty(Fma.PROPERTY);
    if (prop == null || prop.equalsIgnoreCase("auto")) {
      assertEquals(vm, Fma.FAST);
    }
  }
}
