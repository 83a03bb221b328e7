package org.theano4j.tutorial.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.theano4j.tutorial.mnist.data.MnistData;
import org.theano4j.tutorial.mnist.data.MnistSplit;

/**
 * A classification tutorial's training run checked epoch by epoch against an independent
 * float64 implementation of it written in the test ({@link MlpTest}, {@link
 * ConvolutionalMlpTest}).
 */
final class FollowsReference {
  /** The float64 implementation: one epoch of SGD, and the zero-one loss of a split. */
  interface Reference {
    /** Trains one epoch; returns the mean of the minibatch costs. */
    double epoch();

    /** The mean over minibatches of the fraction misclassified. */
    double errors(MnistSplit s);
  }

  private FollowsReference() {}

  /**
   * Runs {@code fns} for {@code epochs} with {@link EarlyStopping} (validating once an epoch)
   * and {@code ref} alongside: the same validation and test errors every epoch (every epoch
   * must improve, so that the test error is measured), the mean training costs within
   * {@code costTolerance} (relative). Returns the validation errors per epoch.
   */
  static double[] assertFollows(TutorialFunctions fns, Reference ref, MnistData data,
      int batchSize, int epochs, double costTolerance) {
    CostsSinceValidation model = new CostsSinceValidation(fns);
    List<double[]> ours = new ArrayList<>(); // {valid, test, mean cost} per epoch
    EarlyStopping.run(new EarlyStopping.Config(data.train().size() / batchSize,
        data.valid().size() / batchSize, data.test().size() / batchSize, 10_000, epochs), model,
        (epoch, mb, iter, valid, test, improved) -> ours.add(
            new double[] {valid, test, model.meanAndReset()}), null);
    assertThat(ours).hasSize(epochs);
    double[] valid = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      double cost = ref.epoch();
      double[] o = ours.get(e);
      // the same misclassified digits (the means may differ in the last bit: float32 means)
      assertThat(o[0]).as("validation error, epoch %d", e + 1)
          .isCloseTo(ref.errors(data.valid()), within(1e-12));
      assertThat(o[1]).as("test error, epoch %d", e + 1)
          .isCloseTo(ref.errors(data.test()), within(1e-12));
      assertThat(o[2]).as("mean training cost, epoch %d", e + 1)
          .isCloseTo(cost, within(costTolerance * cost));
      valid[e] = o[0];
    }
    return valid;
  }
}
