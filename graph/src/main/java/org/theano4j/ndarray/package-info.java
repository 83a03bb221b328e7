/**
 * Numeric arrays: {@link org.theano4j.ndarray.NDArray} (an n-dimensional strided view of
 * {@link org.theano4j.ndarray.Storage}), {@link org.theano4j.ndarray.DType} and the pool that
 * recycles buffers between calls. Public API.
 */
@LibraryPackage
package org.theano4j.ndarray;

import org.theano4j.graph.LibraryPackage;
