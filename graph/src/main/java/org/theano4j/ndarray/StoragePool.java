package org.theano4j.ndarray;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
 *
 * <p>The pool is bounded by bytes ({@value #MAX_BYTES_PROPERTY}, default
 * {@value #DEFAULT_MAX_BYTES} bytes): a buffer larger than the bound is never kept, and when
 * the kept buffers exceed it, those of the least recently used dtype and size are dropped
 * first (their native memory is freed when the garbage collector reclaims them). A function
 * called with ever new shapes therefore holds at most the bound, while one called with the
 * same shapes (a training loop) keeps every buffer it needs as long as they fit.
 */
public final class StoragePool {
  /** System property: the most bytes one pool keeps (a non-negative integer). */
  public static final String MAX_BYTES_PROPERTY = "theano4j.pool.maxBytes";
  /** The bound when the property is not set: 64 MiB. */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  private static final ThreadLocal<StoragePool> CURRENT = new ThreadLocal<>();

  private final long maxBytes;
  /** Free buffers by dtype and size, least recently used size first (access order). */
  private final LinkedHashMap<Long, ArrayDeque<Storage>> free =
      new LinkedHashMap<>(16, 0.75f, true);
  private long pooledBytes;
  private long allocations;
  /**
   * The boxed keys of {@link #free} met lately, by hash: a steady-state call asks for the same
   * few sizes again and again, and boxing each key afresh would allocate on every request.
   */
  private final Long[] keys = new Long[256];

  /** A pool bounded by {@value #MAX_BYTES_PROPERTY}, or {@value #DEFAULT_MAX_BYTES} bytes. */
  public StoragePool() {
    this(configuredMaxBytes());
  }

  /** A pool that keeps at most {@code maxBytes} bytes of free buffers. */
  public StoragePool(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("a storage pool bound must be >= 0 bytes, got "
          + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /**
   * The bound set by {@value #MAX_BYTES_PROPERTY}, or the default.
   *
   * @throws IllegalArgumentException if the property is not a non-negative integer
   */
  public static long configuredMaxBytes() {
    return bytesProperty(MAX_BYTES_PROPERTY, DEFAULT_MAX_BYTES, "");
  }

  /**
   * The system property {@code key} as a number of bytes, or {@code otherwise} when it is not
   * set; {@code zero} says in the error message what 0 means, if anything.
   *
   * @throws IllegalArgumentException if the property is not a non-negative integer
   */
  static long bytesProperty(String key, long otherwise, String zero) {
    String s = System.getProperty(key);
    if (s == null) {
      return otherwise;
    }
    try {
      long v = Long.parseLong(s.trim());
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("-D" + key + " must be a non-negative number of bytes"
        + zero + ", got '" + s + "'");
  }

  /** Makes this pool the current thread's; returns the previous one for {@link #exit}. */
  public StoragePool enter() {
    StoragePool previous = CURRENT.get();
    CURRENT.set(this);
    return previous;
  }

  /** Restores the pool that was current before {@link #enter}. */
  public static void exit(StoragePool previous) {
    // set, not removed: removing the entry would make the next enter allocate a new one
    CURRENT.set(previous);
  }

  static StoragePool current() {
    return CURRENT.get();
  }

  /**
   * Takes back {@code s} for reuse, unless it is larger than the bound; evicts the least
   * recently used sizes while the pool holds more than the bound. The caller promises that
   * nothing will read or write {@code s} any more.
   */
  public void give(Storage s) {
    long bytes = bytes(s);
    if (bytes > maxBytes) {
      return;
    }
    free.computeIfAbsent(key(s.dtype(), s.size()), k -> new ArrayDeque<>()).push(s);
    pooledBytes += bytes;
    if (pooledBytes > maxBytes) {
      evict();
    }
  }

  /** Drops buffers, oldest first within the least recently used sizes, down to the bound. */
  private void evict() {
    Iterator<ArrayDeque<Storage>> it = free.values().iterator();
    while (pooledBytes > maxBytes && it.hasNext()) {
      ArrayDeque<Storage> q = it.next();
      while (pooledBytes > maxBytes && !q.isEmpty()) {
        pooledBytes -= bytes(q.removeLast());
      }
      if (q.isEmpty()) {
        it.remove();
      }
    }
  }

  /** A zeroed storage of this dtype and size, or null (see below). */
  Storage take(DType dtype, int size) {
    return take(dtype, size, true);
  }

  /**
   * A storage of this dtype and size, zeroed if {@code zeroed} (else with the values it held),
   * or null if the pool has none (then counted as an allocation, which the caller makes).
   */
  Storage take(DType dtype, int size, boolean zeroed) {
    ArrayDeque<Storage> q = free.get(key(dtype, size));
    Storage s = q == null ? null : q.poll();
    if (s == null) {
      allocations++;
      return null;
    }
    pooledBytes -= bytes(s);
    if (zeroed) {
      s.clear();
    }
    return s;
  }

  /** The bytes of the free buffers the pool holds now (at most {@link #maxBytes()}). */
  public long pooledBytes() {
    return pooledBytes;
  }

  /** The bound on {@link #pooledBytes()}. */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * How many storages were allocated, rather than taken from this pool, while it was
   * entered.
   */
  public long allocations() {
    return allocations;
  }

  private static long bytes(Storage s) {
    return (long) s.size() * s.dtype().byteSize();
  }

  private Long key(DType dtype, int size) {
    long k = (long) size << 4 | dtype.ordinal();
    int h = (int) (k * 0x9E3779B97F4A7C15L >>> 56);
    // a few slots from the hash's (two sizes of one call may share a hash slot)
    for (int i = 0; i < 8; i++) {
      int j = (h + i) & (keys.length - 1);
      Long boxed = keys[j];
      if (boxed == null) {
        boxed = k;
        keys[j] = boxed;
        return boxed;
      }
      if (boxed == k) {
        return boxed;
      }
    }
    Long boxed = k;
    keys[h] = boxed;
    return boxed;
  }
}
