/** CUDA C source from the kernel IR: one {@code extern "C" __global__} function per kernel. */
package org.theano4j.cuda.render;
