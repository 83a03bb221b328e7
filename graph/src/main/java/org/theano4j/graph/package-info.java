/**
 * The symbolic graph: {@link org.theano4j.graph.Variable}s (with {@link
 * org.theano4j.graph.SharedVariable} and {@link org.theano4j.graph.Constant}), the
 * {@link org.theano4j.graph.Apply} nodes that connect them, the {@link org.theano4j.graph.Op}
 * interface, static types ({@link org.theano4j.graph.TensorType}) and the source site each node
 * records. Public API, except {@link org.theano4j.graph.LibraryPackage} (internal).
 */
@LibraryPackage
package org.theano4j.graph;
