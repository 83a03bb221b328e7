/**
 * Tensor operations: the {@link org.theano4j.tensor.T} facade that builds graphs, the op
 * records (elementwise, reductions, indexing, linear algebra, softmax and cross-entropy, ...)
 * with their static type and shape inference, and the scalar functions of elementwise ops.
 * Public API.
 */
@LibraryPackage
package org.theano4j.tensor;

import org.theano4j.graph.LibraryPackage;
