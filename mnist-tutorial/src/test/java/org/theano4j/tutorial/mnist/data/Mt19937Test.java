package org.theano4j.tutorial.mnist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Mt19937Test {
  @Test
  void referenceOutputsForSeed5489() {
    // First outputs of the reference mt19937ar.c init_genrand(5489) / C++ std::mt19937.
    Mt19937 mt = new Mt19937(5489);
    assertThat(new long[] {mt.nextInt32(), mt.nextInt32(), mt.nextInt32(), mt.nextInt32(),
        mt.nextInt32()})
        .containsExactly(3499211612L, 581869302L, 3890346734L, 3586334585L, 545404204L);
  }

  @Test
  void tenThousandthOutputForSeed5489() {
    // The C++ standard requires the 10000th output of a default std::mt19937 to be 4123659995.
    Mt19937 mt = new Mt19937(5489);
    long v = 0;
    for (int i = 0; i < 10000; i++) {
      v = mt.nextInt32();
    }
    assertThat(v).isEqualTo(4123659995L);
  }

  @Test
  void rejectsSeedsOutside32Bits() {
    assertThatThrownBy(() -> new Mt19937(-1)).hasMessageContaining("[0, 2^32)");
    assertThatThrownBy(() -> new Mt19937(1L << 32)).hasMessageContaining("[0, 2^32)");
  }

  @Test
  void permutationIsAPermutationAndDeterministic() {
    int[] p = new LegacyRandomState(1234).permutation(10000);
    assertThat(p).isEqualTo(new LegacyRandomState(1234).permutation(10000));
    int[] sorted = p.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertThat(sorted[i]).isEqualTo(i);
    }
    assertThat(p).isNotEqualTo(new LegacyRandomState(1235).permutation(10000));
  }

  @Test
  void randomIntervalStaysInRangeAndUsesMaskedRejection() {
    LegacyRandomState r = new LegacyRandomState(0);
    assertThat(r.randomInterval(0)).isZero();
    for (int i = 0; i < 1000; i++) {
      assertThat(r.randomInterval(5)).isBetween(0L, 5L);
    }
    // max = 2^32 - 1: the mask is all ones, so the value is the raw 32-bit output.
    assertThat(new LegacyRandomState(5489).randomInterval(0xffffffffL)).isEqualTo(3499211612L);
    // max = 7: mask 7, the low 3 bits of the first output 3499211612 (= ...100b) -> 4.
    assertThat(new LegacyRandomState(5489).randomInterval(7)).isEqualTo(3499211612L & 7);
  }

  @Test
  void shuffleOfSmallArrayFollowsFisherYatesFromTheEnd() {
    // For n = 2 the one draw is randomInterval(1): the lowest bit of the first output.
    int[] a = {0, 1};
    new LegacyRandomState(5489).shuffle(a);
    // j = 3499211612 & 1 = 0 (the output is even), so a[1] and a[0] are swapped.
    assertThat(a).containsExactly(1, 0);
  }
}
