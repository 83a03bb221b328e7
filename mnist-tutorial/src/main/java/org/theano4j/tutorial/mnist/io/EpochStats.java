package org.theano4j.tutorial.mnist.io;

import java.lang.management.ManagementFactory;

/**
 * One line of the training log: where training stood when the validation error was measured.
 *
 * @param epoch the epoch, from 1
 * @param iteration the number of minibatches trained on so far, over all epochs (the
 *     reference scripts' {@code iter + 1}; the log line's "minibatch i/n" is the index within
 *     the epoch)
 * @param validErrorPct the validation error in percent
 * @param testErrorPct the test error in percent, or {@code NaN} when not evaluated
 * @param elapsedSeconds seconds since training started
 * @param sinceJvmStartSeconds seconds since the JVM started (its uptime, in milliseconds,
 *     from {@link java.lang.management.RuntimeMXBean#getUptime()}: JVM start-up, data loading
 *     and compilation are included), or {@code NaN} where not measured
 */
public record EpochStats(int epoch, long iteration, double validErrorPct, double testErrorPct,
    double elapsedSeconds, double sinceJvmStartSeconds) {
  /** A line without the time since the JVM started. */
  public EpochStats(int epoch, long iteration, double validErrorPct, double testErrorPct,
      double elapsedSeconds) {
    this(epoch, iteration, validErrorPct, testErrorPct, elapsedSeconds, Double.NaN);
  }

  /**
   * The line for a validation measured now, timed from {@code trainStartNanos} (a
   * {@link System#nanoTime()} reading) and from the JVM's start.
   */
  public static EpochStats now(int epoch, long iteration, double validErrorPct,
      double testErrorPct, long trainStartNanos) {
    double elapsed = (System.nanoTime() - trainStartNanos) / 1e9;
    double sinceStart = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
    return new EpochStats(epoch, iteration, validErrorPct, testErrorPct, elapsed, sinceStart);
  }

  /** Whether the test error was measured at this point. */
  public boolean hasTestError() {
    return !Double.isNaN(testErrorPct);
  }
}
