/**
 * The tutorial's outputs: the training log (CSV) and PNG pictures (learning curve, weights,
 * digit and prediction grids). Part of the tutorial application, not a library API.
 */
package org.theano4j.tutorial.mnist.io;
