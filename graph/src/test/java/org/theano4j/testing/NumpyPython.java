package org.theano4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Python interpreter with NumPy that tests compare against: {@code
 * -Dtheano4j.numpy.python=...} if set, else the first of {@code python3} and {@code
 * /usr/bin/python3} that imports numpy (where pyenv's {@code python3} lacks it, Debian's
 * {@code python3-numpy}, which {@code .ci/run} installs, is seen only by /usr/bin/python3).
 */
public record NumpyPython(String interpreter, String version) {

  /** The interpreters tried, in order. */
  public static List<String> candidates() {
    String asked = System.getProperty("theano4j.numpy.python");
    return asked != null ? List.of(asked) : List.of("python3", "/usr/bin/python3");
  }

  /** The first candidate with NumPy, or null when none imports it. */
  public static NumpyPython find() {
    for (String p : candidates()) {
      String v = version(p);
      if (v != null) {
        return new NumpyPython(p, v);
      }
    }
    return null;
  }

  /** NumPy's major version ("2.4.6" gives 2; unreadable gives 0). */
  public int major() {
    try {
      return Integer.parseInt(version.split("\\.")[0].trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** NumPy's version under {@code python}, or null when it or numpy is missing. */
  public static String version(String python) {
    return run(python, "import numpy; print(numpy.__version__)");
  }

  /** Whether this interpreter imports {@code module} (e.g. {@code scipy.special}). */
  public boolean imports(String module) {
    return run(interpreter, "import " + module) != null;
  }

  /** What {@code python -c code} prints, or null when it cannot run or fails. */
  private static String run(String python, String code) {
    try {
      Process p = new ProcessBuilder(python, "-c", code).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
