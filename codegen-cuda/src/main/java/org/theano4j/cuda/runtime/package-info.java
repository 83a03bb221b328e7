/**
 * The CUDA runtime on the JavaCPP presets, driver API ({@code cu*}), NVRTC and cuBLAS only
 * (the 13.1 JNI library references cudart functions that CUDA 13.0 lacks):
 * {@link org.theano4j.cuda.runtime.CudaRuntime} (loading, or the sentence saying why not),
 * {@code CudaDevice} (memory, launches, streams, graph replay) and the kernel cache. Internal,
 * except {@link org.theano4j.cuda.runtime.CudaInfo} and
 * {@link org.theano4j.cuda.runtime.CudaStats}, which report on the backend. What ran on a GPU
 * is in {@code docs/cuda.md}.
 */
@LibraryPackage
package org.theano4j.cuda.runtime;

import org.theano4j.graph.LibraryPackage;
