package org.theano4j.datasets;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The download progress line, rewritten in place with a carriage return:
 * {@code downloading train-images-idx3-ubyte.gz  45%  11.9 MB / 26.4 MB}. Quiet when standard
 * error is not a terminal (pipes, log files, tests), so that logs hold no control characters.
 */
public final class Progress {
  private static final long MIN_INTERVAL_NANOS = 100_000_000L;

  private final PrintStream out;
  private String name;
  private long total;
  private long lastPrint;
  private int lastPercent;

  private Progress(PrintStream out) {
    this.out = out;
  }

  /** Progress on {@code System.err} when the JVM has a console (a terminal), else quiet. */
  public static Progress onTerminal() {
    return System.console() != null ? new Progress(System.err) : quiet();
  }

  /** Progress written to {@code out}, terminal or not. */
  public static Progress to(PrintStream out) {
    return new Progress(out);
  }

  /** No progress output. */
  public static Progress quiet() {
    return new Progress(null);
  }

  void start(String fileName, long totalBytes) {
    this.name = fileName;
    this.total = totalBytes;
    this.lastPrint = 0;
    this.lastPercent = -1;
    update(0);
  }

  void update(long bytes) {
    if (out == null) {
      return;
    }
    int percent = total > 0 ? (int) Math.min(100, bytes * 100 / total) : 0;
    long now = System.nanoTime();
    if (percent == lastPercent || now - lastPrint < MIN_INTERVAL_NANOS && bytes != total) {
      return;
    }
    lastPercent = percent;
    lastPrint = now;
    out.print(String.format(Locale.ROOT, "\rdownloading %s %3d%%  %s / %s", name, percent,
        size(bytes, total), size(total, total)));
    out.flush();
  }

  /** {@code bytes} in the unit that suits {@code total}: kB below 1 MB, else MB. */
  private static String size(long bytes, long total) {
    return total < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
        : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  void end() {
    if (out != null) {
      out.println();
      out.flush();
    }
  }
}
