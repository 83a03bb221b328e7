package org.theano4j.ndarray;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.bytedeco.javacpp.Pointer;

/**
 * The native memory of large {@link Storage}s: blocks from {@code malloc}, each wrapped in a
 * direct buffer of its own, which go back to a bounded free list when the collector finds
 * their buffer unreachable, and are handed out again without being zeroed where the caller
 * writes every element.
 *
 * <p>Why. {@link ByteBuffer#allocateDirect} zeroes every new buffer and frees its memory when
 * the buffer dies, so a function returning a fresh 4 MB array per call paid the zeroing and,
 * after each collection had freed the dead arrays, page faults on memory the process had given
 * back (docs/performance.md, "Fresh outputs"). NumPy's arrays come from {@code malloc}, which
 * reuses freed memory without zeroing it; this is the same for the JVM, where "freed" means
 * "found unreachable by the collector" ({@link NativeMemory} makes sure that happens).
 *
 * <p>What a block's buffer promises is the JDK's: the memory stays valid while the buffer,
 * or any view of it ({@code asFloatBuffer}, {@code duplicate}, {@code slice}: each keeps its
 * parent reachable), is reachable. A block is recycled only after the collector has found its
 * buffer phantom-reachable. Blocks below {@value #MIN_BYTES} bytes, and every block where the
 * JavaCPP natives cannot be loaded, stay {@link ByteBuffer#allocateDirect}'s.
 *
 * <p>Bounds. The free list holds at most {@value #POOL_PROPERTY} bytes (default: the limit
 * below), least recently used sizes freed first, and is freed whole once no block has been
 * taken for {@value #IDLE_MILLIS} ms (a daemon thread, {@code theano4j-native-blocks}, pools
 * the dead blocks and does that).
 * All blocks together (in use, dead but not yet collected, and free) stay within the JDK's
 * direct-memory limit ({@code -XX:MaxDirectMemorySize}, by default the heap's maximum) minus
 * what the JDK's own direct buffers use; an allocation that would pass it first frees the free
 * list, then asks for a collection and waits for the dead blocks (as the JDK does for its
 * buffers), and only then fails with an {@link IllegalArgumentException} naming the request.
 */
final class NativeBlocks {
  /** System property: the most bytes of free blocks kept for reuse (0: none). */
  static final String POOL_PROPERTY = "theano4j.nativePool.maxBytes";
  /** System property: {@code false} makes every block the JDK's direct buffer. */
  static final String ENABLED_PROPERTY = "theano4j.nativeBlocks";
  /** Smaller blocks are the JDK's direct buffers ({@code malloc} reuses those well itself). */
  static final int MIN_BYTES = 64 << 10;
  /** The pool is freed after this long without a block taken from it. */
  static final long IDLE_MILLIS = 1000;

  private static final NativeBlocks PROCESS = create();

  private final long maxPooled;
  private final long limit;
  /** The buffers' phantom references, enqueued when the collector finds a buffer dead. */
  private final ReferenceQueue<ByteBuffer> dead = new ReferenceQueue<>();
  /** Every block's reference until it is enqueued (a reference must be reachable to be). */
  private final Set<Dead> tracked = ConcurrentHashMap.newKeySet();
  private volatile long lastTake = System.nanoTime();
  /** Bytes of the JDK's own direct buffers, which count towards the same limit. */
  private final LongSupplier otherDirect;
  /** Free blocks by byte size, least recently used size first; the deque holds addresses. */
  private final LinkedHashMap<Integer, ArrayDeque<Long>> free =
      new LinkedHashMap<>(16, 0.75f, true);
  private long pooledBytes;
  /** Bytes of every block from {@code malloc} not yet freed (in use, dead or pooled). */
  private long heldBytes;
  private long reused;
  private long allocated;

