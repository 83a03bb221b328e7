package org.theano4j.testing;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * The random source of case {@code id} of a seeded test generator (the NumPy differential
 * test, the mode/backend fuzzer): it depends only on {@code (seed, id)}, and the ids of one
 * seed draw independently. {@code new Random(seed * K + id)} does not: {@link Random}'s first
 * values for consecutive seeds differ by a fixed step in its state, so its first
 * {@code nextBoolean()} or {@code nextInt(4)} stays the same over thousands of consecutive
 * ids (a fuzzer's first 1,000 graphs of seed 7 were all float32). The seed is mixed first,
 * with {@link SplittableRandom}'s 64-bit mix.
 */
public final class CaseRandom {
  private CaseRandom() {}

  /** A {@link Random} for case {@code id} of {@code seed}. */
  public static Random of(long seed, long id) {
    return new Random(new SplittableRandom(seed * 1_000_003L + id).nextLong());
  }
}
