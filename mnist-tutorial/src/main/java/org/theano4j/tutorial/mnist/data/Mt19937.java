package org.theano4j.tutorial.mnist.data;

/**
 * The MT19937 Mersenne Twister of Matsumoto and Nishimura, as seeded by NumPy's legacy
 * {@code RandomState(seed)} for an integer seed.
 *
 * <p>{@link #Mt19937(long)} is the reference {@code init_genrand}; {@link #nextInt32()} is the
 * reference {@code genrand_int32}, returned as an unsigned value in a {@code long}. With seed
 * 5489 the first outputs are 3499211612, 581869302, 3890346734, ...
 */
public final class Mt19937 {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;

  private final int[] mt = new int[N];
  private int mti;

  /**
   * A generator seeded as {@code init_genrand(seed)}; NumPy accepts seeds in {@code [0, 2^32)}.
   *
   * @throws IllegalArgumentException if {@code seed} is outside {@code [0, 2^32)}
   */
  public Mt19937(long seed) {
    if (seed < 0 || seed > 0xffffffffL) {
      throw new IllegalArgumentException("MT19937 seed must be in [0, 2^32), got " + seed);
    }
    mt[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      int prev = mt[i - 1];
      mt[i] = 1812433253 * (prev ^ (prev >>> 30)) + i;
    }
    mti = N;
  }

  /** The next 32-bit output, as an unsigned value in {@code [0, 2^32)}. */
  public long nextInt32() {
    if (mti >= N) {
      regenerate();
    }
    int y = mt[mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y & 0xffffffffL;
  }

  private void regenerate() {
    for (int k = 0; k < N; k++) {
      int y = (mt[k] & UPPER_MASK) | (mt[(k + 1) % N] & LOWER_MASK);
      mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
    }
    mti = 0;
  }
}
