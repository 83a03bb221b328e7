package org.theano4j.tensor;

/**
 * The random-number generator of every backend, defined once: Philox4x32-10 (Salmon, Moraes,
 * Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC 2011), a counter-based
 * generator — a pure function of a 128-bit counter and a 64-bit key — and the mappings of its
 * 32-bit words to the values of {@link RandomDraw}. The CUDA prelude
 * ({@code cuda.render.Prelude}) spells the same steps in C; the kernel interpreter calls these
 * methods. Draw {@code j} of a call reads the block at counter
 * {@code (lo32(j), hi32(j), lo32(c), hi32(c))} under key {@code (lo32(k), hi32(k))}, where
 * {@code (k, c)} is the draw's state: so any element can be computed on its own, by any thread,
 * with no state per thread. See docs/random.md.
 */
public final class Philox {
  private Philox() {}

  private static final long M0 = 0xD2511F53L;
  private static final long M1 = 0xCD9E8D57L;
  private static final int W0 = 0x9E3779B9;
  private static final int W1 = 0xBB67AE85;
  private static final long MASK = 0xFFFFFFFFL;

  /**
   * Philox4x32 with 10 rounds: the four 32-bit output words (as ints, read unsigned) of the
   * block at counter {@code (c0, c1, c2, c3)} under key {@code (k0, k1)}.
   */
  public static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
    int[] w = new int[4];
    block(c0, c1, c2, c3, k0, k1, w);
    return w;
  }

  /** As {@link #block(int, int, int, int, int, int)}, the words written into {@code w[0..3]}. */
  private static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] w) {
    for (int round = 0; round < 10; round++) {
      if (round > 0) {
        k0 += W0;
        k1 += W1;
      }
      long p0 = M0 * (c0 & MASK);
      long p1 = M1 * (c2 & MASK);
      int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
      int n1 = (int) p1;
      int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
      int n3 = (int) p0;
      c0 = n0;
      c1 = n1;
      c2 = n2;
      c3 = n3;
    }
    w[0] = c0;
    w[1] = c1;
    w[2] = c2;
    w[3] = c3;
  }

  /** The block of draw {@code index} for the state {@code (key, counter)}. */
  public static int[] draw(long key, long counter, long index) {
    int[] w = new int[4];
    draw(key, counter, index, w);
    return w;
  }

  /**
   * As {@link #draw(long, long, long)}, the words written into {@code w[0..3]}: for loops over
   * many draws (the JVM kernel), with no array per draw.
   */
  public static void draw(long key, long counter, long index, int[] w) {
    block((int) index, (int) (index >>> 32), (int) counter, (int) (counter >>> 32),
        (int) key, (int) (key >>> 32), w);
  }

  /** A float32 in [0, 1): the top 24 bits of {@code w} times 2^-24 (exact in float32). */
  public static float unitFloat(int w) {
    return (w >>> 8) * 0x1p-24f;
  }

  /**
   * A float64 in [0, 1): 27 bits of {@code w0} and 26 of {@code w1} as a 53-bit fraction times
   * 2^-53 (exact), the construction of {@code java.util.Random.nextDouble}.
   */
  public static double unitDouble(int w0, int w1) {
    return (((long) (w0 >>> 5) << 26) + (w1 >>> 6)) * 0x1p-53;
  }

  /**
   * Box-Muller's cosine branch in float64: {@code sqrt(-2 log(1 - u1)) cos(2 pi u2)} for
   * {@code u1, u2} in [0, 1) (so the logarithm's argument is in (0, 1]), with
   * {@link StrictMath}'s (fdlibm's) log, cos and sqrt.
   */
  public static double boxMuller(double u1, double u2) {
    return StrictMath.sqrt(-2 * StrictMath.log(1 - u1))
        * StrictMath.cos(6.283185307179586 * u2);
  }

  /**
   * A non-negative int64 from the first two words: {@code (w1 << 32 | w0) >>> 1} (63 random
   * bits).
   */
  public static long bits63(int w0, int w1) {
    return (((long) w1 << 32) | (w0 & MASK)) >>> 1;
  }

  /**
   * A key for stream {@code stream} of the seed {@code seed}: the first two words (low, high)
   * of the block at counter {@code (lo32(stream), hi32(stream), 0, 0)} under the seed as key.
   */
  public static long streamKey(long seed, long stream) {
    int[] w = draw(seed, 0, stream);
    return ((long) w[1] << 32) | (w[0] & MASK);
  }
}
