package org.theano4j.tutorial.mnist;

import java.io.PrintStream;
import java.util.Arrays;
import org.theano4j.Theano;
import org.theano4j.graph.SharedVariable;
import org.theano4j.ndarray.DType;
import org.theano4j.tutorial.mnist.data.MnistData;

/**
 * The three splits of a data set resident in shared variables, as the tutorials'
 * {@code shared_dataset}: images in floatX {@code [n, 784]}, labels as int32 (so no cast node
 * is needed in the graph).
 */
public record SharedDataset(SharedVariable trainX, SharedVariable trainY,
    SharedVariable validX, SharedVariable validY, SharedVariable testX, SharedVariable testY) {

  /** Loads the three splits of {@code data} into shared variables named as the tutorials do. */
  public static SharedDataset of(MnistData data) {
    return new SharedDataset(
        Theano.shared(data.train().images(), "train_set_x"),
        Theano.shared(data.train().labels().astype(DType.INT32), "train_set_y"),
        Theano.shared(data.valid().images(), "valid_set_x"),
        Theano.shared(data.valid().labels().astype(DType.INT32), "valid_set_y"),
        Theano.shared(data.test().images(), "test_set_x"),
        Theano.shared(data.test().labels().astype(DType.INT32), "test_set_y"));
  }

  /** Prints the shapes, {@code train_set_x [5000, 784], train_set_y [5000] int32}, ... */
  public void printShapes(PrintStream log) {
    log.println("train_set_x " + shape(trainX) + ", train_set_y " + shape(trainY) + " "
        + trainY.dtype());
    log.println("valid_set_x " + shape(validX) + ", valid_set_y " + shape(validY));
    log.println("test_set_x  " + shape(testX) + ", test_set_y  " + shape(testY));
  }

  private static String shape(SharedVariable v) {
    return Arrays.toString(v.getValue(true).shape());
  }
}
