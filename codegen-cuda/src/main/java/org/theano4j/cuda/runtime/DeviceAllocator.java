package org.theano4j.cuda.runtime;

import static org.bytedeco.cuda.global.cudart.cuMemAlloc;

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
 * <p><b>UNTESTED on a GPU.</b>
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

  long allocate(long bytes) {
    long size = bucket(bytes);
    Deque<Long> list = free.get(size);
    if (list != null && !list.isEmpty()) {
      return list.pop();
    }
    LongPointer p = new LongPointer(1);
    CudaDevice.check(cuMemAlloc(p, size), "allocating " + size + " bytes");
    sizeOf.put(p.get(0), size);
    return p.get(0);
  }

  void release(long ptr) {
    free.computeIfAbsent(sizeOf.get(ptr), s -> new ArrayDeque<>()).push(ptr);
  }
}
