/**
 * The MNIST logistic-regression tutorial (Theano's {@code logistic_sgd.py}): the command line
 * ({@link org.theano4j.tutorial.mnist.LogisticSgd}), the model, training with early stopping,
 * and prediction with a saved model. An application, not a library API.
 */
package org.theano4j.tutorial.mnist;
