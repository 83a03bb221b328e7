package org.theano4j.cuda.runtime;

import static org.bytedeco.cuda.global.cudart.CUDA_ERROR_OUT_OF_MEMORY;
import static org.bytedeco.cuda.global.cudart.cuMemAlloc;
import static org.bytedeco.cuda.global.cudart.cuMemFree;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.LongPointer;

/**
 * A caching allocator of device memory: sizes round up to a power of two (at least 512
 * bytes) and released blocks are kept on a free list per size for the next request, so a
 * training loop stops calling {@code cuMemAlloc} after its first step.
 *
 * <p>Thread-safe: shared variables give their blocks back from whichever thread replaces
 * them. When the driver is out of memory, the cached blocks are freed and the request tried
 * once more before the call fails with a clear error.
 */
final class DeviceAllocator {
  private final Map<Long, Deque<Long>> free = new HashMap<>();
  private final Map<Long, Long> sizeOf = new HashMap<>();

  static long bucket(long bytes) {
    long b = 512;
    while (b < bytes) {
      b <<= 1;
    }
    return b;
  }

  synchronized long allocate(long bytes) {
    long size = bucket(bytes);
    Deque<Long> list = free.get(size);
    if (list != null && !list.isEmpty()) {
      return list.pop();
    }
    LongPointer p = new LongPointer(1);
    int rc = cuMemAlloc(p, size);
    if (rc == CUDA_ERROR_OUT_OF_MEMORY) {
      // Give the blocks this pool keeps back to the driver, then try once more.
      for (Deque<Long> blocks : free.values()) {
        for (long b : blocks) {
          cuMemFree(b);
          sizeOf.remove(b);
        }
        blocks.clear();
      }
      rc = cuMemAlloc(p, size);
    }
    if (rc == CUDA_ERROR_OUT_OF_MEMORY) {
      throw new IllegalStateException(String.format(java.util.Locale.ROOT,
          "CUDA device out of memory: %.1f MiB requested (%d bytes rounded up to a power of "
              + "two); the call is abandoned and shared variables keep their values",
          size / 1048576.0, bytes));
    }
    CudaDevice.check(rc, "allocating " + size + " bytes");
    sizeOf.put(p.get(0), size);
    return p.get(0);
  }

  /** Takes the free block {@code ptr} if it has the size class of {@code bytes}. */
  synchronized boolean takeIfFree(long ptr, long bytes) {
    Long size = sizeOf.get(ptr);
    Deque<Long> list = size == null || size != bucket(bytes) ? null : free.get(size);
    return list != null && list.remove(ptr);
  }

  synchronized void release(long ptr) {
    free.computeIfAbsent(sizeOf.get(ptr), s -> new ArrayDeque<>()).push(ptr);
  }
}
