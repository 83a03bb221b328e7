package org.theano4j.tutorial.mnist;

import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/**
 * The early-stopping loop of Theano's {@code sgd_optimization_mnist}, step for step: train on
 * consecutive minibatches, validate every {@code validationFrequency} minibatches, extend the
 * patience on a significant improvement, stop when the patience runs out.
 */
public final class EarlyStopping {
  /** Settings of the loop; the tutorial's defaults are 2 and 0.995. */
  public record Config(int nTrainBatches, int nValidBatches, int nTestBatches, int patience,
      int nEpochs, int patienceIncrease, double improvementThreshold) {
    public Config(int nTrainBatches, int nValidBatches, int nTestBatches, int patience,
        int nEpochs) {
      this(nTrainBatches, nValidBatches, nTestBatches, patience, nEpochs, 2, 0.995);
    }

    /** {@code min(n_train_batches, patience // 2)}. */
    public int validationFrequency() {
      return Math.min(nTrainBatches, patience / 2);
    }
  }

  /** What the loop calls: a training step and the error of one minibatch of a split. */
  public interface Model {
    /** Trains on minibatch {@code index}; returns its cost. */
    double train(int index);

    /** Zero-one loss of validation minibatch {@code index}. */
    double validate(int index);

    /** Zero-one loss of test minibatch {@code index}. */
    double test(int index);
  }

  /** Told about every validation, and about every new best model. */
  public interface Listener {
    void validated(int epoch, int minibatch, long iteration, double validError,
        double testError, boolean improved);
  }

  /** The outcome, with the tutorial's numbers. */
  public record Result(int epochs, long iterations, long bestIteration, double bestValidError,
      double testError, boolean stoppedByPatience, double seconds) {
    public double epochsPerSecond() {
      return epochs / seconds;
    }
  }

  private EarlyStopping() {}

  /** Runs the loop, printing the tutorial's lines to {@code out} (may be null). */
  public static Result run(Config c, Model model, Listener listener, java.io.PrintStream out) {
    int validationFrequency = c.validationFrequency();
    long patience = c.patience();
    double bestValidationLoss = Double.POSITIVE_INFINITY;
    long bestIter = -1;
    double testScore = 0;
    long start = System.nanoTime();
    boolean doneLooping = false;
    int epoch = 0;
    long iter = 0;
    while (epoch < c.nEpochs() && !doneLooping) {
      epoch++;
      for (int minibatch = 0; minibatch < c.nTrainBatches(); minibatch++) {
        model.train(minibatch);
        iter = (long) (epoch - 1) * c.nTrainBatches() + minibatch;
        if ((iter + 1) % validationFrequency == 0) {
          double thisValidationLoss = mean(c.nValidBatches(), model::validate);
          print(out, "epoch %d, minibatch %d/%d, validation error %f %%", epoch, minibatch + 1,
              c.nTrainBatches(), thisValidationLoss * 100);
          boolean improved = thisValidationLoss < bestValidationLoss;
          double test = Double.NaN;
          if (improved) {
            if (thisValidationLoss < bestValidationLoss * c.improvementThreshold()) {
              patience = Math.max(patience, iter * c.patienceIncrease());
            }
            bestValidationLoss = thisValidationLoss;
            bestIter = iter;
            testScore = mean(c.nTestBatches(), model::test);
            test = testScore;
            print(out, "     epoch %d, minibatch %d/%d, test error of best model %f %%", epoch,
                minibatch + 1, c.nTrainBatches(), testScore * 100);
          }
          if (listener != null) {
            listener.validated(epoch, minibatch + 1, iter, thisValidationLoss, test, improved);
          }
        }
        if (patience <= iter) {
          doneLooping = true;
          break;
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    print(out, "Optimization complete with best validation score of %f %%, with test "
        + "performance %f %%", bestValidationLoss * 100, testScore * 100);
    print(out, "The code run for %d epochs, with %f epochs/sec", epoch, epoch / seconds);
    return new Result(epoch, iter + 1, bestIter, bestValidationLoss, testScore, doneLooping,
        seconds);
  }

  /** {@code numpy.mean([f(i) for i in range(n)])}, bit for bit (see {@link NumpyMean}). */
  private static double mean(int n, IntToDoubleFunction f) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = f.applyAsDouble(i);
    }
    return NumpyMean.mean(v);
  }

  private static void print(java.io.PrintStream out, String fmt, Object... args) {
    if (out != null) {
      out.println(String.format(Locale.ROOT, fmt, args));
    }
  }
}
