/**
 * CUDA C source from the kernel IR: one {@code extern "C" __global__} function per kernel.
 * Internal.
 */
@LibraryPackage
package org.theano4j.cuda.render;

import org.theano4j.graph.LibraryPackage;
