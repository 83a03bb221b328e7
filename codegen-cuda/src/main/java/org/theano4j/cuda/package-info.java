/**
 * The CUDA backends' public entry point for user-defined ops:
 * {@link org.theano4j.cuda.CudaElementwise} registers the CUDA C expression (and its Java
 * lane) of an elementwise op defined outside the library. The backends themselves are used
 * through the device names {@code cuda} and {@code cuda-interp}; the subpackages are internal.
 */
@LibraryPackage
package org.theano4j.cuda;

import org.theano4j.graph.LibraryPackage;
