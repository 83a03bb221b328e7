package org.theano4j.tutorial.mnist.data;

/**
 * The parts of NumPy's legacy {@code numpy.random.RandomState} that the tutorials use:
 * {@link #permutation(int)} and {@link #shuffle(int[])} to reproduce a data split,
 * {@link #randint(long)} and {@link #uniform(double, double, int)} to initialise weights as
 * {@code mlp.py} and {@code dA.py} do; each gives the same numbers as NumPy for the same
 * integer seed.
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

  /**
   * As {@code RandomState.random_sample()}: a double in {@code [0, 1)} from two 32-bit outputs,
   * {@code ((a >>> 5) * 2^26 + (b >>> 6)) / 2^53} (53 random bits).
   */
  public double randomSample() {
    long a = mt.nextInt32() >>> 5;
    long b = mt.nextInt32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /**
   * As {@code RandomState.uniform(low, high, size=n)}: {@code low + (high - low) * u} in double
   * for each {@link #randomSample()} {@code u}, in order (row-major for a shaped {@code size}).
   */
  public double[] uniform(double low, double high, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + n);
    }
    double range = high - low;
    if (!Double.isFinite(range)) {
      throw new IllegalArgumentException("uniform: high - low must be finite, got low " + low
          + ", high " + high);
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = low + range * randomSample();
    }
    return out;
  }

  /**
   * As {@code RandomState.randint(high)} for {@code high} in {@code [1, 2^32]}: a uniform
   * integer in {@code [0, high)}, drawn by {@link #randomInterval(long) randomInterval(high - 1)}
   * (NumPy's legacy masked rejection on 32-bit outputs).
   */
  public long randint(long high) {
    if (high < 1 || high > 0x100000000L) {
      throw new IllegalArgumentException("randint: high must be in [1, 2^32], got " + high);
    }
    return randomInterval(high - 1);
  }
}
