package org.theano4j.tensor;

/**
 * {@link IndexRuleTest} on the CUDA lowering, run by the kernel-IR interpreter (or the
 * device, see {@link CudaOpTableTest#BACKEND}): the generated kernels apply the same index
 * rule ({@code Gen.indexRule}) and report the same errors through their error records.
 */
class CudaIndexRuleTest extends IndexRuleTest {
  @Override
  protected String backend() {
    return CudaOpTableTest.BACKEND;
  }
}
