package org.theano4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link Philox#block} against the published known-answer vectors, and the word-to-value
 * mappings against their definitions.
 */
class PhiloxTest {
  /**
   * The three "philox4x32 10" lines of Random123's {@code tests/kat_vectors} (Random123 1.14,
   * github.com/DEShawResearch/random123; columns: name, rounds, counter (4 words), key (2
   * words), expected output (4 words), all hexadecimal):
   *
   * <pre>
   * philox4x32 10 00000000 00000000 00000000 00000000 00000000 00000000   6627e8d5 e169c58d bc57ac4c 9b00dbd8
   * philox4x32 10 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff   408f276d 41c83b0e a20bc7c6 6d5451fd
   * philox4x32 10 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0   d16cfe09 94fdcceb 5001e420 24126ea1
   * </pre>
   */
  static final int[][] KAT = {
      {0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
          0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
      {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
          0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
      {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0,
          0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}};

  @Test
  void knownAnswerVectorsOfRandom123() {
    for (int[] v : KAT) {
      assertThat(Philox.block(v[0], v[1], v[2], v[3], v[4], v[5]))
          .as("philox4x32-10 of counter %08x %08x %08x %08x key %08x %08x", v[0], v[1], v[2],
              v[3], v[4], v[5])
          .containsExactly(v[6], v[7], v[8], v[9]);
    }
  }

  @Test
  void drawPlacesIndexCounterAndKeyInTheDocumentedWords() {
    int[] v = KAT[2];
    long index = ((long) v[1] << 32) | (v[0] & 0xFFFFFFFFL);
    long counter = ((long) v[3] << 32) | (v[2] & 0xFFFFFFFFL);
    long key = ((long) v[5] << 32) | (v[4] & 0xFFFFFFFFL);
    assertThat(Philox.draw(key, counter, index)).containsExactly(v[6], v[7], v[8], v[9]);
  }

  @Test
  void unitMappingsAreExactAndCoverTheirEnds() {
    assertThat(Philox.unitFloat(0)).isEqualTo(0f);
    assertThat(Philox.unitFloat(-1)).isEqualTo(1f - 0x1p-24f).isLessThan(1f);
    assertThat(Philox.unitFloat(0x80000000)).isEqualTo(0.5f);
    assertThat(Philox.unitDouble(0, 0)).isEqualTo(0.0);
    assertThat(Philox.unitDouble(-1, -1)).isEqualTo(1 - 0x1p-53).isLessThan(1.0);
    assertThat(Philox.unitDouble(0x80000000, 0)).isEqualTo(0.5);
    // the low 6 bits of w1 and the low 5 of w0 are not used
    assertThat(Philox.unitDouble(0x1f, 0x3f)).isEqualTo(0.0);
    assertThat(Philox.unitDouble(0, 0x40)).isEqualTo(0x1p-53);
    assertThat(Philox.bits63(-1, -1)).isEqualTo(Long.MAX_VALUE);
    assertThat(Philox.bits63(2, 0)).isEqualTo(1);
    assertThat(Philox.bits63(0, 1)).isEqualTo(1L << 31);
  }

  @Test
  void boxMullerIsTheCosineBranch() {
    // u1 = 1 - e^-2 gives sqrt(-2 log(e^-2)) = 2; cos(2 pi u2) at u2 = 0, 0.25, 0.5
    double u1 = 1 - Math.exp(-2);
    assertThat(Philox.boxMuller(u1, 0)).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Philox.boxMuller(u1, 0.5)).isCloseTo(-2,
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Math.abs(Philox.boxMuller(u1, 0.25))).isLessThan(1e-12);
    assertThat(Philox.boxMuller(0, 0.3)).isEqualTo(0.0);
  }
}
