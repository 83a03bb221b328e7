package org.theano4j.ndarray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recycled native blocks: a dead block is handed out again (zeroed when asked), a block whose
 * buffer has a live view is not, the limit is an error that names the request and leaves the
 * count as it was, dead blocks are waited for before that error, and the pool is bounded and
 * freed when idle. Each test has blocks of its own, so other tests' tensors do not interfere.
 */
class NativeBlocksTest {
  private static final int SIZE = 1 << 20;

  @BeforeAll
  static void nativesLoad() {
    assumeTrue(NativeBlocks.process() != null, "JavaCPP's natives do not load on this platform");
  }

  /** Collects until {@code done}, or fails after 20 s. */
  private static void collectUntil(String what, BooleanSupplier done) throws InterruptedException {
    for (int i = 0; i < 400; i++) {
      System.gc();
      Thread.sleep(50);
      if (done.getAsBoolean()) {
        return;
      }
    }
    throw new AssertionError("still not " + what + " after 400 collections");
  }

  private static void fill(ByteBuffer b, byte v) {
    for (int i = 0; i < b.capacity(); i++) {
      b.put(i, v);
    }
  }

  @Test
  void aDeadBlockIsHandedOutAgainUnzeroedOrZeroedAsAsked() throws Exception {
    NativeBlocks blocks = new NativeBlocks(64L << 20, 1L << 30, () -> 0);
    ByteBuffer first = blocks.take(SIZE, false);
    assertThat(first.capacity()).isEqualTo(SIZE);
    fill(first, (byte) 0x5A);
    first = null;
    collectUntil("pooled", () -> blocks.pooledBytes() == SIZE);

    ByteBuffer again = blocks.take(SIZE, false);
    assertThat(blocks.counts()).containsExactly(1, 1); // reused 1, allocated 1
    assertThat(again.get(0)).as("the same memory, not zeroed").isEqualTo((byte) 0x5A);
    assertThat(again.get(SIZE - 1)).isEqualTo((byte) 0x5A);
    again = null;
    collectUntil("pooled", () -> blocks.pooledBytes() == SIZE);

    ByteBuffer zeroed = blocks.take(SIZE, true);
    assertThat(blocks.counts()).containsExactly(2, 1);
    for (int i = 0; i < SIZE; i++) {
      if (zeroed.get(i) != 0) {
        throw new AssertionError("byte " + i + " of a zeroed block is " + zeroed.get(i));
      }
    }
    assertThat(blocks.heldBytes()).isEqualTo(SIZE);
  }

  @Test
  void aBlockWhoseBufferHasALiveViewIsNotReused() throws Exception {
    NativeBlocks blocks = new NativeBlocks(64L << 20, 1L << 30, () -> 0);
    ByteBuffer b = blocks.take(SIZE, false);
    FloatBuffer view = b.order(ByteOrder.nativeOrder()).asFloatBuffer();
    for (int i = 0; i < view.capacity(); i++) {
      view.put(i, 1.5f);
    }
    b = null;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(blocks.pooledBytes()).as("the view keeps its buffer reachable").isZero();
    ByteBuffer other = blocks.take(SIZE, false);
    fill(other, (byte) 0x7F);
    for (int i = 0; i < view.capacity(); i++) {
      assertThat(view.get(i)).isEqualTo(1.5f);
    }
    assertThat(blocks.counts()).containsExactly(0, 2);
    Reference.reachabilityFence(view);
    Reference.reachabilityFence(other);
  }

  @Test
  void theLimitIsAnErrorNamingTheRequestAfterDeadBlocksAreWaitedFor() {
    long otherDirect = 3 * SIZE / 2;
    long limit = 5L * SIZE / 2 + otherDirect;
    NativeBlocks blocks = new NativeBlocks(0, limit, () -> otherDirect);
    List<ByteBuffer> live = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      live.add(blocks.take(SIZE / 2, false));
    }
    // 2 MiB live: 1 MiB more does not fit in 2.5 MiB besides the other direct buffers
    assertThatThrownBy(() -> blocks.take(SIZE, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot allocate " + SIZE + " bytes of native memory")
        .hasMessageContaining("limit " + limit)
        .hasMessageContaining("-XX:MaxDirectMemorySize");
    assertThat(blocks.heldBytes()).as("the failed request is not counted").isEqualTo(2L * SIZE);

    live.remove(3);
    live.remove(2); // dead, but only a collection can tell: take collects and waits for them
    ByteBuffer fits = blocks.take(SIZE, false);
    assertThat(fits.capacity()).isEqualTo(SIZE);
    assertThat(blocks.heldBytes()).isLessThanOrEqualTo(2L * SIZE);
    Reference.reachabilityFence(live);
  }

  @Test
  void thePoolIsBoundedAndFreedWhenIdle() throws Exception {
    NativeBlocks blocks = new NativeBlocks(2L * SIZE, 1L << 30, () -> 0);
    List<ByteBuffer> four = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      four.add(blocks.take(SIZE, false));
    }
    assertThat(blocks.heldBytes()).isEqualTo(4L * SIZE);
    four = null;
    collectUntil("recycled", () -> blocks.heldBytes() == blocks.pooledBytes());
    assertThat(blocks.pooledBytes()).isEqualTo(2L * SIZE);
    long start = System.nanoTime();
    while (blocks.pooledBytes() > 0 && System.nanoTime() - start < 20_000_000_000L) {
      Thread.sleep(100);
    }
    assertThat(blocks.pooledBytes()).as("freed after %d ms idle", NativeBlocks.IDLE_MILLIS)
        .isZero();
    assertThat(blocks.heldBytes()).isZero();
  }

  @Test
  void largeStoragesComeFromTheBlocksAndZeroedOnesAreZero() throws Exception {
    Storage s = Storage.allocateUninitialized(DType.FLOAT32, SIZE);
    for (int i = 0; i < SIZE; i++) {
      s.floats().put(i, -3f);
    }
    s = null;
    NativeBlocks process = NativeBlocks.process();
    long reused = process.counts()[0];
    collectUntil("pooled", () -> process.pooledBytes() >= 4L * SIZE);
    Storage z = Storage.allocate(DType.FLOAT32, SIZE);
    assertThat(process.counts()[0]).isGreaterThan(reused);
    for (int i = 0; i < SIZE; i++) {
      if (z.floats().get(i) != 0f) {
        throw new AssertionError("element " + i + " of a zeroed storage is " + z.floats().get(i));
      }
    }
  }
}
