package org.theano4j.ndarray;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * When to ask the garbage collector for the native memory of dead tensors: after every
 * {@value #COLLECT_AFTER_PROPERTY} bytes (default: an eighth of the native memory limit, at
 * least 256 MiB and at most 1 GiB; see {@link #defaultCollectAfter}) of new {@link Storage},
 * unless a collection ran by itself meanwhile.
 *
 * <p>Why. A {@code Storage} is a direct buffer whose native memory is freed only when the
 * collector finds the buffer unreachable. A loop that takes fresh outputs from a function
 * allocates megabytes of native memory per call but almost no Java heap, so the collector
 * seldom runs: the dead buffers pile up (up to the JDK's direct-memory limit, by default the
 * heap's maximum), and every new buffer is memory the process never touched, whose pages the
 * kernel faults in and zeroes one by one. Measured here: a fresh 4 MB buffer cost ~10 ms that
 * way and ~0.5 ms when dead buffers are collected every 256 MB, because {@code malloc} then
 * hands their memory back (docs/reliability.md, "Memory bounds"); since {@link NativeBlocks}
 * recycles the dead blocks itself, a collection costs only its pause, and the threshold grows
 * with the memory the JVM may use. NumPy frees an array as soon
 * as its last reference goes; this is the JVM's nearest equivalent without asking the user to
 * release arrays ({@code borrowOutputs(true)} avoids the allocation altogether).
 *
 * <p>How. Allocations add their bytes to a counter; when it passes the threshold, a weakly
 * held sentinel object tells whether any collection (young or full) ran since the last check.
 * If one did, the counter starts again; if none did, {@link System#gc()} is called, as the
 * JDK itself does when a direct allocation would pass {@code -XX:MaxDirectMemorySize}. The
 * forced collections are rationed by time: after one that took {@code t}, the next is not
 * forced before {@code 9 t} has passed, so forcing never takes more than about a tenth of the
 * run time, however large the application's heap. {@code -D}{@value #COLLECT_AFTER_PROPERTY}
 * {@code =0} turns it off.
 */
final class NativeMemory {
  /** System property: bytes of new storage after which a collection is asked for; 0: never. */
  static final String COLLECT_AFTER_PROPERTY = "theano4j.collectAfterBytes";
  /** The smallest and largest default threshold. */
  static final long MIN_DEFAULT = 256L << 20;
  static final long MAX_DEFAULT = 1L << 30;
  /** A forced collection that took {@code t} is followed by at least {@code 9 t} without one. */
  private static final long QUIET_FACTOR = 9;

  /** The policy of this process, read from {@value #COLLECT_AFTER_PROPERTY} at first use. */
  private static final NativeMemory PROCESS =
      new NativeMemory(configuredCollectAfter(), System::gc, System::nanoTime);

  private final long collectAfter;
  private final Runnable collector;
  private final LongSupplier clock;
  private final AtomicLong sinceCheck = new AtomicLong();
  private WeakReference<Object> sentinel = new WeakReference<>(new Object());
  /** {@link #clock} time before which no collection is forced. */
  private long quietUntil;
  private long forced;

  NativeMemory(long collectAfter, Runnable collector, LongSupplier clock) {
    this.collectAfter = collectAfter;
    this.collector = collector;
    this.clock = clock;
    this.quietUntil = clock.getAsLong();
  }

  /** The process's policy, which {@link Storage} reports its allocations to. */
  static NativeMemory process() {
    return PROCESS;
  }

  /**
   * The threshold set by {@value #COLLECT_AFTER_PROPERTY}, or the default.
   *
   * @throws IllegalArgumentException if the property is not a non-negative integer
   */
  static long configuredCollectAfter() {
    return StoragePool.bytesProperty(COLLECT_AFTER_PROPERTY,
        defaultCollectAfter(directMemoryLimit()),
        " (0: never collect)");
  }

  /**
   * The threshold when the property is not set, for a native memory limit of {@code limit}
   * bytes: an eighth of it, clamped to [256 MiB, 1 GiB]. Each forced collection costs a pause
   * (about 7 ms on a small heap here) whatever it frees, so a larger threshold makes fewer of
   * them; the dead tensors it lets accumulate are memory {@link NativeBlocks} hands out again.
   */
  static long defaultCollectAfter(long limit) {
    return Math.min(MAX_DEFAULT, Math.max(MIN_DEFAULT, limit / 8));
  }

  /**
   * The JDK's direct-memory limit, {@code -XX:MaxDirectMemorySize}; its default (the flag's 0)
   * is the heap's maximum.
   */
  static long directMemoryLimit() {
    try {
      HotSpotDiagnosticMXBean bean =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      long v = Long.parseLong(bean.getVMOption("MaxDirectMemorySize").getValue());
      if (v > 0) {
        return v;
      }
    } catch (RuntimeException e) { // not HotSpot: the JDK's default below
    }
    return Runtime.getRuntime().maxMemory();
  }

  /** Records {@code nbytes} of new native storage; may run a collection first (see above). */
  void allocating(long nbytes) {
    if (collectAfter == 0 || sinceCheck.addAndGet(nbytes) < collectAfter) {
      return;
    }
    check();
  }

  private synchronized void check() {
    if (sinceCheck.get() < collectAfter) {
      return; // another thread checked meanwhile
    }
    if (sentinel.get() == null) {
      sinceCheck.set(0);
      sentinel = new WeakReference<>(new Object()); // a collection ran by itself
      return;
    }
    long start = clock.getAsLong();
    if (start - quietUntil < 0) {
      return; // the count stays past the threshold: the first allocation after the pause checks
    }
    sinceCheck.set(0);
    collector.run();
    forced++;
    long end = clock.getAsLong();
    quietUntil = end + QUIET_FACTOR * (end - start);
    sentinel = new WeakReference<>(new Object());
  }

  /** Collections this policy has forced (for tests). */
  synchronized long forced() {
    return forced;
  }
}
