package org.theano4j;

import org.theano4j.tensor.CudaOpTableTest;

/**
 * {@link SimultaneousUpdatesTest} on the CUDA lowering (the kernel-IR interpreter, or the
 * device, see {@link CudaOpTableTest#BACKEND}): update values are computed from the old values
 * there too, and committed together after the call.
 */
class CudaSimultaneousUpdatesTest extends SimultaneousUpdatesTest {
  @Override
  protected String backend() {
    return CudaOpTableTest.BACKEND;
  }
}
