package org.theano4j.tutorial.mnist;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.theano4j.Function;
import org.theano4j.Theano;
import org.theano4j.autodiff.Grad;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.tensor.T;
import org.theano4j.tutorial.mnist.data.MnistData;
import org.theano4j.tutorial.mnist.data.MnistSplit;

/**
 * The model and the three compiled functions of a classification tutorial
 * ({@code train_model}, {@code validate_model}, {@code test_model}), with the data sets
 * resident in shared variables and minibatches selected through {@code givens}; the training
 * step applies the network's {@link Network#updates} (plain SGD unless the network says
 * otherwise).
 */
public final class TutorialFunctions implements EarlyStopping.Model {
  /** A classifier of the minibatch {@code x} (rows of 784 pixels) with labels {@code y}. */
  public interface Network {
    /** The logistic-regression layer that gives the class probabilities and the errors. */
    LogisticRegression output();

    /** The training cost of labels {@code y}. */
    Variable cost(Variable y);

    /** Every parameter trained, in the order of the tutorial's {@code params}. */
    List<SharedVariable> params();

    /**
     * The training step's updates of {@code cost}: by default plain SGD on every parameter,
     * {@code param - learning_rate * T.grad(cost, param)}, as the tutorials.
     */
    default Map<SharedVariable, Variable> updates(Variable cost, double learningRate) {
      Map<SharedVariable, Variable> updates = new LinkedHashMap<>();
      for (SharedVariable param : params()) {
        updates.put(param, param.sub(Grad.grad(cost, param).mul(learningRate)));
      }
      return updates;
    }
  }

  /** Builds a network over the symbolic minibatch {@code x}. */
  public interface Builder {
    Network build(Variable x);
  }

  public final SharedDataset data;
  /** The network the builder made. */
  public final Network network;
  /** The output layer (for logistic regression, the whole model). */
  public final LogisticRegression classifier;
  /** The parameters trained, as the network lists them. */
  public final List<SharedVariable> params;
  public final Variable cost;
  /** The symbolic minibatch and its labels that {@code cost} reads (given by slices). */
  public final Variable x;
  public final Variable y;
  /** The minibatch size and SGD step the training function was compiled with. */
  public final int batchSize;
  public final double learningRate;
  public final Function trainModel;
  public final Function validateModel;
  public final Function testModel;

  /**
   * {@code logistic_sgd.py}: a {@link LogisticRegression} of 784 pixels into 10 classes, cost
   * its negative log-likelihood.
   *
   * @param backend {@code "jvm"} or {@code "cuda"}
   */
  public TutorialFunctions(MnistData data, int batchSize, double learningRate, String backend) {
    this(SharedDataset.of(data), batchSize, learningRate, backend, x -> {
      LogisticRegression lr = new LogisticRegression(x, MnistSplit.PIXELS, MnistSplit.CLASSES);
      return new Network() {
        @Override
        public LogisticRegression output() {
          return lr;
        }

        @Override
        public Variable cost(Variable y) {
          return lr.negativeLogLikelihood(y);
        }

        @Override
        public List<SharedVariable> params() {
          return lr.params;
        }
      };
    });
  }

  /**
   * Compiles the three functions of the network that {@code builder} makes.
   *
   * @param backend {@code "jvm"} or {@code "cuda"}
   */
  public TutorialFunctions(SharedDataset data, int batchSize, double learningRate,
      String backend, Builder builder) {
    this.data = data;
    this.batchSize = batchSize;
    this.learningRate = learningRate;
    Variable index = T.lscalar("index");
    x = T.matrix("x");
    y = T.ivector("y");
    network = builder.build(x);
    classifier = network.output();
    params = network.params();
    cost = network.cost(y);

    Variable lo = index.mul(batchSize);
    Variable hi = index.add(1).mul(batchSize);
    testModel = Theano.function(List.of(index), List.of(classifier.errors(y)))
        .givens(Map.of(x, data.testX().slice(lo, hi), y, data.testY().slice(lo, hi)))
        .backend(backend).build();
    validateModel = Theano.function(List.of(index), List.of(classifier.errors(y)))
        .givens(Map.of(x, data.validX().slice(lo, hi), y, data.validY().slice(lo, hi)))
        .backend(backend).build();

    trainModel = Theano.function(List.of(index), List.of(cost))
        .updates(network.updates(cost, learningRate))
        .givens(Map.of(x, data.trainX().slice(lo, hi), y, data.trainY().slice(lo, hi)))
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
