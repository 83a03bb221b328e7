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
 */
public record EpochStats(int epoch, long iteration, double validErrorPct, double testErrorPct,
    double elapsedSeconds) {
  /** Whether the test error was measured at this point. */
  public boolean hasTestError() {
    return !Double.isNaN(testErrorPct);
  }
}
