/**
 * The kernel IR: backend-neutral data describing GPU kernels (parameters, index arithmetic over
 * the grid/block/thread coordinates, loads and stores with strides, the scalar programs of
 * elementwise ops, block reductions in shared memory with barriers, loops).
 *
 * <p>The IR is rendered to CUDA C by {@code org.theano4j.cuda.render} and executed on the JVM,
 * with the same grid/block/thread decomposition, by {@code org.theano4j.cuda.interp}.
 *
 * <p>Internal: used by the CUDA backend only.
 */
@LibraryPackage
package org.theano4j.cuda.ir;

import org.theano4j.graph.LibraryPackage;
