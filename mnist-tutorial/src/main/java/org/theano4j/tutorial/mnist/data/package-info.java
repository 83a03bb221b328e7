/**
 * The tutorial's data sets: MNIST and Fashion-MNIST in their published formats (IDX files,
 * the pickled {@code mnist.pkl.gz}, archives), read and checked, plus the mini MNIST embedded
 * in the module (used offline). Part of the tutorial application, not a library API.
 */
package org.theano4j.tutorial.mnist.data;
