package org.theano4j.ndarray;

import java.util.Arrays;

/**
 * The {@link NDArray} wrappers one node of a compiled function makes, kept and reused on its
 * next call so that a steady-state call allocates no Java object (docs/architecture.md,
 * "Buffer reuse"). While an arena is {@linkplain #enter current} on a thread, the array
 * factories ({@link NDArray#zeros}, {@link NDArray#uninitialized}, {@link NDArray#view}) and
 * the view methods ({@code dimshuffle}, {@code slice}, {@code broadcastTo}, ...) hand out
 * the arena's k-th wrapper of their rank for the k-th array a kernel makes, re-pointed at the
 * new storage, shape, strides and offset, instead of a new one.
 *
 * <p>The contract that makes this safe: a wrapper is only re-pointed while the arena still
 * owns it. The interpreter {@linkplain #disown disowns} every array that leaves a call (fresh
 * outputs, the values committed to shared variables, the arguments of a call), so an array a
 * caller or a shared variable holds is never changed by a later call; a borrowed output is
 * {@linkplain #lend lent} instead, valid until its node's next call. Within one call each
 * wrapper is handed out once, so no two live values share one. Kernels must not keep their
 * inputs or outputs past the call that gave them (none does). At the end of each call
 * {@link #clear} drops the storage of the wrappers not lent, so the arena keeps no value
 * alive but the borrowed outputs.
 *
 * <p>It also keeps what a kernel needs per call and would otherwise allocate: the array of
 * results ({@link #results}), scratch {@code int[]}s ({@link #ints}) and one per-node object
 * ({@link #state}, e.g. a kernel's plan for the shapes it last saw). Without a current arena
 * (code outside a compiled function) every factory allocates as before.
 */
public final class ArrayArena {
  private static final ThreadLocal<ArrayArena[]> CURRENT =
      ThreadLocal.withInitial(() -> new ArrayArena[1]);

  /** The most wrappers one node keeps (a bound on what a long loop in a kernel leaves). */
  static final int MAX_KEPT = 256;

  private NDArray[] made = new NDArray[4];
  private int next;
  /** Disowned wrappers of this arena that nothing holds any more ({@link #recycle}). */
  private final NDArray[] spares = new NDArray[8];
  private int spareCount;
  private NDArray[][] results = new NDArray[4][];
  private int[][] ints = new int[4][];
  private Object state;
  /** Scratch shape and strides of the view methods (copied into the wrapper they make). */
  private final int[][][] viewScratch = new int[3][33][];

  /** The current thread's arena, or null outside a node of a compiled function. */
  public static ArrayArena current() {
    return CURRENT.get()[0];
  }

  /**
   * Makes {@code arena} (or none, for null) the current thread's, starting its sequence of
   * wrappers again (a node's kernel is about to run); returns the previous one for the caller
   * to {@link #restore}.
   */
  public static ArrayArena enter(ArrayArena arena) {
    ArrayArena[] holder = CURRENT.get();
    ArrayArena previous = holder[0];
    holder[0] = arena;
    if (arena != null) {
      arena.next = 0;
    }
    return previous;
  }

  /**
   * Makes {@code arena} current again where it left off (after a nested function call: a
   * scan's step, an op-from-graph's body), without starting its sequence again, which would
   * hand out wrappers its kernel still uses.
   */
  public static void restore(ArrayArena arena) {
    CURRENT.get()[0] = arena;
  }

  /**
   * The arena's next wrapper of rank {@code ndim}, pointed at {@code storage} (its shape and
   * stride arrays still to be filled by the caller, then {@link NDArray#seal}), or a new
   * wrapper that the arena keeps for the next call.
   */
  NDArray obtain(Storage storage, int ndim, int offset) {
    int k = next++;
    if (k >= MAX_KEPT) {
      // a kernel that makes arrays per iteration (a scan's rows): the rest are not kept
      return new NDArray(storage, new int[ndim], new int[ndim], offset, null);
    }
    if (k == made.length) {
      made = Arrays.copyOf(made, 2 * k);
    }
    NDArray a = made[k];
    if (a == null || a.owner() != this || a.ndim() != ndim) {
      a = spare(ndim);
      if (a == null) {
        a = new NDArray(storage, new int[ndim], new int[ndim], offset, this);
      } else {
        a.own(this);
        a.repoint(storage, offset);
      }
      made[k] = a;
      return a;
    }
    a.repoint(storage, offset);
    return a;
  }

  /** A recycled wrapper of rank {@code ndim}, taken out of the spares, or null. */
  private NDArray spare(int ndim) {
    for (int i = 0; i < spareCount; i++) {
      NDArray a = spares[i];
      if (a.ndim() == ndim) {
        spares[i] = spares[--spareCount];
        spares[spareCount] = null;
        return a;
      }
    }
    return null;
  }

  /** Whether an arena owns {@code a} (it may re-point it on its node's next call). */
  public static boolean owned(NDArray a) {
    return a.owner() != null;
  }

  /**
   * Gives {@code a}, owned by its arena before a nested call disowned it as an argument, back
   * to that arena: for a kernel that passes its inputs into a nested call (a scan's step) and
   * returns none of them, so that their node's next call re-points them as it would have.
   */
  public static void restoreOwner(NDArray a) {
    if (a.owner() == null && a.home() != null) {
      a.own(a.home());
    }
  }

