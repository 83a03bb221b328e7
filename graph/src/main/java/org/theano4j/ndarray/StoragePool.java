package org.theano4j.ndarray;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Storage to hand out again instead of allocating native memory: a compiled function keeps
 * one pool, returns the buffers of its intermediate values to it when they are dead, and
 * reuses them on its next node or call.
 *
 * <p>Allocating a direct buffer costs microseconds (native allocation, zeroing, a cleaner),
 * more than a small kernel's arithmetic. While a pool is {@linkplain #enter entered} on a
 * thread, {@link Storage#allocate} takes a buffer of the same dtype and size from it when
 * there is one, zeroed, so callers cannot tell the difference.
 */
public final class StoragePool {
  private static final ThreadLocal<StoragePool> CURRENT = new ThreadLocal<>();

  private final Map<Long, ArrayDeque<Storage>> free = new HashMap<>();

  /** Makes this pool the current thread's; returns the previous one for {@link #exit}. */
  public StoragePool enter() {
    StoragePool previous = CURRENT.get();
    CURRENT.set(this);
    return previous;
  }

  /** Restores the pool that was current before {@link #enter}. */
  public static void exit(StoragePool previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }

  static StoragePool current() {
    return CURRENT.get();
  }

  /**
   * Takes back {@code s} for reuse. The caller promises that nothing will read or write it
   * any more.
   */
  public void give(Storage s) {
    free.computeIfAbsent(key(s.dtype(), s.size()), k -> new ArrayDeque<>()).push(s);
  }

  /** A zeroed storage of this dtype and size, or null if the pool has none. */
  Storage take(DType dtype, int size) {
    ArrayDeque<Storage> q = free.get(key(dtype, size));
    Storage s = q == null ? null : q.poll();
    if (s != null) {
      s.clear();
    }
    return s;
  }

  private static long key(DType dtype, int size) {
    return (long) size << 4 | dtype.ordinal();
  }
}
