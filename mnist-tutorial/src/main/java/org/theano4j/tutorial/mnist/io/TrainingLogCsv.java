package org.theano4j.tutorial.mnist.io;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes {@code training_log.csv}: one line per evaluation, flushed at once so that the log
 * can be followed while training runs.
 *
 * <pre>
 * epoch,iteration,validation_error_pct,test_error_pct,elapsed_s,since_jvm_start_s
 * 1,83,12.3400,12.5000,0.812,1.250
 * 2,166,10.2000,,1.530,1.970
 * </pre>
 * {@code iteration} counts the minibatches trained on since the start, over all epochs (the
 * reference implementations' {@code iter + 1}); the test error is blank when it was not
 * evaluated; {@code elapsed_s} counts from the start of training,
 * {@code since_jvm_start_s} from the JVM's start (its uptime: JVM start-up, data
 * loading and compilation included).
 */
public final class TrainingLogCsv implements Closeable {
  /** The header line. */
  public static final String HEADER =
      "epoch,iteration,validation_error_pct,test_error_pct,elapsed_s,since_jvm_start_s";

  private final BufferedWriter out;
  private final Path path;

  private TrainingLogCsv(Path path, BufferedWriter out) {
    this.path = path;
    this.out = out;
  }

  /** Creates (or replaces) the log at {@code path} and writes the header. */
  public static TrainingLogCsv create(Path path) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      TrainingLogCsv log = new TrainingLogCsv(path,
          Files.newBufferedWriter(path, StandardCharsets.UTF_8));
      log.writeLine(HEADER);
      return log;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + path, e);
    }
  }

  /** The CSV line of {@code s}, without line end. */
  public static String format(EpochStats s) {
    return String.format(Locale.ROOT, "%d,%d,%.4f,%s,%.3f,%s", s.epoch(), s.iteration(),
        s.validErrorPct(), optional("%.4f", s.testErrorPct()), s.elapsedSeconds(),
        optional("%.3f", s.sinceJvmStartSeconds()));
  }

  /** {@code v} formatted, or blank for {@code NaN} (not measured). */
  private static String optional(String format, double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, format, v);
  }

  /** Appends one line and flushes it. */
  public void log(EpochStats s) {
    writeLine(format(s));
  }

  private void writeLine(String line) {
    try {
      out.write(line);
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + path, e);
    }
  }
}
