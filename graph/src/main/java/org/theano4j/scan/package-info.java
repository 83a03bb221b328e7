/**
 * Loops inside graphs: {@link org.theano4j.scan.Scan}, Theano's {@code scan} (sequences, taps,
 * recurrent outputs, non-sequences, {@code until}, shared-variable and random-state updates made
 * inside the loop), and its op {@link org.theano4j.tensor.ScanOp}. See docs/scan.md. Public API
 * ({@code ScanOp}'s constructor is internal: build scans with {@code Scan}).
 */
@LibraryPackage
package org.theano4j.scan;

import org.theano4j.graph.LibraryPackage;
