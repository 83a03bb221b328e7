/**
 * Human-readable views of graphs: {@link org.theano4j.printing.Printing#debugPrint} (an
 * indented tree in the style of Theano's {@code debugprint}) and
 * {@link org.theano4j.printing.Printing#toDot} (Graphviz DOT text). Public API.
 */
@LibraryPackage
package org.theano4j.printing;

import org.theano4j.graph.LibraryPackage;
