package org.theano4j.numpy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.theano4j.ndarray.NDArray;

/** Runs numpy_eval.py once over all cases and reads its answers back. */
final class NumpyOracle {
  /** NumPy's answer for one case (see numpy_eval.py for the fields). */
  record Answer(String status, String dtype, int[] shape, String[] values,
      Map<Integer, String> diffs, boolean nonfinite, Map<Integer, String> rules) {
    boolean ok() {
      return status.equals("ok");
    }
  }

  private NumpyOracle() {}

  /** A running numpy_eval.py: NumPy works while we evaluate the same cases. */
  static final class Pending {
    private final Process process;
    private final Path answers;
    private final java.util.concurrent.CompletableFuture<String> output;

    private Pending(Process process, Path answers) {
      this.process = process;
      this.answers = answers;
      this.output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          return e.toString();
        }
      });
    }

    /** Waits for NumPy and reads its answers, by case id. */
    Map<Integer, Answer> answers() throws IOException, InterruptedException {
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("numpy_eval.py failed:\n" + output.join());
      }
      return read(answers);
    }
  }

  /** Writes the cases and starts numpy_eval.py on them. */
  static Pending start(String python, List<Case> cases, Path dir) throws IOException {
    Path script = dir.resolve("numpy_eval.py");
    try (InputStream in = NumpyOracle.class.getResourceAsStream("numpy_eval.py")) {
      Files.write(script, in.readAllBytes());
    }
    Path src = dir.resolve("cases.jsonl");
    Path dst = dir.resolve("answers.tsv");
    StringBuilder s = new StringBuilder();
    for (Case c : cases) {
      s.append(json(c)).append('\n');
    }
    Files.writeString(src, s);
    Process p = new ProcessBuilder(python, script.toString(), src.toString(), dst.toString())
        .redirectErrorStream(true).start();
    return new Pending(p, dst);
  }

  private static Map<Integer, Answer> read(Path dst) throws IOException {
    Map<Integer, Answer> answers = new HashMap<>();
    for (String line : Files.readAllLines(dst)) {
      String[] f = line.split("\t", -1);
      Map<Integer, String> diffs = byNode(f[5]);
      int[] shape = f[3].isEmpty() ? new int[0]
          : java.util.Arrays.stream(f[3].split(",")).mapToInt(Integer::parseInt).toArray();
      String[] values = f[4].isEmpty() ? new String[0] : f[4].split(" ");
      answers.put(Integer.parseInt(f[0]), new Answer(f[1], f[2], shape, values, diffs,
          f[6].equals("1"), byNode(f[7])));
    }
    return answers;
  }

  /** {@code "k:text;k:text"} as a map from node index to text. */
  private static Map<Integer, String> byNode(String field) {
    Map<Integer, String> m = new HashMap<>();
    for (String d : field.isEmpty() ? new String[0] : field.split(";")) {
      int colon = d.indexOf(':');
      m.put(Integer.parseInt(d.substring(0, colon)), d.substring(colon + 1));
    }
    return m;
  }

  private static String json(Case c) {
    StringBuilder s = new StringBuilder("{\"id\": ").append(c.id).append(", \"inputs\": [");
    for (int i = 0; i < c.leaves.size(); i++) {
      Case.Leaf l = c.leaves.get(i);
      NDArray v = l.value();
      s.append(i > 0 ? ", " : "").append("{\"name\": \"").append(l.name())
          .append("\", \"dtype\": \"").append(v.dtype().numpyName()).append("\", \"shape\": [")
          .append(Case.join(v.shape())).append("], \"values\": [");
      List<String> vals = new ArrayList<>();
      if (v.dtype().isFloat()) {
        for (double d : v.toDoubleArray()) {
          vals.add('"' + Literals.exchange(d) + '"');
        }
      } else {
        for (long d : v.toLongArray()) {
          vals.add("\"" + d + "\"");
        }
      }
      s.append(String.join(", ", vals)).append("]}");
    }
    s.append("], \"nodes\": [");
    for (int k = 0; k < c.nodes.size(); k++) {
      Case.Node n = c.nodes.get(k);
      s.append(k > 0 ? ", " : "").append("{\"expr\": ").append(quote(n.numpy()))
          .append(", \"dtype\": ").append(n.ours() == null ? "null"
              : "\"" + n.ours().numpyName() + "\"").append(", \"cast\": [");
      for (int i = 0; i < n.cast().size(); i++) {
        s.append(i > 0 ? ", " : "").append('"').append(n.cast().get(i)).append('"');
      }
      s.append("], \"rules\": [");
      List<String> rules = IntendedDifferences.valueRules(n);
      for (int i = 0; i < rules.size(); i++) {
        s.append(i > 0 ? ", " : "").append('"').append(rules.get(i)).append('"');
      }
      s.append("]}");
    }
    return s.append("]}").toString();
  }

  private static String quote(String x) {
    return '"' + x.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
