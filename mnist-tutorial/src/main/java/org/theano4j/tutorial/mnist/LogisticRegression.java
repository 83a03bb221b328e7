package org.theano4j.tutorial.mnist;

import java.util.List;
import org.theano4j.Theano;
import org.theano4j.TheanoException;
import org.theano4j.graph.SharedVariable;
import org.theano4j.graph.Variable;
import org.theano4j.ndarray.NDArray;
import org.theano4j.tensor.T;

/**
 * Multi-class logistic regression, as the class of the same name in Theano's
 * {@code logistic_sgd.py}: {@code P(Y=i | x) = softmax(x·W + b)_i}, W and b zero-initialised.
 *
 * <pre>{@code
 * Variable x = T.matrix("x");
 * LogisticRegression classifier = new LogisticRegression(x, 28 * 28, 10);
 * Variable cost = classifier.negativeLogLikelihood(y);
 * }</pre>
 */
public final class LogisticRegression {
  /** The symbolic input, one example per row. */
  public final Variable input;
  /** Weights, {@code nIn × nOut}. */
  public final SharedVariable W;
  /** Biases, {@code nOut}. */
  public final SharedVariable b;
  /** Class-membership probabilities, one row per example. */
  public final Variable pYGivenX;
  /** The most probable class of each example. */
  public final Variable yPred;
  /** The parameters of the model: {@code [W, b]}. */
  public final List<SharedVariable> params;

  public LogisticRegression(Variable input, int nIn, int nOut) {
    this(input, Theano.shared(NDArray.zeros(Theano.floatX(), nIn, nOut), "W"),
        Theano.shared(NDArray.zeros(Theano.floatX(), nOut), "b"));
  }

  /**
   * The layer over {@code input} with the given parameters, for instance another layer's (so
   * that a training graph with dropout and the test graph without it share their weights).
   */
  public LogisticRegression(Variable input, SharedVariable W, SharedVariable b) {
    this.input = input;
    this.W = W;
    this.b = b;
    this.pYGivenX = T.softmax(T.dot(input, W).add(b));
    this.yPred = T.argmax(pYGivenX, 1);
    this.params = List.of(W, b);
  }

  /**
   * The mean negative log-likelihood of the correct labels {@code y} under the model:
   * {@code -mean(log(p_y_given_x)[arange(n), y])}.
   */
  public Variable negativeLogLikelihood(Variable y) {
    return T.log(pYGivenX).get(T.arange(y.shape(0)), y).mean().neg();
  }

  /**
   * The fraction of examples in the minibatch that the model gets wrong (the zero-one loss).
   *
   * @throws TheanoException if {@code y} is not a vector like {@link #yPred}, or not of an
   *     integer dtype
   */
  public Variable errors(Variable y) {
    if (y.ndim() != yPred.ndim()) {
      throw new TheanoException("y should have the same shape as yPred: y " + y.describe()
          + " has rank " + y.ndim() + ", yPred has rank " + yPred.ndim());
    }
    if (!y.dtype().isInteger()) {
      throw new TheanoException("errors() needs integer labels, but y " + y.describe()
          + " has dtype " + y.dtype());
    }
    return T.neq(yPred, y).mean();
  }
}
