/**
 * Random numbers inside graphs: {@link org.theano4j.random.RandomStreams}, Theano's
 * {@code RandomStreams} on a counter-based generator (Philox4x32-10) that gives the same numbers
 * on every backend. See docs/random.md. Public API.
 */
@LibraryPackage
package org.theano4j.random;

import org.theano4j.graph.LibraryPackage;
