/**
 * Lowering of a {@link org.theano4j.compile.FunctionGraph} to a {@link
 * org.theano4j.cuda.lower.Program}: kernels in the IR of {@code org.theano4j.cuda.ir} plus,
 * for each node, the host-side logic that computes output shapes, chooses the grid and binds
 * the kernel parameters on any {@link org.theano4j.cuda.lower.Device}.
 *
 * <p>Internal: used by the CUDA backend only.
 */
@LibraryPackage
package org.theano4j.cuda.lower;

import org.theano4j.graph.LibraryPackage;
