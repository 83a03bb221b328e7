package org.theano4j.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.theano4j.examples.TutorialGraphs;
import org.theano4j.cuda.ir.Kernel;
import org.theano4j.cuda.lower.Lowering;
import org.theano4j.cuda.lower.Program;
import org.theano4j.cuda.render.CudaRenderer;
import org.theano4j.tensor.CudaOpTableGraphs;

/**
 * Every kernel generated for the op table's graphs and the tutorial's functions, rendered
 * into one file and compiled by {@code nvcc -cubin -arch=sm_90} in a single call; registers
 * and spills reported by ptxas are written to {@code target/nvcc-report.txt} (per family) and
 * {@code target/nvcc-usage.txt} (per kernel). Skipped, with a
 * message, where nvcc is not on the PATH.
 */
class NvccCompileTest {
  @Test
  void everyGeneratedKernelCompilesForSm90() throws Exception {
    Path nvcc = Nvcc.find();
    if (nvcc == null) {
      System.err.println("NvccCompileTest SKIPPED: nvcc is not on the PATH");
    }
    Assumptions.assumeTrue(nvcc != null, "nvcc is not on the PATH: kernels not compiled");
    // Kernels equal up to their names compile once.
    Map<String, Kernel> unique = new LinkedHashMap<>();
    List<Program> programs = new ArrayList<>(CudaOpTableGraphs.programs());
    TutorialGraphs t = new TutorialGraphs("jvm");
    programs.add(Lowering.lower(t.train.graph(), "train"));
    programs.add(Lowering.lower(t.errors.graph(), "errors"));
    programs.add(Lowering.lower(t.gradients.graph(), "grads"));
    programs.addAll(org.theano4j.cuda.lower.DeviceScalarsTest.programs());
    for (Program p : programs) {
      for (Kernel k : p.kernels()) {
        String key = CudaRenderer.render(List.of(new Kernel("k", "", k.params(),
            k.blockSize(), k.shared(), k.body())));
        unique.putIfAbsent(key, renamed(k, String.format(Locale.ROOT, "u%04d_%s",
            unique.size(), k.name())));
      }
    }
    Path dir = Path.of("target", "nvcc");
    Files.createDirectories(dir);
    Path cu = dir.resolve("all_kernels.cu");
    Files.writeString(cu, CudaRenderer.render(new ArrayList<>(unique.values())));
    String out = Nvcc.compile(nvcc, cu);
    Map<String, Nvcc.Usage> usage = Nvcc.usage(out);
    assertThat(usage.keySet()).as("kernels reported by ptxas")
        .containsAll(unique.values().stream().map(Kernel::name).toList());
    Files.writeString(Path.of("target", "nvcc-report.txt"), report(usage));
    StringBuilder each = new StringBuilder("kernel registers spill-stores spill-loads\n");
    usage.forEach((k, u) -> each.append(k).append(' ').append(u.registers()).append(' ')
        .append(u.spillStores()).append(' ').append(u.spillLoads()).append('\n'));
    Files.writeString(Path.of("target", "nvcc-usage.txt"), each);
    System.out.println("NvccCompileTest: " + report(usage).lines().findFirst().orElse(""));
    // The float32 kernels (the training step's) must not spill; float64 transcendental
    // slow paths may use a few bytes of stack.
    for (Kernel k : unique.values()) {
      Nvcc.Usage u = usage.get(k.name());
      boolean f64 = CudaRenderer.render(List.of(k)).contains("double");
      if (!f64) {
        assertThat(u.spillStores() + u.spillLoads()).as("spills of %s", k.name()).isZero();
      }
    }
  }

  private static Kernel renamed(Kernel k, String name) {
    return new Kernel(name, k.comment(), k.params(), k.blockSize(), k.shared(), k.body());
  }

  /** Per kernel family (name after the prefix): max registers, spills; then totals. */
  static String report(Map<String, Nvcc.Usage> usage) {
    Map<String, int[]> byFamily = new TreeMap<>();
    int spills = 0;
    for (Map.Entry<String, Nvcc.Usage> e : usage.entrySet()) {
      String family = e.getKey().replaceAll("^u\\d+_[A-Za-z]+\\d*_k\\d+_", "");
      int[] f = byFamily.computeIfAbsent(family, x -> new int[3]);
      f[0]++;
      f[1] = Math.max(f[1], e.getValue().registers());
      f[2] += e.getValue().spillStores() + e.getValue().spillLoads();
      spills += e.getValue().spillStores() + e.getValue().spillLoads();
    }
    StringBuilder sb = new StringBuilder("kernels " + usage.size() + ", spill bytes " + spills
        + "\nfamily kernels max-registers spill-bytes\n");
    byFamily.forEach((k, v) -> sb.append(k).append(' ').append(v[0]).append(' ').append(v[1])
        .append(' ').append(v[2]).append('\n'));
    return sb.toString();
  }
}
