package org.theano4j.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code nvcc -cubin} on one file and reads ptxas' per-kernel resource usage. */
final class Nvcc {
  /** Resources of one compiled kernel. */
  record Usage(int registers, int spillStores, int spillLoads) {}

  private static final Pattern FUNCTION = Pattern.compile("Function properties for (\\S+)");
  private static final Pattern SPILLS = Pattern.compile(
      "(\\d+) bytes spill stores, (\\d+) bytes spill loads");
  private static final Pattern REGISTERS = Pattern.compile("Used (\\d+) registers");

  private Nvcc() {}

  /** The nvcc on the PATH, or null. */
  static Path find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir, "nvcc");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** Compiles {@code cu} to a cubin for sm_90; returns ptxas' output or throws with it. */
  static String compile(Path nvcc, Path cu) throws IOException, InterruptedException {
    Path cubin = cu.resolveSibling(cu.getFileName() + ".cubin");
    Process p = new ProcessBuilder(nvcc.toString(), "-cubin", "-arch=sm_90", "-Xptxas", "-v",
        "-o", cubin.toString(), cu.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("nvcc failed on " + cu + ":\n" + out);
    }
    return out;
  }

  /** Registers and spills per kernel, from {@code -Xptxas -v} output. */
  static Map<String, Usage> usage(String ptxas) {
    Map<String, Usage> out = new LinkedHashMap<>();
    List<String> lines = ptxas.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      Matcher f = FUNCTION.matcher(lines.get(i));
      if (!f.find()) {
        continue;
      }
      int stores = 0;
      int loads = 0;
      int regs = -1;
      for (int j = i + 1; j < Math.min(lines.size(), i + 4); j++) {
        Matcher s = SPILLS.matcher(lines.get(j));
        if (s.find()) {
          stores = Integer.parseInt(s.group(1));
          loads = Integer.parseInt(s.group(2));
        }
        Matcher r = REGISTERS.matcher(lines.get(j));
        if (r.find()) {
          regs = Integer.parseInt(r.group(1));
        }
      }
      out.put(f.group(1), new Usage(regs, stores, loads));
    }
    return out;
  }
}
