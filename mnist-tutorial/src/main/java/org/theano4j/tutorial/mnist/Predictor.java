package org.theano4j.tutorial.mnist;

import java.nio.file.Path;
import java.util.List;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.graph.Variable;
import org.theano4j.io.Models;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;
import org.theano4j.tutorial.mnist.data.MnistSplit;

/**
 * A saved model reloaded into a fresh {@link LogisticRegression} and compiled to predict, as
 * {@code predict()} of Theano's {@code logistic_sgd.py}: {@code W} and {@code b} are read by
 * name from the model file ({@link Models#load}), then
 * {@code predict_model = theano.function([classifier.input], classifier.y_pred)}.
 */
final class Predictor {
  /** The predicted class of each image and the model's probability of it. */
  record Predictions(int[] labels, double[] probabilities) {}

  private final Function predictModel;

  private Predictor(Function predictModel) {
    this.predictModel = predictModel;
  }

  /**
   * Loads the model at {@code modelPath} (as the tutorial saves it: {@code W} 784×10 and
   * {@code b} 10, in {@code floatX}) and compiles the prediction for {@code backend}.
   *
   * @throws org.theano4j.io.FileFormatException if the file is not such a model
   */
  static Predictor load(Path modelPath, String backend) {
    Variable x = T.matrix("x");
    LogisticRegression classifier = new LogisticRegression(x, MnistSplit.PIXELS,
        MnistSplit.CLASSES);
    Models.load(modelPath, classifier.params);
    return new Predictor(Theano.function(List.of(classifier.input),
        List.of(classifier.yPred, T.max(classifier.pYGivenX, 1))).backend(backend).build());
  }

  /** Predicts the class of each row of {@code images} (n × 784). */
  Predictions predict(NDArray images) {
    List<NDArray> r = predictModel.call(images);
    return new Predictions(r.get(0).toIntArray(), r.get(1).toDoubleArray());
  }
}
