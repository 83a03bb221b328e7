/**
 * The kernel-IR interpreter: executes kernels on the JVM with the GPU's grid/block/thread
 * decomposition (each block's threads run in phases split at barriers), over NDArray storage.
 * It is the reference for what a generated kernel does when no GPU is at hand.
 *
 * <p>Internal: used by the CUDA backend only.
 */
@LibraryPackage
package org.theano4j.cuda.interp;

import org.theano4j.graph.LibraryPackage;
