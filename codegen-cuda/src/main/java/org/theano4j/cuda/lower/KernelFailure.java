package org.theano4j.cuda.lower;

import org.theano4j.cuda.ir.Kernel;

/**
 * A run-time check of a kernel failed (a label or index out of range): the JVM backend's
 * message, and the kernel, so the runner can name the node and the user's line. A device may
 * report it after later kernels were queued (a GPU reads its error record once per call).
 */
public final class KernelFailure extends IllegalArgumentException {
  private final transient Kernel kernel;

  public KernelFailure(Kernel kernel, String message) {
    super(message);
    this.kernel = kernel;
  }

  public Kernel kernel() {
    return kernel;
  }
}
