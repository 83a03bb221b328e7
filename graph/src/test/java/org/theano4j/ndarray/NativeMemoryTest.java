package org.theano4j.ndarray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The native-memory policy asks for a collection after its threshold of new storage unless one
 * ran by itself, rations forced collections by time, can be turned off, and — the point of it —
 * keeps the native memory of dead tensors bounded in a loop that allocates fresh ones.
 */
class NativeMemoryTest {
  private static final long MB = 1L << 20;

  /** A clock the test moves, and a collector that takes {@code cost} of it and counts runs. */
  private static final class FakeRuntime {
    final AtomicLong now = new AtomicLong(1_000);
    final AtomicLong runs = new AtomicLong();
    long cost = 10;

    NativeMemory policy(long threshold) {
      return new NativeMemory(threshold, () -> {
        runs.incrementAndGet();
        now.addAndGet(cost);
      }, now::get);
    }
  }

  @Test
  void aCollectionIsForcedOnlyWhenTheThresholdIsPassed() {
    FakeRuntime rt = new FakeRuntime();
    NativeMemory policy = rt.policy(100 * MB);
    for (int i = 0; i < 24; i++) {
      policy.allocating(4 * MB); // 96 MB in all
    }
    assertThat(rt.runs.get()).isZero();
    policy.allocating(4 * MB); // 100 MB
    assertThat(rt.runs.get()).isEqualTo(1);
    assertThat(policy.forced()).isEqualTo(1);
    policy.allocating(99 * MB); // the count starts again after a check
    assertThat(rt.runs.get()).isEqualTo(1);
  }

  @Test
  void forcedCollectionsAreRationedByTheTimeTheyTake() {
    FakeRuntime rt = new FakeRuntime();
    rt.cost = 10; // each forced collection takes 10 units: then 90 units without one
    NativeMemory policy = rt.policy(8 * MB);
    policy.allocating(8 * MB);
    assertThat(rt.runs.get()).isEqualTo(1);
    rt.now.addAndGet(89);
    policy.allocating(8 * MB);
    assertThat(rt.runs.get()).as("89 units after a collection of 10").isEqualTo(1);
    rt.now.addAndGet(1);
    policy.allocating(1);
    assertThat(rt.runs.get()).as("90 units after it, the count still past the threshold")
        .isEqualTo(2);
    rt.cost = 1_000;
    rt.now.addAndGet(90);
    policy.allocating(8 * MB);
    assertThat(rt.runs.get()).isEqualTo(3);
    rt.now.addAndGet(8_999);
    policy.allocating(8 * MB);
    assertThat(rt.runs.get()).as("a slower collection buys a longer pause").isEqualTo(3);
  }

  @Test
  void aCollectionThatRanByItselfResetsTheCount() {
    FakeRuntime rt = new FakeRuntime();
    NativeMemory policy = rt.policy(8 * MB);
    policy.allocating(4 * MB);
    System.gc(); // clears the policy's weakly held sentinel
    policy.allocating(4 * MB);
    assertThat(rt.runs.get()).as("a collection ran since the last check").isZero();
    policy.allocating(8 * MB);
    assertThat(rt.runs.get()).as("none since").isEqualTo(1);
  }

  @Test
  void zeroTurnsThePolicyOff() {
    FakeRuntime rt = new FakeRuntime();
    NativeMemory policy = rt.policy(0);
    for (int i = 0; i < 1000; i++) {
      policy.allocating(Integer.MAX_VALUE);
    }
    assertThat(rt.runs.get()).isZero();
  }

  @Test
  void theDefaultThresholdIsAnEighthOfTheLimitWithinBounds() {
    assertThat(NativeMemory.defaultCollectAfter(512 * MB)).isEqualTo(256 * MB);
    assertThat(NativeMemory.defaultCollectAfter(4096 * MB)).isEqualTo(512 * MB);
    assertThat(NativeMemory.defaultCollectAfter(64L << 30)).isEqualTo(1024 * MB);
    assertThat(NativeMemory.directMemoryLimit()).isPositive();
  }

