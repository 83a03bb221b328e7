package org.theano4j.tutorial.mnist.data;

import java.util.Objects;

/**
 * An MNIST-like data set split three ways, as the tutorial's {@code mnist.pkl.gz}: training,
 * validation and test examples.
 *
 * @param name a short description of where the data came from, for logs
 * @param train the training split
 * @param valid the validation split (model selection / early stopping)
 * @param test the test split
 */
public record MnistData(String name, MnistSplit train, MnistSplit valid, MnistSplit test) {
  /** Checks that no part is null. */
  public MnistData {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(valid, "valid");
    Objects.requireNonNull(test, "test");
  }

  @Override
  public String toString() {
    return name + " (train " + train.size() + ", valid " + valid.size() + ", test "
        + test.size() + ")";
  }
}
