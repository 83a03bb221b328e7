package org.theano4j.tutorial.mnist.data;

/**
 * The parts of NumPy's legacy {@code numpy.random.RandomState} needed to reproduce a data split:
 * {@link #permutation(int)} and {@link #shuffle(int[])} give the same results as NumPy for the
 * same integer seed.
 *
 * <pre>{@code
 * int[] perm = new LegacyRandomState(1234).permutation(10000); // == RandomState(1234).permutation(10000)
 * }</pre>
 */
public final class LegacyRandomState {
  private final Mt19937 mt;

  /** As {@code numpy.random.RandomState(seed)} for an integer seed in {@code [0, 2^32)}. */
  public LegacyRandomState(long seed) {
    this.mt = new Mt19937(seed);
  }

  /** As {@code RandomState.permutation(n)}: a shuffled {@code [0, 1, ..., n-1]}. */
  public int[] permutation(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("permutation length must be >= 0, got " + n);
    }
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    shuffle(a);
    return a;
  }

  /**
   * As {@code RandomState.shuffle} on a 1-d array: Fisher-Yates from the last element down,
   * swapping element {@code i} with element {@link #randomInterval(long) randomInterval(i)}.
   */
  public void shuffle(int[] a) {
    for (int i = a.length - 1; i >= 1; i--) {
      int j = (int) randomInterval(i);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /**
   * A uniform integer in {@code [0, max]} by NumPy's legacy masked rejection sampling: draw
   * 32-bit outputs, keep the bits under the smallest all-ones mask covering {@code max}, and
   * retry while the value exceeds {@code max}.
   *
   * @param max the inclusive upper bound, in {@code [0, 2^32)}
   */
  public long randomInterval(long max) {
    if (max < 0 || max > 0xffffffffL) {
      throw new IllegalArgumentException("bound must be in [0, 2^32), got " + max);
    }
    if (max == 0) {
      return 0;
    }
    long mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    long value;
    do {
      value = mt.nextInt32() & mask;
    } while (value > max);
    return value;
  }
}
