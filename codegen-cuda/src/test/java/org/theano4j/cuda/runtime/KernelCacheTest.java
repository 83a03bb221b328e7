package org.theano4j.cuda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk kernel cache compiles a source once per architecture and NVRTC version. */
class KernelCacheTest {
  @Test
  void compilesOncePerSourceArchitectureAndNvrtcVersion(@TempDir Path dir) {
    AtomicInteger compiles = new AtomicInteger();
    KernelCache cache = new KernelCache(dir);
    java.util.function.Function<String, byte[]> compiler = src -> {
      compiles.incrementAndGet();
      return ("cubin of " + src).getBytes(StandardCharsets.UTF_8);
    };
    byte[] a = cache.get("kernel A", 90, 131, compiler);
    byte[] again = new KernelCache(dir).get("kernel A", 90, 131, compiler);
    assertThat(again).isEqualTo(a);
    assertThat(compiles).hasValue(1);
    cache.get("kernel A", 80, 131, compiler);
    cache.get("kernel A", 90, 130, compiler);
    cache.get("kernel B", 90, 131, compiler);
    assertThat(compiles).hasValue(4);
    assertThat(KernelCache.key("kernel A", 90, 131)).endsWith("-sm90-nvrtc131.cubin")
        .isNotEqualTo(KernelCache.key("kernel B", 90, 131));
  }
}