  /**
   * Blocks of at most {@code limit} bytes with those of {@code otherDirect}, keeping at most
   * {@code maxPooled} of them free; starts the daemon thread.
   */
  NativeBlocks(long maxPooled, long limit, LongSupplier otherDirect) {
    this.maxPooled = maxPooled;
    this.limit = limit;
    this.otherDirect = otherDirect;
    Thread t = new Thread(this::recycleDead, "theano4j-native-blocks");
    t.setDaemon(true);
    t.start();
  }

  /**
   * The daemon thread: pools the blocks whose buffers died, and frees the pool once no block
   * has been taken for {@value #IDLE_MILLIS} ms (so memory a burst of work left behind goes
   * back to the system).
   */
  private void recycleDead() {
    while (true) {
      try {
        Reference<? extends ByteBuffer> r = dead.remove(IDLE_MILLIS);
        if (r != null) {
          recycle((Dead) r);
        } else if (System.nanoTime() - lastTake > IDLE_MILLIS * 1_000_000L) {
          trim();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | Error e) {
        // keep recycling; a failure here must not leak every later block
      }
    }
  }

  /** The process's blocks; null where JavaCPP's natives cannot be loaded. */
  private static NativeBlocks create() {
    long limit = NativeMemory.directMemoryLimit();
    long maxPooled = StoragePool.bytesProperty(POOL_PROPERTY, limit, " (0: keep none)");
    if (!Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true"))) {
      return null;
    }
    try {
      Pointer.free(Pointer.malloc(1)); // loads the natives, or throws
    } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, ...
      return null;
    }
    for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (b.getName().equals("direct")) {
        return new NativeBlocks(maxPooled, limit, b::getMemoryUsed);
      }
    }
    return new NativeBlocks(maxPooled, limit, () -> 0);
  }

  /**
   * A new direct buffer of {@code nbytes} in native order, zero-filled if {@code zeroed}, else
   * with unspecified contents (the caller writes every byte before anything reads it).
   *
   * @throws IllegalArgumentException if the native memory limit does not allow it
   */
  static ByteBuffer allocate(int nbytes, boolean zeroed) {
    NativeBlocks blocks = PROCESS;
    if (blocks == null || nbytes < MIN_BYTES) {
      return jdkBuffer(nbytes);
    }
    return blocks.take(nbytes, zeroed);
  }

  private static ByteBuffer jdkBuffer(int nbytes) {
    try {
      return ByteBuffer.allocateDirect(nbytes);
    } catch (OutOfMemoryError e) {
      throw tooLarge(nbytes, e.getMessage());
    }
  }

  private static IllegalArgumentException tooLarge(long nbytes, String why) {
    return new IllegalArgumentException("cannot allocate " + nbytes + " bytes of native memory "
        + "for a tensor (" + why + "); raise -XX:MaxDirectMemorySize or use smaller arrays");
  }

  /** A block's buffer (see {@link #allocate}); package-private for tests. */
  ByteBuffer take(int nbytes, boolean zeroed) {
    long address = reuse(nbytes);
    if (address != 0) {
      if (zeroed) {
        Pointer.memset(new Block(address, nbytes), 0, nbytes);
      }
    } else {
      reserve(nbytes);
      Pointer p = zeroed ? Pointer.calloc(nbytes, 1) : Pointer.malloc(nbytes);
      if (p == null || p.isNull()) {
        release(nbytes);
        throw tooLarge(nbytes, "malloc returned null");
      }
      address = p.address();
    }
    ByteBuffer b = new Block(address, nbytes).asByteBuffer();
    tracked.add(new Dead(b, dead, address, nbytes));
    return b;
  }

  /** A pooled block of exactly {@code nbytes}, or 0. */
  private long reuse(int nbytes) {
    lastTake = System.nanoTime();
    for (Reference<? extends ByteBuffer> r; (r = dead.poll()) != null; ) {
      recycle((Dead) r); // those the daemon thread has not seen yet
    }
    return pooled(nbytes);
  }

  private synchronized long pooled(int nbytes) {
    ArrayDeque<Long> q = free.get(nbytes);
    Long a = q == null ? null : q.poll();
    if (a == null) {
      return 0;
    }
    pooledBytes -= nbytes;
    reused++;
    return a;
  }

  /**
   * Counts {@code nbytes} more held, within the limit: frees the pool, then collects and
   * waits for dead blocks, before giving up.
   */
  private void reserve(int nbytes) {
    if (tryReserve(nbytes)) {
      return;
    }
    trim();
    if (tryReserve(nbytes)) {
      return;
    }
    // as java.nio.Bits does: collect, then wait (with growing sleeps) for the dead blocks
    System.gc();
    long sleep = 1;
    for (int i = 0; i < 10; i++) {
      trim();
      if (tryReserve(nbytes)) {
        return;
      }
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      sleep *= 2;
    }
    throw tooLarge(nbytes, heldBytes() + " bytes held by tensors, "
        + jdkDirectBytes() + " by other direct buffers, limit " + limit);
  }

  private synchronized boolean tryReserve(int nbytes) {
    if (heldBytes + nbytes + jdkDirectBytes() > limit) {
      return false;
    }
    heldBytes += nbytes;
    allocated++;
    return true;
  }

  private synchronized void release(int nbytes) {
    heldBytes -= nbytes;
  }

  private long jdkDirectBytes() {
    return otherDirect.getAsLong();
  }

  /** Frees every pooled block. */
  synchronized void trim() {
    for (ArrayDeque<Long> q : free.values()) {
      for (Long a : q) {
        freeBlock(a, 0);
      }
    }
    heldBytes -= pooledBytes;
    pooledBytes = 0;
    free.clear();
  }

  private void recycle(Dead d) {
    if (tracked.remove(d)) { // once, whichever thread polled it
      recycle(d.address, d.nbytes);
    }
  }

  /** A block whose buffer has died: pools or frees it. */
  private synchronized void recycle(long address, int nbytes) {
    if (nbytes > maxPooled) {
      freeBlock(address, nbytes);
      heldBytes -= nbytes;
      return;
    }
    free.computeIfAbsent(nbytes, k -> new ArrayDeque<>()).push(address);
    pooledBytes += nbytes;
    Iterator<java.util.Map.Entry<Integer, ArrayDeque<Long>>> it = free.entrySet().iterator();
    while (pooledBytes > maxPooled && it.hasNext()) {
      java.util.Map.Entry<Integer, ArrayDeque<Long>> e = it.next();
      ArrayDeque<Long> q = e.getValue();
      while (pooledBytes > maxPooled && !q.isEmpty()) {
        freeBlock(q.removeLast(), e.getKey());
        pooledBytes -= e.getKey();
        heldBytes -= e.getKey();
      }
      if (q.isEmpty()) {
        it.remove();
      }
    }
  }

  private static void freeBlock(long address, int nbytes) {
    Pointer.free(new Block(address, nbytes));
  }

  synchronized long heldBytes() {
    return heldBytes;
  }

  synchronized long pooledBytes() {
    return pooledBytes;
  }

  /** Blocks handed out again from the pool, and blocks newly allocated (for tests). */
  synchronized long[] counts() {
    return new long[] {reused, allocated};
  }

  /** The process's blocks, or null where they are the JDK's buffers (for tests). */
  static NativeBlocks process() {
    return PROCESS;
  }

  /** A JavaCPP pointer to a block: the one way to make a direct buffer of an address. */
  private static final class Block extends Pointer {
    Block(long address, long nbytes) {
      this.address = address;
      this.limit = nbytes;
      this.capacity = nbytes;
    }

    @Override
    public int sizeof() {
      return 1; // bytes: the buffer's capacity is the limit
    }
  }

  /** A buffer's phantom reference: holds the block's address, never the buffer. */
  private static final class Dead extends PhantomReference<ByteBuffer> {
    final long address;
    final int nbytes;

    Dead(ByteBuffer b, ReferenceQueue<ByteBuffer> q, long address, int nbytes) {
      super(b, q);
      this.address = address;
      this.nbytes = nbytes;
    }
  }
}
