package org.theano4j.tutorial.mnist;

import java.util.List;
import java.util.Map;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.autodiff.Grad;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.DType;
import org.theano4j.tensor.T;
import org.theano4j.tutorial.mnist.data.MnistData;
import org.theano4j.tutorial.mnist.data.MnistSplit;

/**
 * The model and the three compiled functions of the tutorial ({@code train_model},
 * {@code validate_model}, {@code test_model}), with the data sets resident in shared
 * variables and minibatches selected through {@code givens}.
 */
public final class TutorialFunctions implements EarlyStopping.Model {
  public final SharedVariable trainX;
  public final SharedVariable trainY;
  public final SharedVariable validX;
  public final SharedVariable validY;
  public final SharedVariable testX;
  public final SharedVariable testY;
  public final LogisticRegression classifier;
  public final Variable cost;
  public final Function trainModel;
  public final Function validateModel;
  public final Function testModel;

  /**
   * Loads {@code data} into shared variables (labels as int32) and compiles the functions.
   *
   * @param backend {@code "jvm"} or {@code "cuda"}
   */
  public TutorialFunctions(MnistData data, int batchSize, double learningRate, String backend) {
    trainX = Theano.shared(data.train().images(), "train_set_x");
    trainY = Theano.shared(data.train().labels().astype(DType.INT32), "train_set_y");
    validX = Theano.shared(data.valid().images(), "valid_set_x");
    validY = Theano.shared(data.valid().labels().astype(DType.INT32), "valid_set_y");
    testX = Theano.shared(data.test().images(), "test_set_x");
    testY = Theano.shared(data.test().labels().astype(DType.INT32), "test_set_y");

    Variable index = T.lscalar("index");
    Variable x = T.matrix("x");
    Variable y = T.ivector("y");
    classifier = new LogisticRegression(x, MnistSplit.PIXELS, MnistSplit.CLASSES);
    cost = classifier.negativeLogLikelihood(y);

    Variable lo = index.mul(batchSize);
    Variable hi = index.add(1).mul(batchSize);
    testModel = Theano.function(List.of(index), List.of(classifier.errors(y)))
        .givens(Map.of(x, testX.slice(lo, hi), y, testY.slice(lo, hi)))
        .backend(backend).build();
    validateModel = Theano.function(List.of(index), List.of(classifier.errors(y)))
        .givens(Map.of(x, validX.slice(lo, hi), y, validY.slice(lo, hi)))
        .backend(backend).build();

    Variable gW = Grad.grad(cost, classifier.W);
    Variable gb = Grad.grad(cost, classifier.b);
    Map<SharedVariable, Variable> updates = Map.of(
        classifier.W, classifier.W.sub(gW.mul(learningRate)),
        classifier.b, classifier.b.sub(gb.mul(learningRate)));
    trainModel = Theano.function(List.of(index), List.of(cost))
        .updates(updates)
        .givens(Map.of(x, trainX.slice(lo, hi), y, trainY.slice(lo, hi)))
        .backend(backend).build();
  }

  @Override
  public double train(int index) {
    return trainModel.call(index).get(0).getDouble();
  }

  @Override
  public double validate(int index) {
    return validateModel.call(index).get(0).getDouble();
  }

  @Override
  public double test(int index) {
    return testModel.call(index).get(0).getDouble();
  }
}