  @Test
  void theThresholdPropertyIsCheckedForSense() {
    String key = NativeMemory.COLLECT_AFTER_PROPERTY;
    String old = System.getProperty(key);
    try {
      System.clearProperty(key);
      assertThat(NativeMemory.configuredCollectAfter())
          .isEqualTo(NativeMemory.defaultCollectAfter(NativeMemory.directMemoryLimit()));
      System.setProperty(key, " 1048576 ");
      assertThat(NativeMemory.configuredCollectAfter()).isEqualTo(MB);
      System.setProperty(key, "0");
      assertThat(NativeMemory.configuredCollectAfter()).isZero();
      for (String bad : new String[] {"-1", "lots", "1e9", ""}) {
        System.setProperty(key, bad);
        assertThatThrownBy(NativeMemory::configuredCollectAfter)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("-Dtheano4j.collectAfterBytes")
            .hasMessageContaining("non-negative number of bytes")
            .hasMessageContaining("'" + bad + "'");
      }
    } finally {
      if (old == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, old);
      }
    }
  }

  /**
   * 1 GB of fresh 4 MB arrays, each dead at once, as a loop over a function's fresh outputs
   * makes them, in a fresh JVM (so no other test's heap or collections interfere; its JDK
   * direct-memory limit 2 GB, so the JDK's own collections at the limit do not either): with a
   * threshold of 128 MiB the direct memory in use stays a fraction of the total; with the
   * policy off nothing makes the collector run and every dead buffer is still there at the end.
   */
  @Test
  void deadTensorsNativeMemoryStaysBoundedInAnAllocatingLoop() throws Exception {
    long[] on = loopInAFreshJvm(128 * MB);
    long[] off = loopInAFreshJvm(0);
    assertThat(off[0]).as("peak bytes in use, policy off").isGreaterThan(900 * MB);
    assertThat(off[1]).as("forced collections, policy off").isZero();
    assertThat(on[1]).as("forced collections, policy on").isPositive();
    assertThat(on[0]).as("peak bytes in use, policy on").isLessThan(512 * MB);
  }

  /** Runs {@link Loop} with this threshold; returns its peak direct bytes and forced count. */
  private static long[] loopInAFreshJvm(long threshold) throws Exception {
    Process p = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:MaxDirectMemorySize=2g", "-D" + NativeMemory.COLLECT_AFTER_PROPERTY + "=" + threshold,
        "-cp", System.getProperty("java.class.path"), Loop.class.getName())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    String[] words = out.trim().split("\\s+");
    return new long[] {Long.parseLong(words[words.length - 2]),
        Long.parseLong(words[words.length - 1])};
  }

  /** The child: 256 dead 4 MB arrays, each written; prints the peak direct bytes in use and forced count. */
  static final class Loop {
    public static void main(String[] args) {
      BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
          .stream().filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
      long base = direct.getMemoryUsed() + heldByBlocks();
      long peak = 0;
      long elements = 0;
      for (int i = 0; i < 256; i++) {
        NDArray a = NDArray.uninitialized(DType.FLOAT32, 1024, 1024);
        ByteBuffer bytes = a.storage().bytes();
        for (int at = 0; at < bytes.capacity(); at += 4096) {
          bytes.put(at, (byte) 1); // as a kernel writing its output touches every page
        }
        elements += a.size();
        peak = Math.max(peak, direct.getMemoryUsed() + heldByBlocks() - base);
      }
      if (elements != 256L << 20) {
        throw new AssertionError(elements);
      }
      System.out.println(peak + " " + NativeMemory.process().forced());
    }

    /** Native bytes of {@link NativeBlocks}: in use, dead, or pooled. */
    private static long heldByBlocks() {
      NativeBlocks b = NativeBlocks.process();
      return b == null ? 0 : b.heldBytes();
    }
  }
}
