/**
 * The JVM backend (device {@code jvm}): {@code Interpreter} runs a compiled graph node by node
 * with one kernel per op (OpenBLAS for matrix products), fused elementwise loops, and buffers
 * from the ndarray storage pool. Internal: reached through
 * {@link org.theano4j.compile.Backend}, except {@link org.theano4j.jvm.JvmKernel}, public as
 * the kernel of a user-defined op ({@link org.theano4j.Theano#registerJvmKernel}).
 */
@LibraryPackage
package org.theano4j.jvm;

import org.theano4j.graph.LibraryPackage;
