/**
 * Compiling a request into something to run: validation and graph construction
 * ({@link org.theano4j.compile.GraphBuilder}, {@link org.theano4j.compile.FunctionGraph}), argument
 * conversion, and the backend interface. Public API: {@link org.theano4j.compile.Mode},
 * {@link org.theano4j.compile.CompileOptions}, {@link org.theano4j.compile.ProfileStats},
 * {@link org.theano4j.compile.UnusedInputPolicy}, {@link org.theano4j.compile.OpFromGraph} and
 * the service-provider interface
 * {@link org.theano4j.compile.Backend}; the rest is internal.
 */
@LibraryPackage
package org.theano4j.compile;

import org.theano4j.graph.LibraryPackage;
