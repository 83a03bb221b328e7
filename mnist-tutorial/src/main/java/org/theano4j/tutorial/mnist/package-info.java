/**
 * Theano's MNIST tutorials: logistic regression ({@code logistic_sgd.py}: the command line
 * {@link org.theano4j.tutorial.mnist.LogisticSgd}, the model, training with early stopping,
 * and prediction with a saved model), the multilayer perceptron ({@code mlp.py}:
 * {@link org.theano4j.tutorial.mnist.Mlp}), the denoising autoencoder ({@code dA.py}:
 * {@link org.theano4j.tutorial.mnist.DenoisingAutoencoder}) and an LSTM written with scan
 * ({@link org.theano4j.tutorial.mnist.SequentialMnist}). An application, not a library API.
 */
package org.theano4j.tutorial.mnist;
