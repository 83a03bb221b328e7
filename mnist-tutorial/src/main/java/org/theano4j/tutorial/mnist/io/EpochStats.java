package org.theano4j.tutorial.mnist.io;

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
 * @param sinceProcessStartSeconds seconds since the JVM's process started (the operating
 *     system's start time of the process, so JVM start-up, data loading and compilation are
 *     included; its clock has the resolution of the system's process accounting, 10 ms on
 *     Linux), or {@code NaN} where the system does not report it
 */
public record EpochStats(int epoch, long iteration, double validErrorPct, double testErrorPct,
    double elapsedSeconds, double sinceProcessStartSeconds) {
  /** A line without the time since the process started. */
  public EpochStats(int epoch, long iteration, double validErrorPct, double testErrorPct,
      double elapsedSeconds) {
    this(epoch, iteration, validErrorPct, testErrorPct, elapsedSeconds, Double.NaN);
  }

  /**
   * The line for a validation measured now, timed from {@code trainStartNanos} (a
   * {@link System#nanoTime()} reading) and from the process's start.
   */
  public static EpochStats now(int epoch, long iteration, double validErrorPct,
      double testErrorPct, long trainStartNanos) {
    double elapsed = (System.nanoTime() - trainStartNanos) / 1e9;
    double sinceStart = ProcessHandle.current().info().startInstant()
        .map(t -> java.time.Duration.between(t, java.time.Instant.now()).toNanos() / 1e9)
        .orElse(Double.NaN);
    return new EpochStats(epoch, iteration, validErrorPct, testErrorPct, elapsed, sinceStart);
  }

  /** Whether the test error was measured at this point. */
  public boolean hasTestError() {
    return !Double.isNaN(testErrorPct);
  }
}
