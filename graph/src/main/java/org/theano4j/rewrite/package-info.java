/**
 * The graph optimiser: a rewrite engine ({@link org.theano4j.rewrite.Rewriter}) running named
 * {@link org.theano4j.rewrite.Rule}s grouped into ordered {@link org.theano4j.rewrite.Phase}s,
 * the rules themselves (merge, constant folding, canonicalise, stabilise, specialise, fusion),
 * and the in-place planner. {@link org.theano4j.rewrite.Optimizer} picks the phases for a
 * compile mode. Graphs are immutable: a rewrite builds new nodes. Internal ({@code Rule} and
 * {@code Rewriter} are public for the CUDA module and for adding ops, but not yet stable).
 */
@LibraryPackage
package org.theano4j.rewrite;

import org.theano4j.graph.LibraryPackage;
