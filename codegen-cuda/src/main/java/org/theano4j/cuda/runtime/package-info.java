/**
 * The CUDA runtime on the JavaCPP presets, driver API ({@code cu*}), NVRTC and cuBLAS only
 * (the 13.1 JNI library references cudart functions that CUDA 13.0 lacks).
 *
 * <p><b>Status:</b> only the "no device" path ({@link org.theano4j.cuda.runtime.CudaRuntime})
 * and the kernel cache's keying have run; the code that talks to a GPU ({@link
 * org.theano4j.cuda.runtime.CudaDevice}) has never run on one and is marked so.
 */
package org.theano4j.cuda.runtime;