  /**
   * Gives {@code a}, a wrapper that a call disowned (an output that left a nested call) and
   * that nothing holds any more, back to the arena that made it, which hands it out again
   * instead of making a new one. For a loop that consumes a nested call's outputs (a scan's
   * step): the loop must hold no reference to {@code a} that it will read again, and no
   * other value may be {@code a} itself. Does nothing to a wrapper an arena still owns, to
   * one made outside any arena, or when the arena keeps enough spares.
   */
  public static void recycle(NDArray a) {
    ArrayArena home = a.home();
    if (home == null || a.owner() != null || home.spareCount == home.spares.length) {
      return;
    }
    for (int i = 0; i < home.spareCount; i++) {
      if (home.spares[i] == a) {
        return;
      }
    }
    // a slot that still lists it would hand it out a second time
    for (int k = 0; k < home.made.length; k++) {
      if (home.made[k] == a) {
        home.made[k] = null;
      }
    }
    a.repoint(null, 0);
    home.spares[home.spareCount++] = a;
  }

  /**
   * Gives {@code a} up for good: it will never be re-pointed (it leaves the call: an output,
   * a shared variable's new value). Does nothing to an array no arena owns.
   */
  public static void disown(NDArray a) {
    a.disown();
  }

  /**
   * Takes back the wrappers this arena handed out since it was last {@linkplain #enter
   * entered} and a call has since {@linkplain #disown disowned}, but those in {@code keep}, so
   * that its next sequence re-points them instead of making new ones. For a loop whose own
   * arena makes the arguments of a nested call (a scan's rows, passed to its step function,
   * which disowns its arguments): the loop knows that the call kept none of them past its
   * return but what it returned ({@code keep}, compared by identity), and that nothing else
   * holds them.
   */
  public void reclaim(NDArray[] keep) {
    int n = Math.min(next, made.length);
    for (int k = 0; k < n; k++) {
      NDArray a = made[k];
      if (a != null && a.owner() == null && !holds(keep, a)) {
        a.own(this);
      }
    }
  }

  private static boolean holds(NDArray[] arrays, NDArray a) {
    for (NDArray x : arrays) {
      if (x == a) {
        return true;
      }
    }
    return false;
  }

  /**
   * Lends {@code a} (a borrowed output) until its node's next call: {@link #clear} keeps its
   * storage; the next call may re-point it. Does nothing to an array no arena owns.
   */
  public static void lend(NDArray a) {
    a.lend();
  }

  /**
   * Drops the storage of this arena's wrappers, but those lent, and its results (the end of a
   * call).
   */
  public void clear() {
    for (NDArray a : made) {
      if (a != null && a.owner() == this && !a.lent()) {
        a.repoint(null, 0);
      }
    }
    for (NDArray[] r : results) {
      if (r != null) {
        Arrays.fill(r, null);
      }
    }
  }

  /**
   * The array a kernel returns its {@code n} outputs in, reused on every call of the node
   * (the interpreter copies them out at once and clears it).
   */
  public NDArray[] results(int n) {
    if (n >= results.length) {
      if (n > MAX_KEPT) {
        return new NDArray[n];
      }
      results = Arrays.copyOf(results, n + 1);
    }
    NDArray[] r = results[n];
    if (r == null) {
      r = new NDArray[n];
      results[n] = r;
    }
    return r;
  }

  /** {@code new NDArray[] {a}} for a kernel's result, without allocating in an arena. */
  public static NDArray[] result(NDArray a) {
    ArrayArena arena = current();
    NDArray[] r = arena == null ? new NDArray[1] : arena.results(1);
    r[0] = a;
    return r;
  }

  /** {@code new NDArray[] {a, b}} for a kernel's results, without allocating in an arena. */
  public static NDArray[] result(NDArray a, NDArray b) {
    ArrayArena arena = current();
    NDArray[] r = arena == null ? new NDArray[2] : arena.results(2);
    r[0] = a;
    r[1] = b;
    return r;
  }

  /** Scratch {@code int[n]} number {@code slot} of this node (contents undefined). */
  public int[] ints(int slot, int n) {
    if (slot >= ints.length) {
      ints = Arrays.copyOf(ints, slot + 1);
    }
    int[] a = ints[slot];
    if (a == null || a.length != n) {
      a = new int[n];
      ints[slot] = a;
    }
    return a;
  }

  /** A scratch {@code int[n]}: the current arena's slot {@code slot}, else a new array. */
  public static int[] scratchInts(int slot, int n) {
    ArrayArena arena = current();
    return arena == null ? new int[n] : arena.ints(slot, n);
  }

  /** Scratch shape (0), strides (1) or slice bounds (2) of {@link NDArray}'s view methods. */
  int[] viewScratch(int which, int n) {
    if (n >= viewScratch[which].length) {
      return new int[n];
    }
    int[] a = viewScratch[which][n];
    if (a == null) {
      a = new int[n];
      viewScratch[which][n] = a;
    }
    return a;
  }

  /** The object a kernel keeps for this node between calls (null at first). */
  public Object state() {
    return state;
  }

  /** Sets the object returned by {@link #state()}. */
  public void state(Object s) {
    state = s;
  }
}
