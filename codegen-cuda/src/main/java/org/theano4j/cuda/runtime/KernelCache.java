package org.theano4j.cuda.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Compiled kernels on disk: a CUBIN per source file, keyed by the SHA-256 of the source, the
 * device architecture and the NVRTC version, so a function compiles once per machine.
 * Default directory: {@code theano4j.cuda.cache} or {@code ~/.cache/theano4j/cuda}.
 */
public final class KernelCache {
  private final Path dir;

  public KernelCache(Path dir) {
    this.dir = dir;
  }

  /** The cache in the configured or default directory. */
  public static KernelCache standard() {
    String d = System.getProperty("theano4j.cuda.cache");
    return new KernelCache(d != null ? Path.of(d)
        : Path.of(System.getProperty("user.home"), ".cache", "theano4j", "cuda"));
  }

  /** The file name for a source compiled for {@code arch} by NVRTC {@code nvrtcVersion}. */
  static String key(String source, int arch, int nvrtcVersion) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(source.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest()).substring(0, 32) + "-sm" + arch + "-nvrtc"
          + nvrtcVersion + ".cubin";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The CUBIN of {@code source}: from the cache, or compiled and stored. */
  public byte[] get(String source, int arch, int nvrtcVersion, Function<String, byte[]> compile) {
    Path file = dir.resolve(key(source, arch, nvrtcVersion));
    try {
      if (Files.isRegularFile(file)) {
        return Files.readAllBytes(file);
      }
      byte[] cubin = compile.apply(source);
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "partial", ".cubin");
      Files.write(tmp, cubin);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return cubin;
    } catch (IOException e) {
      throw new UncheckedIOException("kernel cache " + dir + ": " + e.getMessage(), e);
    }
  }
}
