package org.theano4j.ndarray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The pool keeps at most its bound in bytes, dropping the least recently used sizes first. */
class StoragePoolTest {
  /** {@code size} float64 elements: 8 bytes each. */
  private static Storage storage(int size) {
    return Storage.allocate(DType.FLOAT64, size);
  }

  @Test
  void leastRecentlyUsedSizeIsEvictedFirst() {
    StoragePool pool = new StoragePool(1000);
    Storage a = storage(50);
    Storage b = storage(51);
    pool.give(a);
    pool.give(b);
    assertThat(pool.pooledBytes()).isEqualTo(400 + 408);
    // Using b's size makes a's the least recently used.
    Storage b2 = pool.take(DType.FLOAT64, 51);
    assertThat(b2).isSameAs(b);
    pool.give(b2);
    pool.give(storage(52)); // 400 + 408 + 416 > 1000: a goes
    assertThat(pool.pooledBytes()).isEqualTo(408 + 416);
    assertThat(pool.take(DType.FLOAT64, 50)).isNull();
    assertThat(pool.take(DType.FLOAT64, 51)).isSameAs(b);
    assertThat(pool.take(DType.FLOAT64, 52)).isNotNull();
    assertThat(pool.pooledBytes()).isZero();
    // One miss: a's size after its eviction.
    assertThat(pool.allocations()).isEqualTo(1);
  }

  @Test
  void aBufferLargerThanTheBoundIsNeverKept() {
    StoragePool pool = new StoragePool(1000);
    pool.give(storage(126)); // 1008 bytes
    assertThat(pool.pooledBytes()).isZero();
    assertThat(pool.take(DType.FLOAT64, 126)).isNull();
    pool.give(storage(125)); // exactly 1000 bytes fits
    assertThat(pool.pooledBytes()).isEqualTo(1000);
  }

  @Test
  void aTakenBufferIsZeroedAndSameSizesAreReusedNewestFirst() {
    StoragePool pool = new StoragePool(10_000);
    Storage old = storage(10);
    Storage recent = storage(10);
    recent.setDouble(3, 7.5);
    pool.give(old);
    pool.give(recent);
    Storage s = pool.take(DType.FLOAT64, 10);
    assertThat(s).isSameAs(recent);
    assertThat(s.getDouble(3)).isZero();
    assertThat(pool.take(DType.FLOAT32, 20)).as("another dtype of the same bytes").isNull();
  }

  /**
   * An uninitialized take reuses the buffer without zeroing it; under the test suites'
   * {@value Storage#POISON_PROPERTY} every uninitialized storage, reused or new, small or large
   * ({@link NativeBlocks}), is all-ones bytes instead.
   */
  @Test
  void anUninitializedTakeKeepsTheOldValuesOrIsPoisoned() {
    boolean poison = Boolean.getBoolean(Storage.POISON_PROPERTY);
    StoragePool pool = new StoragePool(10_000);
    Storage used = storage(10);
    used.setDouble(3, 7.5);
    pool.give(used);
    StoragePool previous = pool.enter();
    try {
      Storage s = Storage.allocateUninitialized(DType.FLOAT64, 10);
      assertThat(s).isSameAs(used);
      if (poison) {
        assertThat(Double.doubleToRawLongBits(s.getDouble(3))).isEqualTo(-1L);
      } else {
        assertThat(s.getDouble(3)).as("not zeroed: the caller writes every element")
            .isEqualTo(7.5);
      }
      Storage fresh = Storage.allocateUninitialized(DType.FLOAT64, 10);
      assertThat(fresh).isNotSameAs(used);
    } finally {
      StoragePool.exit(previous);
    }
    if (poison) {
      for (int size : new int[] {10, 1 << 20}) {
        Storage fresh = Storage.allocateUninitialized(DType.FLOAT32, size);
        for (int i = 0; i < size; i += 997) {
          assertThat(Float.floatToRawIntBits(fresh.floats().get(i))).isEqualTo(-1);
        }
        assertThat(Float.floatToRawIntBits(fresh.floats().get(size - 1))).isEqualTo(-1);
      }
    }
  }

  @Test
  void theBoundPropertyIsReadAndCheckedAndNegativeBoundsAreRefused() {
    String before = System.getProperty(StoragePool.MAX_BYTES_PROPERTY);
    try {
      System.clearProperty(StoragePool.MAX_BYTES_PROPERTY);
      assertThat(new StoragePool().maxBytes()).isEqualTo(64L << 20);
      System.setProperty(StoragePool.MAX_BYTES_PROPERTY, "4096");
      assertThat(new StoragePool().maxBytes()).isEqualTo(4096);
      System.setProperty(StoragePool.MAX_BYTES_PROPERTY, "64MB");
      assertThatThrownBy(StoragePool::new).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("-Dtheano4j.pool.maxBytes must be a non-negative number of bytes, "
              + "got '64MB'");
    } finally {
      if (before == null) {
        System.clearProperty(StoragePool.MAX_BYTES_PROPERTY);
      } else {
        System.setProperty(StoragePool.MAX_BYTES_PROPERTY, before);
      }
    }
    assertThatThrownBy(() -> new StoragePool(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a storage pool bound must be >= 0 bytes, got -1");
  }
}
