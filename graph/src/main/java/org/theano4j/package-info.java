/**
 * The entry points of Theano4J: {@link org.theano4j.Theano} (symbolic inputs, shared
 * variables, and building compiled functions), {@link org.theano4j.Function} (a compiled
 * function to call) and {@link org.theano4j.TheanoException} (the errors reported to users).
 * Public API.
 */
@LibraryPackage
package org.theano4j;

import org.theano4j.graph.LibraryPackage;
