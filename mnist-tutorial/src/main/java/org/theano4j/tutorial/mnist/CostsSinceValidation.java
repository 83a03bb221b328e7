package org.theano4j.tutorial.mnist;

/**
 * A classification tutorial's model, also keeping the costs of the minibatches trained since
 * the last validation (one epoch where validation is once an epoch, as on every data set with
 * patience 10000), for the printed mean training cost.
 */
final class CostsSinceValidation implements EarlyStopping.Model {
  private final EarlyStopping.Model model;
  private double[] costs = new double[64];
  private int n;

  CostsSinceValidation(EarlyStopping.Model model) {
    this.model = model;
  }

  @Override
  public double train(int index) {
    double c = model.train(index);
    if (n == costs.length) {
      costs = java.util.Arrays.copyOf(costs, 2 * n);
    }
    costs[n++] = c;
    return c;
  }

  @Override
  public double validate(int index) {
    return model.validate(index);
  }

  @Override
  public double test(int index) {
    return model.test(index);
  }

  /** {@code numpy.mean} of the costs since the last call; forgets them. */
  double meanAndReset() {
    double m = NumpyMean.mean(java.util.Arrays.copyOf(costs, n));
    n = 0;
    return m;
  }
}
